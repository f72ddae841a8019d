import { Redis } from 'ioredis';

/** How long a command, or a first connection, may take before the limits treat Redis as away. */
const FAST_FAIL_MS = 1_000;

/** The Redis connection of one limits instance: the one it was given, or one it made from a URL. */
export interface LimitsConnection {
  redis: Redis;
  /** Resolves once a connection attempt under way has settled (ready or failed), so a fresh instance's first command is not refused for being early. */
  settled(): Promise<void>;
  /** Closes the connection if it was made from a URL; a connection that was given stays open. */
  close(): Promise<void>;
}

/**
 * Opens (from a URL) or adopts (a connection) the Redis of a limits instance. A connection made here
 * answers fast when Redis is away instead of queueing commands until it returns: a request waiting
 * on its budget would otherwise hang for as long as the outage lasts.
 */
export function limitsConnection(given: Redis | string, onError: (error: Error) => void): LimitsConnection {
  const owned = typeof given === 'string';
  const redis =
    typeof given === 'string'
      ? new Redis(given, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: FAST_FAIL_MS,
          commandTimeout: FAST_FAIL_MS,
          retryStrategy: (attempt) => Math.min(100 * attempt, FAST_FAIL_MS),
        })
      : given;
  if (owned) redis.on('error', onError);
  return {
    redis,
    async settled() {
      if (redis.status !== 'connecting' && redis.status !== 'connect') return;
      // Either way the command that follows answers: with a result, or at once with the connection's error.
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          redis.off('ready', done).off('close', done);
          resolve();
        };
        const timer = setTimeout(done, FAST_FAIL_MS);
        redis.once('ready', done).once('close', done);
      });
    },
    async close() {
      if (!owned || redis.status === 'end') return;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The tenant's part of every limits key: a Redis Cluster hash tag, so one script may touch all of a tenant's keys. */
export function tenantTag(tenantId: string): string {
  return `{gw:${tenantId}}`;
}

/** A key of one tenant: `<prefix>:{gw:<tenantId>}:<parts joined by :>` (no leading colon when the prefix is empty, as rate-limiter-flexible does). */
export function tenantKey(prefix: string, tenantId: string, ...parts: string[]): string {
  return [...(prefix ? [prefix] : []), tenantTag(tenantId), ...parts].join(':');
}

/** Checks a key prefix: a brace in it would make the prefix, not the tenant, the key's hash tag. */
export function checkedPrefix(prefix: string): string {
  if (/[{}]/.test(prefix)) throw new Error(`expected a key prefix without braces (the tenant's hash tag must come first), got ${JSON.stringify(prefix)}`);
  return prefix;
}
