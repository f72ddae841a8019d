import { type Dispatcher, Pool } from 'undici';
import type { Attempt, AttemptRequest, Outcome } from './attempt.js';

/** How the client's own connection pool to OMS is built; see undiciAttempt. */
export interface PoolOptions {
  /** Sockets open to OMS at most; beyond them calls queue, their timeout running. Default: no limit, as fetch's. */
  connections?: number | null;
  /** How long an idle socket is kept for the next call, unless OMS's Keep-Alive header says less. Default 4 000 (undici's). */
  keepAliveTimeoutMs?: number;
}

/**
 * Attempts over undici's dispatcher on a keep-alive Pool for the base URL's origin: the default transport.
 *
 * Why `dispatch` with a handler of our own rather than undici's `request` or `fetch`: per call, fetch
 * builds WHATWG Request, Response, Headers and body streams and wants an AbortController, a timer and
 * AbortSignal.any to hold one deadline; `request` still makes an AsyncResource and a Readable for a
 * body we read whole anyway. The handler below gets the status, the two headers it needs and the
 * body chunks straight from the parser, holds ONE timer for the whole attempt (queueing, connecting
 * and the body included, as the fetch path's deadline does) and listens on the caller's signal
 * itself, so nothing is allocated to combine them. Measured on loopback with a small JSON answer (issue
 * 10): fetch ~230 µs of client CPU per call, `request` ~50, this ~31; bench/oms-client.ts has the figures
 * through the whole client.
 *
 * The Pool's own headers and body timeouts are off (0): the handler's timer is the one deadline.
 * Sockets idle between calls are unref'd by undici, so an idle client never holds the process open.
 */
export function undiciAttempt(baseUrl: string, options: PoolOptions = {}): Attempt {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/+$/, '');
  const pool = new Pool(url.origin, {
    connections: options.connections ?? null,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  return (request) =>
    new Promise<Outcome>((resolve) => {
      const exchange = new Exchange(resolve, request);
      if (exchange.settled) return;
      pool.dispatch({ path: prefix + request.path, method: request.method, headers: request.headers, body: request.body ?? null }, exchange);
    });
}

const TIMED_OUT = 'OMS call timed out';

/**
 * One attempt's state and undici's handler for it. It resolves once: with the answer, a network error,
 * the timeout or the caller's abort, whichever is first; a timeout or an abort also aborts undici's
 * request (which closes its socket: HTTP/1.1 cannot cancel one request and keep the connection).
 * It is its own abort listener (`handleEvent`), and the timer gets it as an argument: no closures.
 */
class Exchange implements Dispatcher.DispatchHandler {
  settled = false;
  readonly #resolve: (outcome: Outcome) => void;
  readonly #signal: AbortSignal | undefined;
  readonly #timer: NodeJS.Timeout | undefined;
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #requestId: string | null = null;
  #retryAfter: string | null = null;
  #chunks: Buffer[] = [];

  constructor(resolve: (outcome: Outcome) => void, request: AttemptRequest) {
    this.#resolve = resolve;
    this.#signal = request.signal;
    if (request.signal?.aborted) {
      this.#settle({ kind: 'aborted', reason: request.signal.reason });
      return;
    }
    this.#timer = setTimeout(timedOut, request.timeoutMs, this);
    request.signal?.addEventListener('abort', this);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Still queued when the deadline or the abort came: it must not be sent now. undici offers no way
    // to take a request out of its queue, so it is aborted here, which costs that socket (a call waits
    // that long only behind a capped pool or a connection slow to open).
    if (this.settled) controller.abort(new Error(TIMED_OUT));
    else this.#controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (statusCode < 200) return; // 1xx: the real answer follows
    this.#status = statusCode;
    this.#requestId = first(headers['x-request-id']);
    this.#retryAfter = first(headers['retry-after']);
    this.#chunks = [];
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    const chunks = this.#chunks;
    const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    this.#settle({ kind: 'answer', status: this.#status, text, requestId: this.#requestId, retryAfter: this.#retryAfter });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#settle({ kind: 'network', error });
  }

  /** The caller's signal fired. */
  handleEvent(): void {
    const reason: unknown = this.#signal?.reason;
    if (this.#settle({ kind: 'aborted', reason })) this.#controller?.abort(reason instanceof Error ? reason : new Error('aborted by the caller'));
  }

  timedOut(): void {
    if (this.#settle({ kind: 'timeout' })) this.#controller?.abort(new Error(TIMED_OUT));
  }

  /** Resolves with `outcome` unless already settled; true when this call settled it. */
  #settle(outcome: Outcome): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this);
    this.#chunks = [];
    this.#resolve(outcome);
    return true;
  }
}

function timedOut(exchange: Exchange): void {
  exchange.timedOut();
}

function first(value: string | string[] | undefined): string | null {
  return value === undefined ? null : typeof value === 'string' ? value : (value[0] ?? null);
}
