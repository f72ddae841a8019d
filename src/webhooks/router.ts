import { OmsError, type OmsClient } from '../oms/index.js';
import type { Customer, Transaction } from '../oms/schemas/index.js';
import { createOwnershipCache, type OwnershipCache } from '../tenancy/ownership-cache.js';
import { tenantOf } from '../tenancy/ownership.js';

/**
 * Routes a transaction event to tenants through its customers, with the one ownership rule
 * (tenantOf). A customer's tenant is stamped at creation and never changes, so the stamps are taken
 * from the instance's ownership cache, which every customer read fills (this router's lookups too,
 * through the account's client); concurrent lookups of one customer share a call.
 */

/** Per tenant, that tenant's sellers among the transaction's customers. Empty: no tenant owns any. */
export type Routes = Map<string, string[]>;

export interface TenantRouter {
  route(accountId: string, client: OmsClient, transaction: Transaction): Promise<Routes>;
  /** The same for any event: per tenant, its customers among `customerIds`. */
  routeCustomers(accountId: string, client: OmsClient, customerIds: readonly (string | null | undefined)[]): Promise<Routes>;
}

/** OMS could not say who a customer is right now (5xx, timeout, network): OMS should deliver again later. */
export class CustomerLookupFailed extends Error {
  override readonly name = 'CustomerLookupFailed';
}

export interface TenantRouterOptions {
  /** The tenants configured on each OMS account: a customer stamped with any other tenant is nobody's. */
  tenants: readonly { id: string; omsAccount: string }[];
  /** The instance's customer stamps, shared with GraphQL operations; an own one when not given. */
  ownership?: OwnershipCache;
}

export function createTenantRouter({ tenants, ownership = createOwnershipCache() }: TenantRouterOptions): TenantRouter {
  const tenantsOfAccount = new Map<string, Set<string>>();
  for (const tenant of tenants) {
    const set = tenantsOfAccount.get(tenant.omsAccount) ?? new Set<string>();
    set.add(tenant.id);
    tenantsOfAccount.set(tenant.omsAccount, set);
  }
  const inFlight = new Map<string, Promise<string | null>>();

  async function lookUp(accountId: string, client: OmsClient, customerId: string): Promise<string | null> {
    const customer = await fetchCustomer(client, customerId);
    if (!customer) return null;
    ownership.of(accountId).remember(customer);
    return tenantOf(customer);
  }

  function tenantOfCustomer(accountId: string, client: OmsClient, customerId: string): Promise<string | null> {
    // Customer ids are per OMS account.
    const known = ownership.of(accountId).get(customerId);
    if (known) return Promise.resolve(tenantOf(known));
    const key = `${accountId}\u0000${customerId}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = lookUp(accountId, client, customerId).finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  async function routeCustomers(accountId: string, client: OmsClient, customerIds: readonly (string | null | undefined)[]): Promise<Routes> {
    const customers = [...new Set(customerIds)].filter((id): id is string => typeof id === 'string' && id !== '');
    const owners = await Promise.all(customers.map((id) => tenantOfCustomer(accountId, client, id)));
    const allowed = tenantsOfAccount.get(accountId) ?? new Set<string>();
    const routes: Routes = new Map();
    customers.forEach((customerId, i) => {
      const tenantId = owners[i];
      if (!tenantId || !allowed.has(tenantId)) return;
      routes.set(tenantId, [...(routes.get(tenantId) ?? []), customerId]);
    });
    return routes;
  }

  return {
    routeCustomers,
    route: (accountId, client, transaction) =>
      routeCustomers(accountId, client, [transaction.customerId, transaction.senderCustomerId, transaction.recipientCustomerId]),
  };
}

/** The customer as OMS has it now, or null for one OMS does not know (nobody's); anything else may pass, so CustomerLookupFailed: the event must come again. */
export async function fetchCustomer(client: OmsClient, customerId: string): Promise<Customer | null> {
  try {
    return await client.customers.get(customerId);
  } catch (error) {
    if (error instanceof OmsError && error.status === 404) return null;
    throw new CustomerLookupFailed(`could not look up customer ${customerId}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
