import type { EventKind, LoggedEvent } from '../events/event-log.js';
import type { Caller } from './caller.js';

/**
 * Tenant isolation and what each caller sees. OMS cannot keep tenants apart when they share an
 * account, so every seller the gateway creates carries its tenant's id in the OMS customer's metadata
 * under this key, and every object the gateway reads or pushes is checked, through its customer, with
 * `canSee`. HTTP, graphql-ws and the webhook router all use this one module; so do the rules of what a
 * seller token (an untrusted browser) is shown of what it may see.
 */
export const TENANT_METADATA_KEY = 'gatewayTenantId';

/**
 * Marks a tenant's treasury: the one hidden OMS customer per tenant that holds the platform's own
 * wallets (developer fees), stamped with the tenant like a seller and with `true` under this key. It
 * is no seller: never listed, never found as one, never seen by a seller token.
 */
export const TREASURY_METADATA_KEY = 'gatewayTreasury';

/** Metadata keys only the gateway writes: a caller can neither set nor remove them. */
export const RESERVED_METADATA_KEYS: readonly string[] = [TENANT_METADATA_KEY, TREASURY_METADATA_KEY];

export interface OwnedCustomer {
  id: string;
  metadata?: Record<string, unknown> | null;
}

/** The tenant a customer belongs to, or null for customers no tenant of this gateway created. */
export function tenantOf(customer: OwnedCustomer): string | null {
  const value = customer.metadata?.[TENANT_METADATA_KEY];
  return typeof value === 'string' ? value : null;
}

/** Whether the customer is a tenant's treasury rather than a seller. */
export function isTreasury(customer: OwnedCustomer): boolean {
  return customer.metadata?.[TREASURY_METADATA_KEY] === true;
}

/**
 * Whether the caller may see anything of this customer (its wallets, its transactions): its tenant's,
 * and for a seller token, itself. The tenant's treasury is the tenant key's alone.
 */
export function canSee(caller: Caller, customer: OwnedCustomer): boolean {
  if (tenantOf(customer) !== caller.tenant.id) return false;
  if (isTreasury(customer)) return caller.role === 'tenant';
  return caller.role === 'tenant' || caller.sellerId === customer.id;
}

/**
 * Whether `canSee` could hold for this customer, judged by its id alone, before anything is known of
 * it: a seller token sees no customer but itself, so only a tenant key must learn a customer's stamp
 * to decide. `null` stands for a customer that is not the caller (someone else's, or nobody's).
 */
export function couldSee(caller: Caller, customerId: string | null): boolean {
  return caller.role === 'tenant' || caller.sellerId === customerId;
}

/**
 * What ownership decides by, kept of a customer: its id and stamp (tenant, treasury marker). Both are
 * written when the gateway creates the customer and never change, so a stamp once read stays true.
 */
export function stampOf(customer: OwnedCustomer): OwnedCustomer {
  const metadata = Object.fromEntries(
    RESERVED_METADATA_KEYS.filter((key) => customer.metadata?.[key] !== undefined).map((key) => [key, customer.metadata?.[key]]),
  );
  return { id: customer.id, metadata };
}

/** Whether the caller may see this customer as a seller: as `canSee`, but never the treasury. */
export function canSeeSeller(caller: Caller, customer: OwnedCustomer): boolean {
  return canSee(caller, customer) && !isTreasury(customer);
}

// ---- Where money goes ----

/**
 * Where a send goes, as ownership sees it: an OMS wallet or external account with the customer who
 * owns it (null where OMS has none), or a blockchain address, which is nobody's the gateway knows.
 */
export type Destination = { kind: 'wallet' | 'externalAccount'; owner: OwnedCustomer | null } | { kind: 'blockchainAddress' };

/** Whether the destination is the caller's own: owned by a customer the caller may see (for a seller token, itself). */
export function isOwnDestination(caller: Caller, destination: Destination): boolean {
  switch (destination.kind) {
    case 'blockchainAddress':
      return false;
    case 'wallet':
    case 'externalAccount':
      return destination.owner !== null && canSee(caller, destination.owner);
    default: {
      const unknown: never = destination;
      throw new Error(`unknown destination ${JSON.stringify(unknown)}`);
    }
  }
}

// ---- What a seller token is shown of what it may see ----

/** A compliance hold ("processing.underReview", or any sub-status ending so): the tenant's business, never the seller's. */
export function isComplianceHold(subStatus: string | null | undefined): boolean {
  return typeof subStatus === 'string' && subStatus.endsWith('underReview');
}

/** A transaction's sub-status as the caller sees it: for a seller token a compliance hold reads as plain processing (null). */
export function subStatusFor(caller: Caller, subStatus: string | null | undefined): string | null {
  if (caller.role === 'seller' && isComplianceHold(subStatus)) return null;
  return subStatus ?? null;
}

/**
 * A virtual account's developer fees as the caller sees them: they are the marketplace's income, so a
 * seller token gets none unless its tenant chose to show them (`sellers.seeDeveloperFees`).
 */
export function developerFeesFor<T>(caller: Caller, fees: readonly T[]): T[] {
  if (caller.role === 'seller' && !caller.tenant.sellers.seeDeveloperFees) return [];
  return [...fees];
}

/**
 * A transaction's metadata as the caller sees it. It is written by the transaction's own customer (the
 * sender, for a send), so it is shown only to callers who may see that customer (`owner`, null where
 * OMS has none): the recipient of a send never reads what the sender wrote.
 */
export function metadataFor<T>(caller: Caller, metadata: T | null | undefined, owner: OwnedCustomer | null): T | null {
  return owner !== null && canSee(caller, owner) ? (metadata ?? null) : null;
}

// ---- Events pushed to subscribers ----

/** What a subscriber asked for; a seller token's own filter can only narrow its own events further. */
export interface EventFilter {
  sellerId?: string | null;
  virtualAccountId?: string | null;
  depositAddressId?: string | null;
  /** Only these kinds of event; every kind when absent. */
  kinds?: readonly EventKind[] | null;
}

/**
 * Whether an event of the caller's tenant log may be pushed to this subscriber: a seller token gets
 * its own events alone (its transactions, its wallets' balances, its cash-ins, itself) and never
 * compliance events; a tenant key may narrow by seller, virtual account or deposit address. The
 * event's objects then resolve through the same field rules as a query.
 */
export function deliverable(caller: Caller, filter: EventFilter, event: LoggedEvent): boolean {
  if (event.tenantId !== caller.tenant.id) return false;
  const compliance = event.kind === 'transaction' && event.compliance;
  if (caller.role === 'seller' && (compliance || !event.sellerIds.includes(caller.sellerId))) return false;
  if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
  if (filter.sellerId && !event.sellerIds.includes(filter.sellerId)) return false;
  if (filter.virtualAccountId && !(event.kind === 'transaction' && event.virtualAccountId === filter.virtualAccountId)) return false;
  return !filter.depositAddressId || (event.kind === 'transaction' && event.depositAddressId === filter.depositAddressId);
}
