import { type Client, createClient, type ExecutionResult, NetworkError } from 'graphql-sse';
import { MARKER } from './markers.js';

/**
 * Subscribers over Server-Sent Events with graphql-sse's own client (distinct connections mode, on
 * Node's fetch), as a dashboard on Apollo Client, urql or Relay would use it: results are collected,
 * markers set apart, and everything is waited on with promises that fail on a deadline.
 */

/** A graphql-sse client of the gateway's /graphql with `token` as bearer; it never retries, so a refusal is seen as it is. */
export function sseClient(url: string, token: string | undefined, headers: Record<string, string> = {}): Client {
  return createClient({ url, retryAttempts: 0, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
}

/** How a subscription ended: completed by the server, or refused/broken (an HTTP answer carries its status, headers and JSON body). */
export type Ending = { kind: 'complete' } | { kind: 'error'; message: string; status?: number; body?: RefusalBody; headers?: Headers };

/** A refusal answered over HTTP: GraphQL errors as JSON. */
export interface RefusalBody {
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface Pushed {
  cursor: string;
  event: string;
  transaction: { id: string; status: string };
}

export interface SseWatcher {
  /** Every result pushed (errors included), the tests' markers left out. */
  readonly results: ExecutionResult<Record<string, Pushed>, unknown>[];
  /** What `field` carried in each result without errors. */
  pushed(): Pushed[];
  /** The stream was accepted (HTTP 200 with text/event-stream). */
  readonly opened: Promise<void>;
  readonly ended: Promise<Ending>;
  /** Resolves with the results once `done` holds for them; fails after `ms`, naming what came. */
  until(done: (results: SseWatcher['results']) => boolean, what: string, ms?: number): Promise<SseWatcher['results']>;
  /** Waits for the marker `id` (appended by the caller, deliverable to this subscription): everything before it has come. */
  marker(id: string, ms?: number): Promise<SseWatcher['results']>;
  /** Completes the subscription from the client's side (the connection is aborted). */
  stop(): void;
}

/** Subscribes over `client`; `field` is the subscription's root field, whose `event` tells markers apart. */
export function watchSse(client: Client, request: { query: string; variables?: Record<string, unknown> }, field = 'transactionUpdated'): SseWatcher {
  const results: SseWatcher['results'] = [];
  const markers = new Set<string>();
  const waiters = new Set<() => void>();
  let ending: Ending | undefined;
  let opened!: () => void;
  let ended!: (ending: Ending) => void;
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const finish = (how: Ending) => {
    ending = how;
    ended(how);
    wake();
  };
  const watcher = {
    results,
    opened: new Promise<void>((resolve) => (opened = resolve)),
    ended: new Promise<Ending>((resolve) => (ended = resolve)),
  };
  const stop = client.subscribe<Record<string, Pushed>>(
    request,
    {
      next: (value) => {
        const pushed = value.data?.[field];
        if (!value.errors && pushed?.event === MARKER) markers.add(pushed.transaction.id);
        else results.push(value);
        wake();
      },
      error: (error) => {
        const message = error instanceof Error ? error.message : JSON.stringify(error);
        const response = error instanceof NetworkError ? (error.response as Response | undefined) : undefined;
        if (!response) return finish({ kind: 'error', message });
        response.json().then(
          (body) => finish({ kind: 'error', message, status: response.status, headers: response.headers, body: body as RefusalBody }),
          () => finish({ kind: 'error', message, status: response.status, headers: response.headers }),
        );
      },
      complete: () => finish({ kind: 'complete' }),
    },
    { connected: () => opened() },
  );

  function until(done: (got: SseWatcher['results']) => boolean, what: string, ms = 5_000): Promise<SseWatcher['results']> {
    return new Promise((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve([...results]);
      };
      const check = () => {
        if (done(results)) settle();
        else if (ending) settle(new Error(`the subscription ended (${JSON.stringify(ending)}) before ${what}; received ${JSON.stringify(results)}`));
      };
      const timer = setTimeout(() => settle(new Error(`timed out after ${ms} ms waiting for ${what}; received ${JSON.stringify(results)}`)), ms);
      waiters.add(check);
      check();
    });
  }

  return {
    ...watcher,
    pushed: () => results.flatMap((r) => (r.errors || !r.data?.[field] ? [] : [r.data[field]!])),
    until,
    marker: (id, ms) => until(() => markers.has(id), `the marker ${id}`, ms),
    stop,
  };
}
