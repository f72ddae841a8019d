import { createHash } from 'node:crypto';
import type { RedisClient, RedisTarget } from '../../redis/connect.js';
import type { Caller } from '../caller.js';
import type { SocketClaim, SocketSlots } from './limits.js';
import { checkedPrefix, limitsConnection, tenantKey } from './redis-connection.js';

/**
 * claim, as one script, so two instances claiming the last slot at once cannot both get it.
 * KEYS: the tenant's sockets, then the seller's for a seller token (same hash tag). Members are
 * socket ids, scores lease expiries. ARGV: now, expiry, socket id, tenant cap, seller cap, key
 * lifetime (ms). Expired leases are dropped first: they belong to instances that died.
 */
const CLAIM = `
for i = 1, #KEYS do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[1]) end
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 'taken' end
if KEYS[2] and redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 'seller' end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 'tenant' end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ARGV[6])
end
return 'ok'
`;
const CLAIM_SHA = createHash('sha1').update(CLAIM).digest('hex');
/** Sockets one ZADD of a renewal names at most: one reply per thousand, none too large for Redis to answer at once. */
const RENEWED_PER_COMMAND = 1_000;

export interface RedisSocketSlotsOptions {
  /** The Redis every gateway instance shares: a URL or a Cluster's nodes (own connection, closed by close) or a connection (left open). */
  redis: RedisClient | RedisTarget;
  /** First part of every key (default "omsgw"); no braces. */
  prefix?: string;
  /** How long a slot outlives the last renewal of its instance (default 60 s); renewed every third of it. Same on every instance. */
  leaseMs?: number;
  /** The clock of lease expiries (default Date.now); instances' clocks must agree well within leaseMs. */
  now?: () => number;
  /** Failures nobody awaits: renewals, releases (their leases then simply expire), a connection made here. */
  onError?: (error: Error) => void;
}

export interface RedisSocketSlots extends SocketSlots {
  /** Extends the lease of every slot this instance holds; a timer does it every leaseMs / 3. */
  renew(): Promise<void>;
}

/** A slot this instance holds, and the keys it sits in. */
interface Live {
  tenantId: string;
  keys: string[];
}

/**
 * Socket caps shared by every instance, in Redis sorted sets. A slot is a lease its instance renews
 * while the socket is open; when the instance dies the lease runs out and the slot frees itself
 * within leaseMs. A claim while Redis is away rejects (fast) rather than admit sockets nobody counts.
 */
