import { createClient } from 'graphql-ws';
import { type Document, gatewayError, operationPayload } from './client.js';
import { DashboardActivityDocument, type DashboardActivitySubscription } from './generated/graphql.js';

export type ActivityEvent = DashboardActivitySubscription['activity'];

/** Where the live stream stands, for the page to show. */
export type LiveStatus =
  | { state: 'connecting' }
  | { state: 'live' }
  | { state: 'reconnecting'; attempt: number; retryInMs: number }
  /** The token was refused (expired, revoked, or not a token): signing in again is the only way on. */
  | { state: 'signed-out' };

export interface LiveOptions {
  /** The graphql-ws URL (config.ts: socketUrl). */
  url: string;
  token: string;
  trustedDocuments: boolean;
  onEvent(event: ActivityEvent): void;
  onStatus(status: LiveStatus): void;
  /** Each time a socket is acknowledged, with whether the stream resumes from a cursor (else the page re-reads its snapshot). */
  onConnected(resuming: boolean): void;
  /** The wait before the n-th consecutive retry (1, 2, …); exponential with jitter, at most 30 s, by default. */
  retryDelay?(attempt: number): number;
}

/** Close codes after which retrying with the same token cannot help: 4403 the token or session is refused, 4400 a bad message. */
const FINAL_CLOSE_CODES = new Set([4400, 4403]);
const SESSION_ERROR_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);

const defaultRetryDelay = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1)) + Math.floor(Math.random() * 250);

/**
 * The `activity` subscription, kept alive: one stream, one cursor. Every event's cursor is kept; when
 * the socket drops (or the gateway ends the stream, e.g. on shutdown), it subscribes again on a new
 * socket with `after` set to the last cursor, so the gateway replays what happened meanwhile and then
 * goes on live, with no gap and no repeat. graphql-ws's own retry is off (`retryAttempts: 0`) because
 * it re-subscribes with the variables it started with; the loop here re-subscribes with the cursor.
 * Answers a function that stops it.
 */
export function watchActivity(options: LiveOptions): () => void {
  const retryDelay = options.retryDelay ?? defaultRetryDelay;
  let cursor: string | undefined;
  let attempt = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe: (() => void) | undefined;
  let resuming = false;

  const client = createClient({
    url: options.url,
    connectionParams: { authorization: `Bearer ${options.token}` },
    retryAttempts: 0,
    on: {
      connected: () => {
        attempt = 0;
        options.onStatus({ state: 'live' });
        options.onConnected(resuming);
      },
    },
  });

  function subscribe(): void {
    if (stopped) return;
    resuming = cursor !== undefined;
    const payload = operationPayload(
      DashboardActivityDocument as Document<unknown, { after?: string | null }>,
      { after: cursor ?? null },
      options.trustedDocuments,
    );
    let ended = false;
    const end = (error: unknown) => {
      if (ended) return;
      ended = true;
      unsubscribe = undefined;
      if (!stopped) retryOrStop(error);
    };
    const request = { query: payload.query ?? '', variables: payload.variables, ...(payload.extensions ? { extensions: payload.extensions } : {}) };
    unsubscribe = client.subscribe<DashboardActivitySubscription>(request, {
      next: (result) => {
        const event = result.data?.activity;
        // An event the gateway could not resolve in full still moves the cursor: it is in the log, and replaying it would fail alike.
        if (event) {
          cursor = event.cursor;
          // graphql-ws itself re-sends this request after a socket closed normally (1000), which no gateway does
          // but a proxy may: it then resumes after the last cursor too, not after the one it started with.
          request.variables.after = cursor;
          options.onEvent(event);
        }
      },
      error: end,
      // The gateway ends a stream it cannot go on with (shutdown tells clients to reconnect elsewhere): resume.
      complete: () => end(undefined),
    });
  }

  function retryOrStop(error: unknown): void {
    if (isFinal(error)) {
      options.onStatus({ state: 'signed-out' });
      return;
    }
    // A cursor the gateway no longer takes (BAD_USER_INPUT: e.g. issued before a secret rotation): start afresh, snapshot and all.
    if (Array.isArray(error) && gatewayError(error).code === 'BAD_USER_INPUT') cursor = undefined;
    attempt += 1;
    const retryInMs = retryDelay(attempt);
    options.onStatus({ state: 'reconnecting', attempt, retryInMs });
    retryTimer = setTimeout(subscribe, retryInMs);
  }

  options.onStatus({ state: 'connecting' });
  subscribe();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    unsubscribe?.();
    void client.dispose();
  };
}

/** Whether the stream ended for good: the socket closed with a final code, or the gateway refused the token. */
function isFinal(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number') return FINAL_CLOSE_CODES.has(error.code);
  return Array.isArray(error) && SESSION_ERROR_CODES.has(gatewayError(error).code);
}
