import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Every query and mutation has a deadline, and the OMS work done for it stops when the deadline passes
 * or the client goes away. OMS calls are counted where they reach the sandbox (a fetch wrapped around
 * its own), and the gateway's log says when it gave up: explicit signals, no sleeps.
 */

interface LogLine {
  level: number;
  msg: string;
  code?: string;
  [key: string]: unknown;
}

let t: TestGateway;
const calls: string[] = [];
const lines: LogLine[] = [];
const waiters: { until: (line: LogLine) => boolean; resolve: () => void }[] = [];
let firstCall: (() => void) | undefined;

/** Resolves once the gateway logs a line matching `until`. */
const logged = (until: (line: LogLine) => boolean) => new Promise<void>((resolve) => (lines.some(until) ? resolve() : waiters.push({ until, resolve })));

let sellerId: string;
beforeAll(async () => {
  const stream = {
    write(text: string) {
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const w of waiters.filter((w) => w.until(line))) w.resolve();
    },
  };
  t = await startTestGateway({
    logger: pino({ level: 'info' }, stream),
    omsFetch: (inner) => async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      calls.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/^\/v0\.9/, '')}`);
      firstCall?.();
      return inner(input, init);
    },
  });
  const created = await t.request(
    t.keys.acme,
    'mutation { createSeller(input: { firstName: "Dead", lastName: "Line", email: "deadline@example.com" }) { seller { id } } }',
  );
  sellerId = created.data!.createSeller.seller.id;
  // Its endorsement events are routed (a lookup of the seller) before any test counts its calls.
  await t.sandbox.idle();
});
afterAll(() => t?.close());

const sellerCalls = () => calls.filter((c) => c === `GET /customers/${sellerId}`).length;

describe('the operation deadline (10 s by default)', () => {
  it('answers three OMS 429s with Retry-After 30 at once: RATE_LIMITED with Retry-After 30, one OMS call, no retry', async () => {
    const remove = t.sandbox.faults.add({ method: 'GET', path: `/customers/${sellerId}`, status: 429, retryAfterSeconds: 30, times: 3 });
    const before = sellerCalls();
    const response = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.acme}` },
      body: JSON.stringify({ query: `{ seller(id: "${sellerId}") { id } }` }),
    });
    const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
    remove();
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 30, requestId: expect.any(String) });
    expect(response.headers.get('retry-after')).toBe('30');
    // Waiting 30 s would pass the deadline: the client did not wait, so OMS saw the first call only.
    expect(sellerCalls() - before).toBe(1);
  });

  it('stops the OMS calls of a client that went away: no retry reaches OMS after the disconnect', async () => {
    // OMS asks for 5 s between tries; the client leaves during the first wait.
    const remove = t.sandbox.faults.add({ method: 'GET', path: `/customers/${sellerId}`, status: 503, retryAfterSeconds: 5, times: 3 });
    const before = sellerCalls();
    const reached = new Promise<void>((resolve) => (firstCall = resolve));
    const client = new AbortController();
    const request = fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.acme}`, 'x-request-id': 'leaving-client' },
      body: JSON.stringify({ query: `{ seller(id: "${sellerId}") { id } }` }),
      signal: client.signal,
    }).catch((error: unknown) => error);
    await reached;
    firstCall = undefined;
    client.abort();
    expect(await request).toMatchObject({ name: 'AbortError' });
    // The gateway's signal: the OMS call ended as aborted, during the wait, before any retry.
    await logged((line) => line.requestId === 'leaving-client' && line.code === 'aborted');
    remove();
    expect(sellerCalls() - before).toBe(1);
  });
});

describe('logs', () => {
  it('a client’s mistakes are info lines with a code, without stack traces or the values sent', async () => {
    const secret = `ada-${'x'.repeat(2_000)}@example.com`;
    const from = lines.length;
    await t.request(t.keys.acme, `{ viewer { role } "${secret}"`);
    await t.request(t.keys.acme, `{ seller(id: "${secret}") { nope } }`);
    await t.request(t.keys.acme, 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } } }', {
      input: { email: secret, firstName: 1 },
    });
    // A marker: the last request's own line has arrived once this one's has.
    await t.request(t.keys.acme, '{ viewer { rolez } }');
    await logged((line) => line.code === 'GRAPHQL_VALIDATION_FAILED' && lines.indexOf(line) >= from + 3);
    const mine = lines.slice(from);
    expect(mine.filter((line) => line.level >= 40)).toEqual([]);
    expect(JSON.stringify(mine)).not.toContain(secret.slice(0, 40));
    expect(JSON.stringify(mine)).not.toContain('"stack"');
    expect(mine.map((line) => line.code)).toEqual(expect.arrayContaining(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']));
  });
});
