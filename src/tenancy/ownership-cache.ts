import { LRUCache } from 'lru-cache';
import type { OmsClient } from '../oms/index.js';
import type { Customer, Page } from '../oms/schemas/index.js';
import { stampOf, tenantOf, type OwnedCustomer } from './ownership.js';

/**
 * The immutable facts of ownership, kept so a known customer is never asked for twice: each customer's
 * stamp (its tenant, and whether it is the tenant's treasury), written at its creation and never
 * changed. One per gateway instance, shared by every operation and by the webhook router; filled from
 * every customer the instance reads or creates (`rememberCustomers` wraps the OMS client), bounded per
 * OMS account (the least recently used goes first).
 *
 * An object's customer never changes either, but that fact saves no call: an object is fetched for its
 * own content anyway, and the fetch names its customer. The customer's stamp is the second call the
 * cache removes, for every object of a known customer, never seen ones included.
 *
 * Only stamped customers are kept: a customer no tenant owns is as cheap to ask about again as it is
 * rare, and not keeping it leaves nothing to go stale should one ever be stamped late.
 */
export interface OwnershipCache {
  /** The customers known of one OMS account (customer ids are per account). */
  of(accountId: string): KnownCustomers;
  /** Forgets everything: the cold start, for tests and benchmarks. */
  clear(): void;
}

export interface KnownCustomers {
  /** The customer's id and stamp, if this instance has read it. */
  get(customerId: string): OwnedCustomer | undefined;
  /** Keeps the stamp of a customer just read from OMS (nothing when it has none). */
  remember(customer: OwnedCustomer): void;
  /** The customer most recently read or asked about, if any: a real customer to ask OMS for when asking is only for the cost. */
  recent(): string | undefined;
}

export const DEFAULT_OWNERSHIP_CACHE_SIZE = 50_000;

export function createOwnershipCache({ maxPerAccount = DEFAULT_OWNERSHIP_CACHE_SIZE }: { maxPerAccount?: number } = {}): OwnershipCache {
  const accounts = new Map<string, LRUCache<string, OwnedCustomer>>();
  const cacheOf = (accountId: string) => {
    let cache = accounts.get(accountId);
    if (!cache) accounts.set(accountId, (cache = new LRUCache<string, OwnedCustomer>({ max: maxPerAccount })));
    return cache;
  };
  return {
    of(accountId) {
      const cache = cacheOf(accountId);
      return {
        get: (customerId) => cache.get(customerId),
        remember(customer) {
          if (tenantOf(customer) !== null) cache.set(customer.id, stampOf(customer));
        },
        recent: () => cache.keys().next().value ?? undefined,
      };
    },
    clear() {
      for (const cache of accounts.values()) cache.clear();
    },
  };
}

/**
 * `client`, remembering every customer it reads or writes (get, list, create, update, KYC) in `known`:
 * the one place the facts come from, for GraphQL operations and webhook routing alike. Scoped clients
 * made with `within` remember too.
 */
export function rememberCustomers(client: OmsClient, known: KnownCustomers): OmsClient {
  let customers: OmsClient['customers'] | undefined;
  const one = <T extends Customer>(customer: T): T => {
    known.remember(customer);
    return customer;
  };
  const page = (result: Page<Customer>): Page<Customer> => {
    for (const customer of result.data) known.remember(customer);
    return result;
  };
  // Built on first use, like the client's own resources: most operations never touch customers.
  const remembering = (inner: OmsClient['customers']): OmsClient['customers'] => ({
    create: (body, options) => inner.create(body, options).then(one),
    get: (id, options) => inner.get(id, options).then(one),
    list: (params, options) => inner.list(params, options).then(page),
    async *listAll(params, options) {
      for await (const customer of inner.listAll(params, options)) yield one(customer);
    },
    update: (id, body, options) => inner.update(id, body, options).then(one),
    simulateKyc: (id, body, options) => inner.simulateKyc(id, body, options).then(one),
  });
  return {
    get customers() {
      return (customers ??= remembering(client.customers));
    },
    get wallets() {
      return client.wallets;
    },
    get virtualAccounts() {
      return client.virtualAccounts;
    },
    get depositAddresses() {
      return client.depositAddresses;
    },
    get externalAccounts() {
      return client.externalAccounts;
    },
    get quotes() {
      return client.quotes;
    },
    get transactions() {
      return client.transactions;
    },
    get cashIns() {
      return client.cashIns;
    },
    get cashLocations() {
      return client.cashLocations;
    },
    get webhooks() {
      return client.webhooks;
    },
    stats: client.stats,
    resetStats: client.resetStats,
    tokens: client.tokens,
    within: (scope) => rememberCustomers(client.within(scope), known),
    decorate: (wrap) => rememberCustomers(client.decorate(wrap), known),
  };
}
