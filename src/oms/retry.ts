/** When and how long the client waits before trying a failed OMS call again. */

export interface RetryOptions {
  /** Tries per call, the first included (a re-authentication replay after a 401 is not counted). */
  maxAttempts: number;
  /** Backoff before retry n is a random share of min(maxDelayMs, baseDelayMs * 2^(n-1)) ("full jitter"). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it, so one answer cannot park a request for minutes. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000, maxRetryAfterMs: 30_000 };

/** Waits `ms`; resolves early (without throwing) when `signal` aborts, so the caller decides what abort means. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

/**
 * How a call may be repeated. `safe`: reads and the token exchange. `keyed`: POSTs, whose
 * Idempotency-Key makes a repeat return the first result instead of doing the work twice.
 * `unkeyed`: PATCH and DELETE, which OMS does not deduplicate, so they are repeated only after an
 * answer that proves nothing was done (429; 401 is handled by re-authentication).
 */
export type RetryClass = 'safe' | 'keyed' | 'unkeyed';

export function retryClassOf(method: string): RetryClass {
  if (method === 'GET' || method === 'HEAD') return 'safe';
  return method === 'POST' ? 'keyed' : 'unkeyed';
}

/** A failed attempt as the retry policy sees it. */
export type Failure = { kind: 'status'; status: number } | { kind: 'network' } | { kind: 'timeout' };

export function mayRetry(retryClass: RetryClass, failure: Failure): boolean {
  if (failure.kind === 'status' && failure.status === 429) return true;
  if (retryClass === 'unkeyed') return false;
  // A lost connection or a timeout may hide a processed request: safe for reads and keyed POSTs only.
  return failure.kind !== 'status' || failure.status >= 500;
}

/** Capped exponential backoff with full jitter; `retry` is 1 for the first retry. */
export function backoffMs(retry: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP-date (RFC 9110 10.2.3), capped by
 * maxRetryAfterMs. Undefined when absent or unreadable, so the caller falls back to backoff.
 */
export function retryAfterMs(header: string | null, now: number, maxRetryAfterMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, maxRetryAfterMs);
}
