import type { RedisClient, RedisTarget } from '../redis/connect.js';
import { checkedPrefix, limitsConnection } from '../tenancy/limits/redis-connection.js';
import { newGeneration } from './memory-store.js';
import { type CacheStore, generationTtl } from './store.js';

/** KEYS: the scope's generation. ARGV: a new generation, its lifetime (ms). The current one, made when missing. */
const GENERATION = `
local current = redis.call('GET', KEYS[1])
if current then return current end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return ARGV[1]
`;

export interface RedisCacheStoreOptions {
  /** The Redis every instance shares: a URL or a Cluster's nodes (own connection, closed by close) or a connection (left open). */
  redis: RedisClient | RedisTarget;
  maxAgeMs: number;
  /** First part of every key (default "omsgw"); no braces. */
  prefix?: string;
  onError?: (error: Error) => void;
}

type WithGeneration = RedisClient & { cacheGeneration(key: string, generation: string, ttlMs: number): Promise<string> };

/**
 * The read cache's store shared by every instance. A scope's generation and its entries share the
 * scope's hash tag (`{<scope>}`), so a Redis Cluster keeps one customer's cache on one slot and spreads
 * customers over all of them. Commands fail fast when Redis is away (see limitsConnection): reads then
 * go to OMS, and an invalidation that cannot be written is reported, never assumed.
 */
export function createRedisCacheStore(options: RedisCacheStoreOptions): CacheStore {
  const prefix = checkedPrefix(options.prefix ?? 'omsgw');
  const start = prefix ? `${prefix}:` : '';
  const connection = limitsConnection(options.redis, options.onError ?? (() => {}), { autoPipelining: true });
  const redis = connection.redis as WithGeneration;
  if (typeof redis.cacheGeneration !== 'function') redis.defineCommand('cacheGeneration', { numberOfKeys: 1, lua: GENERATION });
  const generationMs = generationTtl(options.maxAgeMs);
  let closed = false;
  const ready = async () => {
    if (closed) throw new Error('the Redis cache store was used after close');
    await connection.settled();
  };
  const generationKey = (scope: string) => `${start}rc:{${scope}}:g`;
  const entryKey = (scope: string, generation: string, key: string) => `${start}rc:{${scope}}:${generation}:${key}`;
  return {
    async generation(scope) {
      await ready();
      return redis.cacheGeneration(generationKey(scope), newGeneration(), generationMs);
    },
    async bump(scopes) {
      await ready();
      // One SET per scope: scopes sit on different Cluster slots, so no single script may write them all.
      await Promise.all(scopes.map((scope) => redis.set(generationKey(scope), newGeneration(), 'PX', generationMs)));
    },
    async get(scope, generation, key) {
      await ready();
      return (await redis.get(entryKey(scope, generation, key))) ?? undefined;
    },
    async set(scope, generation, key, value, ttlMs) {
      await ready();
      await redis.set(entryKey(scope, generation, key), value, 'PX', ttlMs);
    },
    async fact(key) {
      await ready();
      return (await redis.get(`${start}rf:${key}`)) ?? undefined;
    },
    async learn(key, value, ttlMs) {
      await ready();
      await redis.set(`${start}rf:${key}`, value, 'PX', ttlMs);
    },
    async close() {
      closed = true;
      await connection.close();
    },
  };
}
