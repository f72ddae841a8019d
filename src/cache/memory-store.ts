import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { lruClock } from './read-cache.js';
import { type CacheStore, generationTtl } from './store.js';

export interface MemoryCacheStoreOptions {
  maxAgeMs: number;
  /** Entries and facts kept at most (each); the least recently used go first. Default 50 000. */
  maxEntries?: number;
  /** The clock (ms) entries expire by; Date.now unless a test sets it. */
  now?: () => number;
}

/** The read cache's store for one process (no REDIS_URL): the same contract as Redis, in LRU maps. */
export function createMemoryCacheStore({ maxAgeMs, maxEntries = 50_000, now = Date.now }: MemoryCacheStoreOptions): CacheStore {
  const clock = lruClock(now);
  const generations = new LRUCache<string, string>({ max: maxEntries, ttl: generationTtl(maxAgeMs), ...clock });
  const entries = new LRUCache<string, string>({ max: maxEntries, ttl: maxAgeMs, ...clock });
  const facts = new LRUCache<string, string>({ max: maxEntries, ttl: maxAgeMs, ...clock });
  let closed = false;
  const open = () => {
    if (closed) throw new Error('the memory cache store was used after close');
  };
  const entryKey = (scope: string, generation: string, key: string) => `${scope}\u0000${generation}\u0000${key}`;
  return {
    async generation(scope) {
      open();
      let generation = generations.get(scope);
      if (generation === undefined) generations.set(scope, (generation = newGeneration()));
      return generation;
    },
    async bump(scopes) {
      open();
      for (const scope of scopes) generations.set(scope, newGeneration());
    },
    async get(scope, generation, key) {
      open();
      return entries.get(entryKey(scope, generation, key));
    },
    async set(scope, generation, key, value, ttlMs) {
      open();
      entries.set(entryKey(scope, generation, key), value, { ttl: ttlMs });
    },
    async fact(key) {
      open();
      return facts.get(key);
    },
    async learn(key, value, ttlMs) {
      open();
      facts.set(key, value, { ttl: ttlMs });
    },
    async close() {
      closed = true;
    },
  };
}

/** 72 random bits: two generations of one scope never meet, even after one expired. */
export function newGeneration(): string {
  return randomBytes(9).toString('base64url');
}
