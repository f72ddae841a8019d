import type { z } from 'zod';
import { failureError, parseAnswer, type Answer } from './answers.js';
import { type Attempt, untilAborted } from './attempt.js';
import { abortedError, attemptBudget, deadlineError, OUT_OF_TIME, untilTimeout } from './deadline.js';
import type { OmsError } from './errors.js';
import { prepare, type Prepared } from './prepare.js';
import { backoffMs, mayRetry, retryAfterMs, type RetryOptions, type Sleep } from './retry.js';
import type { OmsScope } from './scope.js';
import { tokenResponse } from './schemas/index.js';
import { createCallCounter, TOKEN_ENDPOINT, type OmsCallStats } from './stats.js';
import { createTokenSource, type TokenSource } from './token.js';

/**
 * Everything every OMS call needs: the bearer token, deadlines, cancellation, retries, parsing and
 * call counting. Resource modules describe calls; prepare.ts turns them into requests; this runs them.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * Per call; a scoped client (OmsClient.within) fills in signal and deadlineAt when the call gives none.
 * An aborted signal or a passed deadline starts no attempt and no retry.
 */
export interface CallOptions {
  /** The caller's cancellation: aborts the attempt in flight and any wait; the call fails `aborted`. */
  signal?: AbortSignal;
  /** Per attempt, instead of the client's timeoutMs; cut to what is left before deadlineAt. */
  timeoutMs?: number;
  /** Absolute time on the client's clock (options.now) by which the call must be answered, retries included. */
  deadlineAt?: number;
  /** Ask OMS itself, never a cache in front of the client (src/cache): for lookups whose cost must not depend on what was read before. */
  fresh?: boolean;
  /** Sent with every attempt besides the client's own headers, which win: a tracer's `traceparent` (src/tracing). */
  headers?: Readonly<Record<string, string>>;
  /** Told the status of the answer and the HTTP attempts it took (re-authentication included) when OMS answers below 400. */
  answered?: (status: number, attempts: number) => void;
}

/** Per POST: the caller's Idempotency-Key (one is generated otherwise) and the sandbox's forced outcome. */
export interface WriteOptions extends CallOptions {
  /** Use a key derived from the caller's own operation id to make the call safe to repeat across processes. */
  idempotencyKey?: string;
  /** Sandbox only: sent as X-Sandbox-Outcome to force a simulated outcome. */
  sandboxOutcome?: string;
}

export interface Call {
  method: Method;
  /** Path below the base URL with {name} placeholders; method and template name the endpoint in stats and errors. */
  template: string;
  path?: Record<string, string>;
  /** Undefined and null values are left out. */
  query?: object;
  body?: unknown;
  options?: WriteOptions | undefined;
}

export interface TransportOptions {
  apiKey: string;
  apiSecret: string;
  /** Sends one HTTP request below the base URL: attempt-undici.ts or attempt-fetch.ts. */
  attempt: Attempt;
  timeoutMs: number;
  retry: RetryOptions;
  sleep: Sleep;
  random: () => number;
  now: () => number;
  newIdempotencyKey: () => string;
  tokenRefreshMarginMs: number;
}

export interface Transport {
  /** Runs the call and parses the 2xx body with `schema`; every failure is an OmsError. */
  request<S extends z.ZodType>(call: Call, schema: S): Promise<z.output<S>>;
  /** Runs a call whose success carries no body worth reading (204 deletes). */
  requestNoContent(call: Call): Promise<void>;
  stats(): OmsCallStats;
  resetStats(): void;
  /** A view of this transport for one operation, when a decorator keeps per-operation state (src/cache). */
  scoped?(scope: OmsScope): Transport;
}

const REAUTH_CODES = new Set(['unauthorized', 'token_expired']);

