import { expect } from 'vitest';
import { createOmsClient, OmsError, type OmsClient, type OmsClientOptions } from '../../src/oms/index.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/app.js';
import type { SandboxOptionsInput } from '../../src/sandbox/options.js';

/** What went over the wire: the client's real requests and the sandbox's real answers. */
export interface Exchange {
  method: string;
  /** Below the base URL, query included, as sent (still percent-encoded). */
  path: string;
  headers: Headers;
  body: string;
  status: number | 'no answer';
  responseHeaders: Headers | undefined;
}

/** Wraps a fetch to record each exchange; the wrapped fetch still does all the work. */
export function recordingFetch(inner: typeof fetch, baseUrl: string) {
  const exchanges: Exchange[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const exchange: Exchange = {
      method: request.method,
      path: request.url.slice(baseUrl.length),
      headers: request.headers,
      body: await request.clone().text(),
      status: 'no answer',
      responseHeaders: undefined,
    };
    exchanges.push(exchange);
    const response = await inner(input, init);
    exchange.status = response.status;
    exchange.responseHeaders = response.headers;
    return response;
  };
  return { fetch: wrapped, exchanges };
}

export interface Harness {
  sandbox: Sandbox;
  client: OmsClient;
  /** Every delay the client asked its injected sleep for, in order. */
  sleeps: number[];
  exchanges: Exchange[];
  /** The recording fetch, for tests that wrap it to hold or watch a request and still record it. */
  fetch: typeof fetch;
  /** A client of the same sandbox with other options (same recorder). */
  clientWith(options: Partial<OmsClientOptions>): OmsClient;
}

/**
 * A fresh sandbox and a client on its in-process fetch. Backoff sleeps return at once and jitter is
 * fixed at 0.5, so retry tests run in no time and delays are exact.
 */
export function harness(input: { sandbox?: SandboxOptionsInput; client?: Partial<OmsClientOptions> } = {}): Harness {
  const sandbox = createSandbox(input.sandbox);
  const recorder = recordingFetch(sandbox.fetch, sandbox.baseUrl);
  const sleeps: number[] = [];
  const clientWith = (options: Partial<OmsClientOptions>) =>
    createOmsClient({
      baseUrl: sandbox.baseUrl,
      ...sandbox.accounts[0]!,
      fetch: recorder.fetch,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...input.client,
      ...options,
    });
  return { sandbox, client: clientWith({}), sleeps, exchanges: recorder.exchanges, fetch: recorder.fetch, clientWith };
}

/** The OmsError a promise rejects with; fails the test when it resolves or throws something else. */
export async function omsError(promise: Promise<unknown>): Promise<OmsError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(OmsError);
    return error as OmsError;
  }
  throw new Error('expected the call to fail with an OmsError, but it succeeded');
}

/** A JSON answer, for fake fetches that play a misbehaving OMS. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export const TOKEN_ANSWER = {
  accessToken: 'tok_fake',
  tokenType: 'bearer',
  expiresIn: 3600,
  expiresAt: '2030-01-01T00:00:00Z',
};

/** Collects an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** A promise and its resolve, for tests that wait on "this has happened". */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