export function createRedisSocketSlots(options: RedisSocketSlotsOptions): RedisSocketSlots {
  const prefix = checkedPrefix(options.prefix ?? 'omsgw');
  const { leaseMs = 60_000, now = Date.now } = options;
  const onError = options.onError ?? (() => {});
  const connection = limitsConnection(options.redis, onError);
  const { redis } = connection;
  const live = new Map<string, Live>();
  /** Slots whose release failed (Redis away): removed again with the next renewal, not left to their lease. */
  const unreleased = new Map<string, Live>();
  let closed = false;
  const renewing = setInterval(() => renew().catch(onError), leaseMs / 3);
  renewing.unref();
  // Back from an outage: renew at once, so leases that ran out meanwhile are counted again before new claims fill the caps.
  redis.on('ready', () => void renew().catch(onError));

  async function runClaim(keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(CLAIM_SHA, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(CLAIM, keys.length, ...keys, ...args);
    }
  }

  /** Runs one pipeline per tenant (on Redis Cluster a pipeline must stay within one hash tag), each filled by `fill`. */
  async function perTenant<T>(items: Iterable<[string, T]>, fill: (pipeline: ReturnType<RedisClient['pipeline']>, items: T[]) => void): Promise<void> {
    const byTenant = new Map<string, T[]>();
    // Pushed, not spread: a copy per item made each renewal quadratic (19,000 sockets stalled the event loop for seconds, issue 10).
    for (const [tenantId, item] of items) {
      const group = byTenant.get(tenantId);
      if (group) group.push(item);
      else byTenant.set(tenantId, [item]);
    }
    await Promise.all(
      [...byTenant.values()].map(async (group) => {
        const pipeline = redis.pipeline();
        fill(pipeline, group);
        const failed = (await pipeline.exec())?.find(([error]) => error)?.[0];
        if (failed) throw failed;
      }),
    );
  }

  function forget(socketId: string, slot: Live): Promise<void> {
    live.delete(socketId);
    return remove([[socketId, slot]]).catch((error: unknown) => {
      unreleased.set(socketId, slot);
      throw error;
    });
  }

  function remove(slots: [string, Live][]): Promise<void> {
    return perTenant(
      slots.map((entry) => [entry[1].tenantId, entry]),
      (pipeline, group) => {
        for (const [socketId, slot] of group) for (const key of slot.keys) pipeline.zrem(key, socketId);
      },
    );
  }

  // No wait for the connection here: a renewal missed while it connects is made up a third of a lease later.
  async function renew(): Promise<void> {
    if (closed) throw new Error('socket slots used after close');
    if (unreleased.size > 0) {
      const pending = [...unreleased];
      await remove(pending);
      for (const [socketId, slot] of pending) if (unreleased.get(socketId) === slot) unreleased.delete(socketId);
    }
    const expiry = now() + leaseMs;
    // Per key, one ZADD of many sockets (and one PEXPIRE), not two commands per socket: 19,000 sockets
    // made 50,000 commands every renewal, whose replies a busy instance kept long enough to fragment its heap.
    const byKey = new Map<string, { tenantId: string; members: (string | number)[] }>();
    for (const [socketId, slot] of live) {
      for (const key of slot.keys) {
        const entry = byKey.get(key) ?? { tenantId: slot.tenantId, members: [] };
        byKey.set(key, entry);
        entry.members.push(expiry, socketId);
      }
    }
    // ZADD, not ZADD XX: a lease that ran out during an outage comes back, since its socket is still open.
    return perTenant(
      [...byKey].map(([key, { tenantId, members }]) => [tenantId, { key, members }]),
      (pipeline, keys) => {
        for (const { key, members } of keys) {
          for (let at = 0; at < members.length; at += RENEWED_PER_COMMAND * 2) pipeline.zadd(key, ...members.slice(at, at + RENEWED_PER_COMMAND * 2));
          pipeline.pexpire(key, leaseMs);
        }
      },
    );
  }

  return {
    renew,
    async claim(caller: Caller, socketId: string): Promise<SocketClaim> {
      if (closed) throw new Error('socket slots used after close');
      if (live.has(socketId)) throw new Error(`expected a socket id without a slot, got ${socketId}, which holds one`);
      await connection.settled();
      const { id, limits } = caller.tenant;
      const keys = [tenantKey(prefix, id, 'sockets'), ...(caller.role === 'seller' ? [tenantKey(prefix, id, 'sockets', caller.sellerId)] : [])];
      const at = now();
      let answer: unknown;
      try {
        answer = await runClaim(keys, [at, at + leaseMs, socketId, limits.socketsPerTenant, limits.socketsPerSeller, leaseMs]);
      } catch (error) {
        // A timed-out claim may still run in Redis: take back whatever it added, on the same connection after it.
        void remove([[socketId, { tenantId: id, keys }]]).catch(onError);
        throw error;
      }
      switch (answer) {
        case 'seller':
          return { ok: false, scope: 'seller', limit: limits.socketsPerSeller };
        case 'tenant':
          return { ok: false, scope: 'tenant', limit: limits.socketsPerTenant };
        case 'taken':
          throw new Error(`expected a socket id without a slot, got ${socketId}, which holds one`);
        case 'ok':
          break;
        default:
          throw new Error(`expected ok, taken, seller or tenant from the claim script, got ${String(answer)}`);
      }
      const slot: Live = { tenantId: id, keys };
      if (closed) {
        // close ran while the script did: nobody will renew or release this slot, so give it back now.
        await forget(socketId, slot).catch(onError);
        throw new Error('socket slots used after close');
      }
      live.set(socketId, slot);
      return {
        ok: true,
        slot: {
          async release() {
            if (live.get(socketId) !== slot) return;
            await forget(socketId, slot).catch(onError);
          },
        },
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(renewing);
      // A graceful stop frees its slots at once; the leases would only free them leaseMs later.
      const held = [...live];
      live.clear();
      await remove([...held, ...unreleased]).catch(onError);
      await connection.close();
    },
  };
}
