import type { RedisClient, RedisTarget } from '../../redis/connect.js';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Caller, Tenant } from '../caller.js';
import type { Charge, RequestBudgets } from './limits.js';
import { checkedPrefix, type LimitsConnection, limitsConnection, tenantTag } from './redis-connection.js';

/** Every budget is per minute: requestsPerMinute says so. */
const DURATION_SECONDS = 60;

export interface RequestBudgetsOptions {
  /**
   * The Redis every gateway instance shares. A URL or a Cluster's nodes: the budgets open their own connection and close
   * it on close. A connection: used as it is and left open. Without it, budgets are per process.
   */
  redis?: RedisClient | RedisTarget;
  /** First part of every key (default "omsgw"), so one Redis can hold several gateways apart; no braces. */
  prefix?: string;
  /** Errors of a connection made here (an outage, say); charges keep answering meanwhile. */
  onError?: (error: Error) => void;
}

/**
 * Operation budgets with rate-limiter-flexible: fixed one-minute windows, in Redis when given one
 * (shared by every instance), else in memory. While Redis is away each instance falls back to an
 * in-memory limiter of the same size (the library's insurance limiter): the tenant gets up to its
 * budget per instance instead of every request failing.
 */
export function createRequestBudgets(options: RequestBudgetsOptions = {}): RequestBudgets {
  const prefix = checkedPrefix(options.prefix ?? 'omsgw');
  const connection: LimitsConnection | undefined = options.redis === undefined ? undefined : limitsConnection(options.redis, options.onError ?? (() => {}));
  // Limits differ per tenant, and a limiter has one size: one limiter per size, made when first needed.
  const limiters = new Map<string, RateLimiterAbstract>();
  let closed = false;

  function limiter(points: number): RateLimiterAbstract {
    const size = `${points}/${DURATION_SECONDS}`;
    let found = limiters.get(size);
    if (!found) {
      const shape = { points, duration: DURATION_SECONDS, keyPrefix: prefix };
      found = connection
        ? new RateLimiterRedis({
            ...shape,
            storeClient: connection.redis,
            // A connection that is not ready goes straight to the insurance limiter instead of waiting for Redis.
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(shape),
          })
        : new RateLimiterMemory(shape);
      limiters.set(size, found);
    }
    return found;
  }

  /** Takes one point of `key`; undefined when taken, else the milliseconds until the window has room. */
  async function take(key: string, points: number): Promise<number | undefined> {
    try {
      await limiter(points).consume(key);
      return undefined;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, refusal.msBeforeNext);
      throw refusal;
    }
  }

  return {
    async charge(caller: Caller): Promise<Charge> {
      if (closed) throw new Error('request budgets used after close');
      await connection?.settled();
      const { id, limits } = caller.tenant;
      const sellerKey = caller.role === 'seller' ? `${tenantTag(id)}:budget:seller:${caller.sellerId}` : undefined;
      if (sellerKey) {
        // The seller's own budget first, so a seller over its share never spends the tenant's.
        const wait = await take(sellerKey, sellerBudget(limits));
        if (wait !== undefined) return { ok: false, retryAfterMs: wait, scope: 'seller' };
      }
      const wait = await take(`${tenantTag(id)}:budget:tenant`, limits.requestsPerMinute);
      if (wait === undefined) return { ok: true };
      // Refused for the tenant: the seller's point is given back, so its share is not spent on nothing.
      if (sellerKey)
        await limiter(sellerBudget(limits))
          .reward(sellerKey, 1)
          .catch(() => undefined);
      return { ok: false, retryAfterMs: wait, scope: 'tenant' };
    },
    async close() {
      if (closed) return;
      closed = true;
      await connection?.close();
    },
  };
}

/** A seller's operations per minute: its share of the tenant's, at least one so a small share never locks it out. */
export function sellerBudget(limits: Tenant['limits']): number {
  return Math.max(1, Math.floor(limits.sellerShare * limits.requestsPerMinute));
}
