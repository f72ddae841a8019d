/**
 * A token bucket per tenant: `requestsPerMinute` tokens, refilled continuously, one per GraphQL
 * request. In memory, so per instance; behind N instances a tenant gets up to N times its limit.
 */
export interface RateLimiter {
  /** Takes a token; when none is left, answers how long until one is. */
  take(tenantId: string, perMinute: number): { ok: true } | { ok: false; retryAfterMs: number };
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(tenantId, perMinute) {
      const t = now();
      const perMs = perMinute / 60_000;
      const bucket = buckets.get(tenantId) ?? { tokens: perMinute, at: t };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (t - bucket.at) * perMs);
      bucket.at = t;
      buckets.set(tenantId, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
    },
  };
}
