import { closeRedis, connectRedis, isRedisClient, type RedisClient, type RedisTarget } from '../../redis/connect.js';

/** How long a command, or a first connection, may take before the limits treat Redis as away. */
const FAST_FAIL_MS = 1_000;

/** The Redis connection of one limits instance: the one it was given, or one it made (from a URL or a Cluster's nodes). */
export interface LimitsConnection {
  redis: RedisClient;
  /** Resolves once a connection attempt under way has settled (ready or failed), so a fresh instance's first command is not refused for being early. */
  settled(): Promise<void>;
  /** Closes the connection if it was made here; a connection that was given stays open. */
  close(): Promise<void>;
}

/**
 * Opens (from a URL or a Cluster's nodes) or adopts (a connection) the Redis of a limits instance. A
 * connection made here answers fast when Redis is away instead of queueing commands until it
 * returns: a request waiting on its budget would otherwise hang for as long as the outage lasts.
 */
export function limitsConnection(
  given: RedisClient | RedisTarget,
  onError: (error: Error) => void,
  /**
   * `autoPipelining`: commands issued in one tick go out as one write (the read cache: a kept answer
   * checks the generations of all the customers it shows at once). Off for the limits: with it, the
   * fan-out benchmark's gateway kept 2 KB more per idle subscription (13.4 against 11.4 KB RSS),
   * committed by the garbage of 19,000 socket claims.
   */
  options: { autoPipelining?: boolean } = {},
): LimitsConnection {
  const owned = !isRedisClient(given);
  const redis = isRedisClient(given)
    ? given
    : connectRedis(given, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: FAST_FAIL_MS,
        commandTimeout: FAST_FAIL_MS,
        retryStrategy: (attempt) => Math.min(100 * attempt, FAST_FAIL_MS),
        ...(options.autoPipelining ? { enableAutoPipelining: true } : {}),
      });
  if (owned) redis.on('error', onError);
  /** The wait under way, shared by every command that waits meanwhile (each would otherwise add its own listeners). */
  let settling: Promise<void> | undefined;
  return {
    redis,
    settled() {
      if (redis.status !== 'connecting' && redis.status !== 'connect') return Promise.resolve();
      // Either way the command that follows answers: with a result, or at once with the connection's error.
      settling ??= new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          redis.off('ready', done).off('close', done);
          settling = undefined;
          resolve();
        };
        const timer = setTimeout(done, FAST_FAIL_MS);
        redis.once('ready', done).once('close', done);
      });
      return settling;
    },
    async close() {
      if (owned) await closeRedis(redis);
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
