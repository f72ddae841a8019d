import type { z } from 'zod';
import { failureError, parseAnswer, type Answer } from './answers.js';
import { attempt, untilAborted } from './attempt.js';
import { OmsError } from './errors.js';
import { backoffMs, mayRetry, retryAfterMs, retryClassOf, type RetryClass, type RetryOptions, type Sleep } from './retry.js';
import { tokenResponse } from './schemas/index.js';
import { createCallCounter, TOKEN_ENDPOINT, type OmsCallStats } from './stats.js';
import { createTokenSource } from './token.js';

/**
 * Everything every OMS call needs: the bearer token, Idempotency-Keys, deadlines, retries, parsing
 * and call counting. Resource modules describe calls; this runs them.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Per call: the caller's cancellation and, rarely, a deadline other than the client's. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
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
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  fetch: typeof fetch;
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
}

interface Prepared {
  endpoint: string;
  method: Method;
  url: string;
  body: string | undefined;
  retryClass: RetryClass;
  authenticated: boolean;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  timeoutMs: number;
}

const REAUTH_CODES = new Set(['unauthorized', 'token_expired']);

export function createTransport(options: TransportOptions): Transport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const counter = createCallCounter();
  const tokens = createTokenSource({
    now: options.now,
    refreshMarginMs: options.tokenRefreshMarginMs,
    // Not tied to any caller's signal: the exchange is shared, and one caller giving up must not fail the rest.
    exchange: async () => {
      const body = JSON.stringify({ apiKey: options.apiKey, apiSecret: options.apiSecret });
      const headers = { accept: 'application/json', 'content-type': 'application/json' };
      const request: Prepared = {
        endpoint: TOKEN_ENDPOINT,
        method: 'POST',
        url: `${base}/auth/token`,
        body,
        headers,
        retryClass: 'safe',
        authenticated: false,
        signal: undefined,
        timeoutMs: options.timeoutMs,
      };
      return parseAnswer(request.endpoint, await perform(request), tokenResponse);
    },
  });

  function prepare(call: Call): Prepared {
    const endpoint = `${call.method} ${call.template}`;
    const path = call.template.replace(/\{(\w+)\}/g, (_, name: string) => segment(endpoint, name, call.path?.[name]));
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined && value !== null) search.append(name, String(value));
    }
    const query = search.toString();
    const headers: Record<string, string> = { accept: 'application/json' };
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (call.method === 'POST') {
      const key = call.options?.idempotencyKey ?? options.newIdempotencyKey();
      if (key === '') throw argumentError(endpoint, 'Idempotency-Key', 'the idempotency key must not be empty');
      // One key for the whole call, retries included: that is what makes a repeated POST harmless.
      headers['idempotency-key'] = key;
    }
    if (call.options?.sandboxOutcome) headers['x-sandbox-outcome'] = call.options.sandboxOutcome;
    return {
      endpoint,
      method: call.method,
      url: `${base}${path}${query ? `?${query}` : ''}`,
      body,
      headers,
      retryClass: retryClassOf(call.method),
      authenticated: true,
      signal: call.options?.signal,
      timeoutMs: call.options?.timeoutMs ?? options.timeoutMs,
    };
  }

  async function perform(request: Prepared): Promise<Answer> {
    let sends = 0;
    let failures = 0;
    let reauthenticated = false;
    for (;;) {
      const token = request.authenticated ? await tokenFor(request) : undefined;
      const headers = token === undefined ? request.headers : { ...request.headers, authorization: `Bearer ${token}` };
      counter.sent(request.endpoint, sends > 0);
      sends += 1;
      const outcome = await attempt(options.fetch, { ...request, headers });
      if (outcome.kind === 'answer' && outcome.status < 400) return outcome;
      if (outcome.kind === 'aborted') throw abortedError(request.endpoint, outcome.reason, sends);
      const error = failureError(request.endpoint, request.timeoutMs, outcome);
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
      const told = outcome.kind === 'answer' ? retryAfterMs(outcome.headers.get('retry-after'), options.now(), options.retry.maxRetryAfterMs) : undefined;
      await options.sleep(told ?? backoffMs(failures, options.retry, options.random), request.signal);
      if (request.signal?.aborted) throw abortedError(request.endpoint, request.signal.reason, sends);
    }
  }

  async function tokenFor(request: Prepared): Promise<string> {
    try {
      return await untilAborted(tokens.get(), request.signal);
    } catch (error) {
      if (request.signal?.aborted) throw abortedError(request.endpoint, request.signal.reason, 0);
      throw error;
    }
  }

  return {
    async request(call, schema) {
      const request = prepare(call);
      return parseAnswer(request.endpoint, await perform(request), schema);
    },
    async requestNoContent(call) {
      await perform(prepare(call));
    },
    stats: () => counter.snapshot(),
    resetStats: () => counter.reset(),
  };
}

function abortedError(endpoint: string, reason: unknown, attempts: number): OmsError {
  return new OmsError({ status: 0, code: 'aborted', detail: 'the caller aborted the call', endpoint, retryable: false, cause: reason, attempts });
}

function argumentError(endpoint: string, param: string, detail: string): OmsError {
  return new OmsError({ status: 0, code: 'invalid_argument', detail, endpoint, retryable: false, param, attempts: 0 });
}

/** One encoded path segment. "." and ".." are refused: URL parsers fold them (even as %2E) into another path. */
function segment(endpoint: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '' || value === '.' || value === '..') {
    throw argumentError(endpoint, name, `path parameter ${name} must name a resource, got ${JSON.stringify(value)}`);
  }
  return encodeURIComponent(value);
}
