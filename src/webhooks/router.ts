import { OmsError, type OmsClient } from '../oms/index.js';
import type { Transaction } from '../oms/schemas/index.js';
import { tenantOf } from '../tenancy/ownership.js';

/**
 * Routes a transaction event to tenants through its customers, with the one ownership rule
 * (tenantOf). A customer's tenant is stamped at creation and never changes, so owned customers are
 * cached (bounded, least recently used goes first); concurrent lookups of one customer share a call.
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
  maxCachedCustomers?: number;
}

export function createTenantRouter({ tenants, maxCachedCustomers = 50_000 }: TenantRouterOptions): TenantRouter {
  const tenantsOfAccount = new Map<string, Set<string>>();
  for (const tenant of tenants) {
    const set = tenantsOfAccount.get(tenant.omsAccount) ?? new Set<string>();
    set.add(tenant.id);
    tenantsOfAccount.set(tenant.omsAccount, set);
  }
  const cache = new Map<string, string>();
  const inFlight = new Map<string, Promise<string | null>>();

  function remember(key: string, tenantId: string): void {
    cache.delete(key);
    cache.set(key, tenantId);
    if (cache.size > maxCachedCustomers) cache.delete(cache.keys().next().value!);
  }

  async function lookUp(client: OmsClient, customerId: string): Promise<string | null> {
    try {
      return tenantOf(await client.customers.get(customerId));
    } catch (error) {
      // A customer OMS does not know is nobody's; anything else may pass, so the event must come again.
      if (error instanceof OmsError && error.status === 404) return null;
      throw new CustomerLookupFailed(`could not look up customer ${customerId}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  function tenantOfCustomer(accountId: string, client: OmsClient, customerId: string): Promise<string | null> {
    // Customer ids are per OMS account.
    const key = `${accountId}\u0000${customerId}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      remember(key, cached);
      return Promise.resolve(cached);
    }
    let pending = inFlight.get(key);
    if (!pending) {
      pending = lookUp(client, customerId)
        .then((tenantId) => {
          // Only owned customers: caching "nobody's" would gain little and could outlive a late stamp.
          if (tenantId !== null) remember(key, tenantId);
          return tenantId;
        })
        .finally(() => inFlight.delete(key));
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