/** The transport at the bottom of a client: it also holds the account's token (readiness asks it, src/ops). */
export function createTransport(options: TransportOptions): Transport & { tokens: TokenSource } {
  const prepareOptions = { timeoutMs: options.timeoutMs, newIdempotencyKey: options.newIdempotencyKey };
  const counter = createCallCounter();
  const tokens = createTokenSource({
    now: options.now,
    refreshMarginMs: options.tokenRefreshMarginMs,
    // Not tied to any caller's signal or deadline: the exchange is shared, and one caller giving up must not fail the rest.
    exchange: async () => {
      const body = JSON.stringify({ apiKey: options.apiKey, apiSecret: options.apiSecret });
      const headers = { accept: 'application/json', 'content-type': 'application/json' };
      const request: Prepared = {
        endpoint: TOKEN_ENDPOINT,
        method: 'POST',
        path: '/auth/token',
        body,
        headers,
        retryClass: 'safe',
        authenticated: false,
        signal: undefined,
        timeoutMs: options.timeoutMs,
        deadlineAt: undefined,
      };
      return parseAnswer(request.endpoint, await perform(request), tokenResponse);
    },
  });

  async function perform(request: Prepared): Promise<Answer> {
    let sends = 0;
    let failures = 0;
    let reauthenticated = false;
    let last: OmsError | undefined;
    for (;;) {
      if (request.signal?.aborted) throw abortedError(request.endpoint, request.signal.reason, sends);
      // Checked before the token too: a call already out of time must not start a token exchange.
      if (request.deadlineAt !== undefined && options.now() >= request.deadlineAt) throw deadlineError(request.endpoint, sends, last);
      // The token in hand needs no wait, so no timer or listener for one: only an exchange is waited for.
      const token = request.authenticated ? (tokens.peek() ?? (await tokenFor(request, sends))) : undefined;
      const budget = attemptBudget(request.timeoutMs, request.deadlineAt, options.now());
      if (budget.timeoutMs <= 0) throw deadlineError(request.endpoint, sends, last);
      const headers = token === undefined ? request.headers : { ...request.headers, authorization: `Bearer ${token}` };
      counter.sent(request.endpoint, sends > 0);
      sends += 1;
      const { method, path, body, signal } = request;
      const outcome = await options.attempt({ method, path, headers, body, timeoutMs: budget.timeoutMs, signal });
      if (outcome.kind === 'answer' && outcome.status < 400) {
        request.answered?.(outcome.status, sends);
        return outcome;
      }
      if (outcome.kind === 'aborted') throw abortedError(request.endpoint, outcome.reason, sends);
      if (outcome.kind === 'timeout' && budget.byDeadline) throw deadlineError(request.endpoint, sends, last);
      const error = failureError(request.endpoint, request.timeoutMs, outcome, options.now());
      // Contract decision 1: a 401 means the token died early; exchange once more and replay once.
      if (token !== undefined && error.status === 401 && !reauthenticated && REAUTH_CODES.has(error.code)) {
        reauthenticated = true;
        tokens.invalidate(token);
        counter.reauthenticated();
        continue;
      }
      failures += 1;
      const failure = outcome.kind === 'answer' ? { kind: 'status' as const, status: outcome.status } : { kind: outcome.kind };
      if (failures >= options.retry.maxAttempts || !mayRetry(request.retryClass, failure)) throw error.withAttempts(sends);
      const told = outcome.kind === 'answer' ? retryAfterMs(outcome.retryAfter, options.now(), options.retry.maxRetryAfterMs) : undefined;
      const wait = told ?? backoffMs(failures, options.retry, options.random);
      last = error.withAttempts(sends);
      // A wait that ends at or past the deadline leaves no time to retry: OMS's own answer, with its
      // Retry-After, tells the caller more now than deadline_exceeded would later.
      if (request.deadlineAt !== undefined && options.now() + wait >= request.deadlineAt) throw last;
      await options.sleep(wait, request.signal);
    }
  }

  async function tokenFor(request: Prepared, sends: number): Promise<string> {
    const left = request.deadlineAt === undefined ? undefined : request.deadlineAt - options.now();
    try {
      // Only this caller's wait ends early; the shared exchange runs on for the other callers.
      return await untilAborted(untilTimeout(tokens.get(), left), request.signal);
    } catch (error) {
      if (request.signal?.aborted) throw abortedError(request.endpoint, request.signal.reason, sends);
      if (error === OUT_OF_TIME) throw deadlineError(request.endpoint, sends);
      throw error;
    }
  }

  return {
    async request(call, schema) {
      const request = prepare(call, prepareOptions);
      return parseAnswer(request.endpoint, await perform(request), schema);
    },
    async requestNoContent(call) {
      await perform(prepare(call, prepareOptions));
    },
    stats: () => counter.snapshot(),
    resetStats: () => counter.reset(),
    tokens,
  };
}
