import { createHash } from 'node:crypto';
import { OmsError, type OmsClient } from '../../oms/index.js';
import { defaultSleep } from '../../oms/retry.js';
import type { CreateCustomerRequest, Customer } from '../../oms/schemas/index.js';
import { isTreasury, TENANT_METADATA_KEY, tenantOf, TREASURY_METADATA_KEY } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';

/**
 * A tenant's treasury: the platform's own wallets, which belong to no seller. OMS knows only
 * customers, so the treasury is one hidden OMS customer per tenant, stamped with the tenant and
 * marked as the treasury in its metadata (src/tenancy/ownership.ts keeps it out of every seller
 * list and lookup, and away from seller tokens), and found again by a fixed externalId.
 */

/** The externalId the treasury customer of `tenantId` carries; OMS filters customers by it. */
export const treasuryExternalId = (tenantId: string): string => `gateway-treasury-${tenantId}`;

/** The customer OMS is asked to create: the same body for the same tenant, always (it is sent under a fixed Idempotency-Key). */
function treasuryRequest(tenantId: string): CreateCustomerRequest {
  return {
    firstName: 'Treasury',
    lastName: tenantId,
    externalId: treasuryExternalId(tenantId),
    // Wallets need cryptoCustody; basic for anything the treasury may later send.
    endorsements: ['basic', 'cryptoCustody'],
    metadata: { [TENANT_METADATA_KEY]: tenantId, [TREASURY_METADATA_KEY]: true },
  };
}

/** The treasury of `tenantId`, or null before its first wallet. The oldest wins should OMS ever hold two. */
export async function findTreasury(oms: OmsClient, tenantId: string): Promise<Customer | null> {
  const { data } = await oms.customers.list({ externalId: treasuryExternalId(tenantId), limit: 100 });
  return data.filter((customer) => tenantOf(customer) === tenantId && isTreasury(customer)).pop() ?? null;
}

const IN_USE_RETRIES = 6;

/**
 * The treasury of `tenantId`, created on first use. Two first calls at once (two requests, two
 * gateway processes) both find none; they create under one Idempotency-Key derived from the tenant
 * alone, so OMS makes one customer: the later call gets the first one's answer, or 409
 * idempotency_key_in_use while the first is in flight, and then waits and asks again until it is
 * replayed. Once OMS has forgotten the key (after 24 h), the lookup by externalId finds the customer,
 * so no second one is ever made.
 */
export async function ensureTreasury(oms: OmsClient, tenantId: string, signal?: AbortSignal): Promise<Customer> {
  const found = await findTreasury(oms, tenantId);
  if (found) return found;
  const key = `gw_treasury_${createHash('sha256').update(tenantId).digest('hex')}`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await oms.customers.create(treasuryRequest(tenantId), { idempotencyKey: key });
    } catch (error) {
      const inFlight = error instanceof OmsError && error.code === 'idempotency_key_in_use';
      if (!inFlight || attempt >= IN_USE_RETRIES || signal?.aborted) throw error;
      await defaultSleep(25 * 2 ** attempt, signal);
    }
  }
}

/** The caller's treasury, through this operation's loaders; null for a seller token and before the first wallet. */
export async function callerTreasury(ctx: GatewayContext): Promise<Customer | null> {
  if (ctx.caller.role !== 'tenant') return null;
  return ctx.loaders.treasury.load(ctx.caller.tenant.id);
}

/**
 * Where a developer fee goes when the caller names no wallet: the tenant's treasury wallet (the oldest
 * active one holding `prefer`'s asset on its network, else the oldest active one), or undefined when
 * the tenant has no treasury wallet.
 */
export async function defaultFeeWallet(ctx: GatewayContext, prefer?: { asset: string; network: string }): Promise<string | undefined> {
  const treasury = await callerTreasury(ctx);
  if (!treasury) return undefined;
  const wallets = (await ctx.loaders.walletsOf.load(treasury.id))
    .filter((wallet) => wallet.status === 'active')
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return (wallets.find((wallet) => wallet.asset === prefer?.asset && wallet.chain === prefer?.network) ?? wallets[0])?.id;
}
