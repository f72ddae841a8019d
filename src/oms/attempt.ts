/** One HTTP exchange with OMS under a deadline: the answer, or why there is none. */

export type Outcome =
  /** The two headers the client reads, lower-cased names; null when absent. */
  | { kind: 'answer'; status: number; text: string; requestId: string | null; retryAfter: string | null }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted'; reason: unknown };

export interface AttemptRequest {
  method: string;
  /** Below the base URL, query included, already encoded. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** The whole attempt, queueing, connecting and the body included. */
  timeoutMs: number;
  /** The caller's signal; its abort ends the attempt as `aborted`, not as a timeout. */
  signal: AbortSignal | undefined;
}

/**
 * Sends one request and reads the whole body before the deadline. Never rejects. Two implementations:
 * attempt-undici.ts (the default: undici's dispatcher on a keep-alive pool) and attempt-fetch.ts (an
 * injected or the global fetch: the sandbox's in-process app, and the baseline benchmarks compare with).
 */
export type Attempt = (request: AttemptRequest) => Promise<Outcome>;

/** `promise`, or a rejection as soon as `signal` aborts, whichever comes first. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
