/** One HTTP exchange with OMS under a deadline: the answer, or why there is none. */

export type Outcome =
  | { kind: 'answer'; status: number; headers: Headers; text: string }
  | { kind: 'network'; error: unknown }
  | { kind: 'timeout' }
  | { kind: 'aborted'; reason: unknown };

export interface AttemptRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  /** The caller's signal; its abort ends the attempt as `aborted`, not as a timeout. */
  signal: AbortSignal | undefined;
}

/**
 * Sends once and reads the whole body before the deadline. Never throws. The deadline covers the body
 * too, since a stalled body is as lost as a stalled answer. The race on the signal matters for fetch
 * implementations that ignore it (an in-process fetch): the attempt ends on time either way.
 */
export async function attempt(fetchFn: typeof fetch, request: AttemptRequest): Promise<Outcome> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DOMException('OMS call timed out', 'TimeoutError')), request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
  try {
    const init: RequestInit = { method: request.method, headers: request.headers, signal };
    if (request.body !== undefined) init.body = request.body;
    const response = await untilAborted(fetchFn(request.url, init), signal);
    const text = await untilAborted(response.text(), signal);
    return { kind: 'answer', status: response.status, headers: response.headers, text };
  } catch (error) {
    if (request.signal?.aborted) return { kind: 'aborted', reason: request.signal.reason };
    if (deadline.signal.aborted) return { kind: 'timeout' };
    return { kind: 'network', error };
  } finally {
    clearTimeout(timer);
  }
}

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
