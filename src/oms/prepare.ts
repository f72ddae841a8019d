import { OmsError } from './errors.js';
import { retryClassOf, type RetryClass } from './retry.js';
import type { Call, Method } from './transport.js';

/** A call turned into the HTTP request the transport sends, with everything that bounds it. */
export interface Prepared {
  endpoint: string;
  method: Method;
  /** Below the base URL, query included. */
  path: string;
  body: string | undefined;
  retryClass: RetryClass;
  authenticated: boolean;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  /** Absolute, on the client's clock; undefined: only timeoutMs and the retry limits bound the call. */
  deadlineAt: number | undefined;
  answered?: ((status: number, attempts: number) => void) | undefined;
}

export interface PrepareOptions {
  timeoutMs: number;
  newIdempotencyKey: () => string;
}

/** Builds URL, headers and body; a path parameter that cannot name a resource is refused before anything is sent. */
export function prepare(call: Call, options: PrepareOptions): Prepared {
  const endpoint = `${call.method} ${call.template}`;
  const path = call.template.replace(/\{(\w+)\}/g, (_, name: string) => segment(endpoint, name, call.path?.[name]));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(call.query ?? {})) {
    if (value !== undefined && value !== null) search.append(name, String(value));
  }
  const query = search.toString();
  const headers: Record<string, string> = { ...call.options?.headers, accept: 'application/json' };
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
    path: query ? `${path}?${query}` : path,
    body,
    headers,
    retryClass: retryClassOf(call.method),
    authenticated: true,
    signal: call.options?.signal,
    timeoutMs: call.options?.timeoutMs ?? options.timeoutMs,
    deadlineAt: call.options?.deadlineAt,
    answered: call.options?.answered,
  };
}

function argumentError(endpoint: string, param: string, detail: string): OmsError {
  return new OmsError({ status: 0, code: 'invalid_argument', detail, endpoint, retryable: false, param, attempts: 0 });
}

/**
 * One encoded path segment. "." and ".." are refused: URL parsers fold them (even as %2E) into another
 * path; so is text that is not well-formed UTF-16 (a lone surrogate), which no URL can carry.
 */
function segment(endpoint: string, name: string, value: string | undefined): string {
  if (value === undefined || value === '' || value === '.' || value === '..' || !isWellFormed(value)) {
    throw argumentError(endpoint, name, `path parameter ${name} must name a resource, got ${JSON.stringify(value)}`);
  }
  return encodeURIComponent(value);
}

/** Whether `text` is well-formed UTF-16: no lone surrogate (String#isWellFormed, which TypeScript's ES2022 lib lacks). */
function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
