import { LRUCache } from 'lru-cache';
import type { CacheStore } from './store.js';
import type { ObjectRef } from './routes.js';

/**
 * The read cache of every OMS account this instance serves: objects OMS returned, kept per customer
 * across requests and instances (the store) with the parsed values of the latest ones in memory in
 * front, and the facts that never change (which customer owns an object). What a webhook or a write
 * changes is made unreachable through `invalidate` before the webhook is acknowledged or the write
 * answered. cached-transport.ts reads through it.
 */
export interface ReadCache {
  readonly maxAgeMs: number;
  readonly store: CacheStore;
  /** The clock entries' ages are counted on (ms). */
  readonly now: () => number;
  /** Parsed values by full entry key (scope, generation, request), with when OMS gave them: what an instance re-reads without Redis or parsing. */
  readonly front: LRUCache<string, { value: unknown; at: number }>;
  /** Renews each customer's generation. Rejects with CacheInvalidationFailed when that was not written. */
  invalidate(accountId: string, customerIds: readonly (string | null | undefined)[]): Promise<void>;
  /** The customer owning an object, if this instance or the store knows it; rejects when the store cannot be read. */
  ownerOf(accountId: string, ref: ObjectRef): Promise<string | undefined>;
  /** Keeps the owners of objects just read (written to the store in the background). */
  learn(accountId: string, kind: ObjectRef['kind'], owners: readonly { id: string; customerId: string }[]): void;
  /** The scope (store key part) of one customer of one account. */
  scopeOf(accountId: string, customerId: string): string;
  readonly counts: CacheCounts;
  close(): Promise<void>;
}

/** What the cache did since the instance started; benchmarks and tests read it. */
export interface CacheCounts {
  /** Answered from this instance's memory. */
  front: number;
  /** Answered from the shared store. */
  shared: number;
  /** Fetched from OMS and kept. */
  misses: number;
  /** Fetched from OMS without the cache: not cacheable, owner unknown, not the caller's, or the store away. */
  bypasses: number;
  /** Customers whose generation was renewed. */
  invalidations: number;
}

/** The cache could not make a change visible: the webhook must not be acknowledged, the write must not claim success. */
export class CacheInvalidationFailed extends Error {
  override readonly name = 'CacheInvalidationFailed';
}

export interface ReadCacheOptions {
  store: CacheStore;
  /** How long a mutable entry may be served at most, webhooks or not (OMS may change what it never announces). */
  maxAgeMs: number;
  /** How long an owner fact is kept. Default 7 days. */
  factTtlMs?: number;
  /** Parsed values kept in front, per instance. Default 20 000. */
  frontEntries?: number;
  onError?: (error: Error, what: string) => void;
  /** The clock (ms) for entries' ages, in front too; Date.now unless a test sets it. */
  now?: () => number;
}

/** lru-cache's options to count ages on `now`, read at every check (so a test's clock is seen at once). */
export function lruClock(now: () => number): { perf: { now: () => number }; ttlResolution: number } {
  return { perf: { now }, ttlResolution: 0 };
}

export function createReadCache(options: ReadCacheOptions): ReadCache {
  const { store, maxAgeMs, factTtlMs = 7 * 24 * 3_600_000, now = Date.now } = options;
  const onError = options.onError ?? (() => {});
  const front = new LRUCache<string, { value: unknown; at: number }>({ max: options.frontEntries ?? 20_000, ttl: maxAgeMs, ...lruClock(now) });
  const facts = new LRUCache<string, string>({ max: 100_000 });
  const counts: CacheCounts = { front: 0, shared: 0, misses: 0, bypasses: 0, invalidations: 0 };
  // Account and customer ids go into Redis keys: encoded, so neither can add a hash tag or a separator.
  const scopeOf = (accountId: string, customerId: string) => `${encodeURIComponent(accountId)}:${encodeURIComponent(customerId)}`;
  const factKey = (accountId: string, ref: ObjectRef) => `${encodeURIComponent(accountId)}:${ref.kind}:${encodeURIComponent(ref.id)}`;
  return {
    maxAgeMs,
    store,
    now,
    front,
    counts,
    scopeOf,
    async invalidate(accountId, customerIds) {
      const scopes = [...new Set(customerIds.filter((id): id is string => typeof id === 'string' && id !== ''))].map((id) => scopeOf(accountId, id));
      if (scopes.length === 0) return;
      try {
        await store.bump(scopes);
      } catch (error) {
        throw new CacheInvalidationFailed(`the read cache could not be invalidated for ${scopes.length} customer(s)`, { cause: error });
      }
      counts.invalidations += scopes.length;
    },
    async ownerOf(accountId, ref) {
      const key = factKey(accountId, ref);
      const known = facts.get(key);
      if (known !== undefined) return known;
      const stored = await store.fact(key);
      if (stored !== undefined) facts.set(key, stored);
      return stored;
    },
    learn(accountId, kind, owners) {
      for (const { id, customerId } of owners) {
        const key = factKey(accountId, { kind, id });
        if (facts.get(key) === customerId) continue;
        facts.set(key, customerId);
        store.learn(key, customerId, factTtlMs).catch((error: unknown) => onError(asError(error), 'keeping an owner'));
      }
    },
    close: () => store.close(),
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
