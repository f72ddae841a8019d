import { type Attempt, untilAborted } from './attempt.js';

/**
 * Attempts through a `fetch`: the one the sandbox hands the client (its Hono app, in process, so the
 * real client code runs in every test without a socket), or globalThis.fetch as the named baseline of
 * bench/oms-client.ts. Per attempt it costs an AbortController, a timer and AbortSignal.any, which
 * attempt-undici.ts avoids; an in-process fetch has no HTTP stack to save, so it keeps this path.
 */
export function fetchAttempt(fetchFn: typeof fetch, base: string): Attempt {
  return async (request) => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new DOMException('OMS call timed out', 'TimeoutError')), request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    try {
      const init: RequestInit = { method: request.method, headers: request.headers, signal };
      if (request.body !== undefined) init.body = request.body;
      // The race on the signal matters for fetch implementations that ignore it (an in-process fetch):
      // the attempt ends on time either way. The deadline covers the body too: a stalled body is as lost as a stalled answer.
      const response = await untilAborted(fetchFn(`${base}${request.path}`, init), signal);
      const text = await untilAborted(response.text(), signal);
      const { headers } = response;
      return { kind: 'answer', status: response.status, text, requestId: headers.get('x-request-id'), retryAfter: headers.get('retry-after') };
    } catch (error) {
      if (request.signal?.aborted) return { kind: 'aborted', reason: request.signal.reason };
      if (deadline.signal.aborted) return { kind: 'timeout' };
      return { kind: 'network', error };
    } finally {
      clearTimeout(timer);
    }
  };
}
