import type { OmsClient } from '../../oms/index.js';
import type { Customer } from '../../oms/schemas/index.js';
import { isTreasury, tenantOf } from '../ownership.js';
import type { IndexedSeller } from './seller-index.js';

/** What the index keeps of a seller. */
export function indexedSeller(customer: Customer): IndexedSeller {
  return { id: customer.id, createdAt: customer.createdAt, email: customer.email ?? null, externalId: customer.externalId ?? null };
}

/**
 * The one-off backfill's scan: every customer of the OMS account, kept where stamped with the tenant
 * and not its treasury. It reads the whole shared account (pages of 100), which is why it runs once
 * per tenant and index, on the account's own client: no operation's deadline cuts it short.
 */
export async function scanSellers(oms: OmsClient, tenantId: string, signal: AbortSignal): Promise<IndexedSeller[]> {
  const found: IndexedSeller[] = [];
  for await (const customer of oms.customers.listAll({ limit: 100 }, { signal })) {
    if (tenantOf(customer) === tenantId && !isTreasury(customer)) found.push(indexedSeller(customer));
  }
  return found;
}
