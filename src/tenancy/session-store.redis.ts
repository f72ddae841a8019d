import type { RedisClient, RedisTarget } from '../redis/connect.js';
import { subscribeChannel } from '../redis/subscriber.js';
import { checkedPrefix, limitsConnection, tenantKey } from './limits/redis-connection.js';
import type { Revoked, SessionStore } from './session-store.js';

/**
 * Keys, under the tenant's hash tag (so each script touches one Cluster slot):
 * `session:<id>` holds the seller's id and expires with the session; `sessions:<sellerId>` is a sorted
 * set of the seller's session ids scored by expiry (for revoking them all), expiring with its last.
 */
const RECORD = `
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
return 1
`;
/** KEYS: the session. ARGV: the seller it must belong to, or ''. */
const REVOKE = `
local seller = redis.call('GET', KEYS[1])
if not seller or (ARGV[1] ~= '' and seller ~= ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;
/**
 * KEYS: the seller's set. ARGV: the session keys' common start (same hash tag), now. Answers the ids
 * that were live. The session keys are learnt while it runs, so they cannot be declared; they share
 * KEYS[1]'s hash tag, hence its slot, which is what a Redis Cluster needs to run it.
 */
const REVOKE_SELLER = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], '+inf')
local ended = {}
for _, id in ipairs(ids) do
  if redis.call('DEL', ARGV[1] .. id) == 1 then ended[#ended + 1] = id end
end
redis.call('DEL', KEYS[1])
return ended
`;

export interface RedisSessionStoreOptions {
  /** The Redis every instance shares: a URL or a Cluster's nodes (own connections, closed by close) or a connection (left open; a subscriber is made beside it). */
  redis: RedisClient | RedisTarget;
  /** First part of every key and of the revocation channel (default "omsgw"); no braces. */
  prefix?: string;
  /** How long a "live" answer is reused without asking Redis (default 500 ms); a revocation announced here clears it at once. */
  cacheMs?: number;
  now?: () => number;
  /** Failures nobody awaits: the subscriber's connection, a bad announcement. */
  onError?: (error: Error) => void;
}

/**
 * Sessions shared by every instance. A revocation deletes the record (every instance's next check
 * misses it) and is published on one channel, so each instance drops its cached answer and closes
 * the sockets of the session at once. When the subscriber reconnects after an outage, announcements
 * may have been missed: listeners are told to recheck.
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const prefix = checkedPrefix(options.prefix ?? 'omsgw');
  const { cacheMs = 500, now = Date.now } = options;
  const onError = options.onError ?? (() => {});
  const connection = limitsConnection(options.redis, onError);
  const { redis } = connection;
  const channel = `${prefix ? `${prefix}:` : ''}session-revocations`;
  const listeners = new Set<(revoked: Revoked) => void>();
  /** Live answers by tenant and session, until when they may be reused. */
  const cache = new Map<string, number>();
  const cacheKey = (tenantId: string, sessionId: string) => `${tenantId}\u0000${sessionId}`;
  let closed = false;
  /** Announcements heard so far: a read that an announcement overtook is not cached (its answer may be from before the revocation). */
  let heard = 0;

  function announce(revoked: Revoked): void {
    heard += 1;
    if (revoked === 'recheck') cache.clear();
    else for (const id of revoked.sessionIds) cache.delete(cacheKey(revoked.tenantId, id));
    for (const listener of listeners) listener(revoked);
  }

  // After a break in the subscription, what was published meanwhile is lost: everyone rechecks the sessions it holds.
  const subscriber = subscribeChannel(redis, channel, {
    onMessage(message) {
      try {
        const revoked = JSON.parse(message) as { tenantId: string; sessionIds: string[] };
        if (typeof revoked.tenantId === 'string' && Array.isArray(revoked.sessionIds)) announce(revoked);
      } catch (error) {
        onError(error as Error);
      }
    },
    onGap: () => closed || announce('recheck'),
    onError,
  });

  async function run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    // EVAL, not EVALSHA: these run once per issue or revocation, not per operation.
    return redis.eval(script, keys.length, ...keys, ...args);
  }

  async function revoked(tenantId: string, sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    // Here first (this instance's listeners need no Redis), then everywhere; this instance hears it twice, harmlessly.
    announce({ tenantId, sessionIds });
    await redis.publish(channel, JSON.stringify({ tenantId, sessionIds })).catch(onError);
  }

  function check(): void {
    if (closed) throw new Error('session store used after close');
  }

  return {
    async record(session) {
      check();
      await connection.settled();
      const keys = [tenantKey(prefix, session.tenantId, 'session', session.id), tenantKey(prefix, session.tenantId, 'sessions', session.sellerId)];
      await run(RECORD, keys, [session.sellerId, session.expiresAt.getTime(), session.id, now()]);
    },
    async isLive(tenantId, sessionId) {
      check();
      const key = cacheKey(tenantId, sessionId);
      const until = cache.get(key);
      if (until !== undefined && until > now()) return true;
      await connection.settled();
      const before = heard;
      const live = (await redis.exists(tenantKey(prefix, tenantId, 'session', sessionId))) === 1;
      // Only live answers are kept (a session that is gone never comes back), and only when no
      // revocation was announced while Redis answered: else a watch made just after it could reuse it.
      if (live && heard === before) {
        if (cache.size >= 100_000) cache.clear();
        cache.set(key, now() + cacheMs);
      } else cache.delete(key);
      return live;
    },
    async revoke(tenantId, sessionId, sellerId) {
      check();
      await connection.settled();
      const ended = (await run(REVOKE, [tenantKey(prefix, tenantId, 'session', sessionId)], [sellerId ?? ''])) === 1;
      if (ended) await revoked(tenantId, [sessionId]);
      return ended;
    },
    async revokeSeller(tenantId, sellerId) {
      check();
      await connection.settled();
      const ended = (await run(
        REVOKE_SELLER,
        [tenantKey(prefix, tenantId, 'sessions', sellerId)],
        [tenantKey(prefix, tenantId, 'session', ''), now()],
      )) as string[];
      await revoked(tenantId, ended);
      return ended;
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      subscriber.close();
      await connection.close();
    },
  };
}
