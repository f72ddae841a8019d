import { randomUUID } from 'node:crypto';
import type { RedisClient, RedisTarget } from '../../redis/connect.js';
import { checkedPrefix, limitsConnection, tenantKey } from '../limits/redis-connection.js';
import type { BackfillScan, ExternalIdClaim, IndexedSeller, SellerIndex } from './seller-index.js';
import { sortScore } from './seller-index.js';
import { ADD, CLAIM, IF_HELD, PAGE, sha } from './seller-index.redis-scripts.js';
import { untilAborted } from '../../oms/attempt.js';
import { defaultSleep } from '../../oms/retry.js';

export interface RedisSellerIndexOptions {
  /** The Redis every gateway instance shares: a URL or a Cluster's nodes (own connection, closed by close) or a connection (left open). */
  redis: RedisClient | RedisTarget;
  /** First part of every key (default "omsgw"); no braces. */
  prefix?: string;
  /** How long an externalId claim outlives an instance that died holding it (default 60 s). */
  claimLeaseMs?: number;
  /** How long a backfill's lock outlives an instance that died running it (default 30 s); renewed every third of it. */
  backfillLeaseMs?: number;
  /** How often a create waiting on another's claim, or an instance waiting on another's backfill, looks again (default 20 ms). */
  pollMs?: number;
  /** Failures nobody awaits: lock renewals and releases, a connection made here. */
  onError?: (error: Error) => void;
}

/**
 * The seller index every instance shares, under the tenant's hash tag (one Redis Cluster slot per
 * tenant). Waiting on another instance's claim or backfill polls: both are rare and short, and a
 * lease frees what a dead instance held.
 */
export function createRedisSellerIndex(options: RedisSellerIndexOptions): SellerIndex {
  const prefix = checkedPrefix(options.prefix ?? 'omsgw');
  const { claimLeaseMs = 60_000, backfillLeaseMs = 30_000, pollMs = 20 } = options;
  const onError = options.onError ?? (() => {});
  const connection = limitsConnection(options.redis, onError);
  const { redis } = connection;
  const backfilled = new Set<string>();
  const backfilling = new Map<string, Promise<void>>();
  const closing = new AbortController();
  const key = (tenantId: string, ...parts: string[]) => tenantKey(prefix, tenantId, 'sellers', ...parts);
  const sellersKey = (tenantId: string) => tenantKey(prefix, tenantId, 'sellers');

  /** Every public method starts here; internal steps (a backfill giving back its lock while closing) do not. */
  async function open(): Promise<void> {
    if (closing.signal.aborted) throw new Error('seller index used after close');
    await connection.settled();
  }

  async function run(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(sha(script), keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error as Error).message.startsWith('NOSCRIPT')) throw error;
      return await redis.eval(script, keys.length, ...keys, ...args);
    }
  }

  function addArgs(tenantId: string, seller: IndexedSeller, claim = ''): [string[], (string | number)[]] {
    const keys = [sellersKey(tenantId), key(tenantId, 'email', seller.email ?? ''), key(tenantId, 'external-id', seller.externalId ?? '')];
    return [keys, [seller.id, sortScore(seller), seller.email ? '1' : '0', seller.externalId ? '1' : '0', claim]];
  }

  async function addAll(tenantId: string, sellers: IndexedSeller[]): Promise<void> {
    for (let start = 0; start < sellers.length; start += 500) {
      const pipeline = redis.pipeline();
      for (const seller of sellers.slice(start, start + 500)) pipeline.eval(ADD, 3, ...addArgs(tenantId, seller).flat());
      const failed = (await pipeline.exec())?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    }
  }

  async function runBackfill(tenantId: string, scan: BackfillScan): Promise<void> {
    const done = key(tenantId, 'backfilled');
    const lock = key(tenantId, 'backfilling');
    for (;;) {
      closing.signal.throwIfAborted();
      if (await redis.exists(done)) break;
      const token = randomUUID();
      if ((await redis.set(lock, token, 'PX', backfillLeaseMs, 'NX')) === 'OK') {
        const renewing = setInterval(() => void run(IF_HELD, [lock], [token, backfillLeaseMs]).catch(onError), backfillLeaseMs / 3);
        try {
          await addAll(tenantId, await scan(closing.signal));
          await redis.set(done, new Date().toISOString());
          break;
        } finally {
          clearInterval(renewing);
          await run(IF_HELD, [lock], [token]).catch(onError);
        }
      }
      // Another instance is scanning: its result lands in the same keys.
      await defaultSleep(pollMs * 5, closing.signal);
    }
    backfilled.add(tenantId);
  }

  return {
    async add(tenantId, seller, claim) {
      await open();
      const [keys, args] = addArgs(tenantId, seller, claim);
      await run(ADD, keys, args);
    },
    async claimExternalId(tenantId, externalId, wait): Promise<ExternalIdClaim> {
      const token = randomUUID();
      for (;;) {
        // Not raced against `wait`: a claim made after the caller stopped waiting would be held by nobody.
        wait.throwIfAborted();
        await open();
        const held = String(await run(CLAIM, [key(tenantId, 'external-id', externalId)], [token, claimLeaseMs]));
        if (held === 'claimed') return { kind: 'claimed', token };
        if (held.startsWith('seller:')) return { kind: 'bound', sellerId: held.slice('seller:'.length) };
        await defaultSleep(pollMs, wait);
      }
    },
    async releaseExternalId(tenantId, externalId, token) {
      await open();
      await run(IF_HELD, [key(tenantId, 'external-id', externalId)], [`claim:${token}`]);
    },
    async findExternalId(tenantId, externalId) {
      await open();
      const held = await redis.get(key(tenantId, 'external-id', externalId));
      return held?.startsWith('seller:') ? held.slice('seller:'.length) : null;
    },
    async withEmail(tenantId, email) {
      await open();
      return redis.smembers(key(tenantId, 'email', email));
    },
    async changeEmail(tenantId, sellerId, from, to) {
      await open();
      const change = redis.multi();
      if (from) change.srem(key(tenantId, 'email', from), sellerId);
      if (to) change.sadd(key(tenantId, 'email', to), sellerId);
      await change.exec();
    },
    async page(tenantId, request) {
      await open();
      const [mode, cursor] = 'before' in request ? ['before', request.before] : request.after === undefined ? ['first', ''] : ['after', request.after];
      const ids = (await run(PAGE, [sellersKey(tenantId)], [mode, cursor, request.size])) as string[] | null;
      if (ids === null) return null;
      const hasMore = ids.length > request.size;
      return { ids: mode === 'before' ? ids.slice(-request.size) : ids.slice(0, request.size), hasMore };
    },
    async positions(tenantId, ids) {
      await open();
      if (ids.length === 0) return [];
      const read = redis.multi();
      for (const id of ids) read.zrevrank(sellersKey(tenantId), id);
      const results = (await read.exec()) ?? [];
      return results.map(([error, rank]) => {
        if (error) throw error;
        return rank === null ? null : Number(rank);
      });
    },
    async backfill(tenantId, scan, wait) {
      await open();
      if (backfilled.has(tenantId)) return;
      let running = backfilling.get(tenantId);
      if (!running) {
        running = runBackfill(tenantId, scan).finally(() => backfilling.delete(tenantId));
        backfilling.set(tenantId, running);
      }
      await untilAborted(running, wait);
    },
    async close() {
      if (closing.signal.aborted) return;
      closing.abort(new Error('seller index closed'));
      await Promise.allSettled(backfilling.values());
      await connection.close();
    },
  };
}
