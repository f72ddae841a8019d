import { afterEach, describe, expect, it } from 'vitest';
import { createOmsClient } from '../../src/oms/index.js';
import { deferred, harness, json, omsError, TOKEN_ANSWER, type Harness } from './support.js';

describe('OMS client: retries', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  /** Creates through injected faults and checks that exactly one customer exists and is the one returned. */
  async function createsExactlyOne() {
    const created = await h.client.customers.create({ firstName: 'Ada' });
    const all = await h.client.customers.list();
    expect(all.data.map((c) => c.id)).toEqual([created.id]);
    return created;
  }

  it('waits as long as Retry-After says on a 429, then succeeds', async () => {
    h = harness();
    h.sandbox.faults.add({ method: 'POST', path: '/customers', status: 429, retryAfterSeconds: 7, times: 1 });
    await createsExactlyOne();
    expect(h.sleeps).toEqual([7_000]);
    expect(h.client.stats().byEndpoint['POST /customers']).toBe(2);
    expect(h.client.stats().retriesByEndpoint).toEqual({ 'POST /customers': 1 });
  });

  it('caps Retry-After at maxRetryAfterMs', async () => {
    h = harness({ client: { retry: { maxRetryAfterMs: 2_500 } } });
    h.sandbox.faults.add({ path: '/customers', status: 429, retryAfterSeconds: 600, times: 1 });
    await h.client.customers.list();
    expect(h.sleeps).toEqual([2_500]);
  });

  it('reads Retry-After as an HTTP-date against the injected clock', async () => {
    h = harness();
    const now = Date.parse('2030-01-01T00:00:00Z');
    let answered = false;
    const client = h.clientWith({
      now: () => now,
      fetch: async (input, init) => {
        if (!answered && String(input).endsWith('/customers')) {
          answered = true;
          return json(429, { error: { code: 'rate_limited', message: 'slow down', requestId: 'req_x' } }, { 'Retry-After': 'Tue, 01 Jan 2030 00:00:12 GMT' });
        }
        return h.sandbox.fetch(input, init);
      },
    });
    await client.customers.list();
    expect(h.sleeps).toEqual([12_000]);
  });

  it("retries a POST whose answer was lost after the work (503, phase 'after'): one customer", async () => {
    h = harness();
    h.sandbox.faults.add({ method: 'POST', path: '/customers', status: 503, phase: 'after', times: 1 });
    await createsExactlyOne();
    const posts = h.exchanges.filter((e) => e.path === '/customers' && e.method === 'POST');
    expect(posts.map((e) => e.status)).toEqual([503, 201]);
    expect(posts[1]!.responseHeaders!.get('idempotent-replayed')).toBe('true');
    expect(new Set(posts.map((e) => e.headers.get('idempotency-key'))).size).toBe(1);
    expect(h.sleeps).toEqual([50]); // full jitter: 0.5 * min(5000, 100 * 2^0)
  });

  it("retries a POST refused before the work (503, phase 'before'): one customer", async () => {
    h = harness();
    h.sandbox.faults.add({ method: 'POST', path: '/customers', status: 503, phase: 'before', times: 2 });
    await createsExactlyOne();
    expect(h.client.stats().byEndpoint['POST /customers']).toBe(3);
    expect(h.sleeps).toEqual([50, 100]);
  });

  it("retries a POST after a 500 with the work done (phase 'after'): one customer", async () => {
    h = harness();
    h.sandbox.faults.add({ method: 'POST', path: '/customers', status: 500, phase: 'after', times: 3 });
    await createsExactlyOne();
    expect(h.client.stats().byEndpoint['POST /customers']).toBe(4);
  });

  it("times out a POST whose work was done (timeout, phase 'after') and retries into the stored answer", async () => {
    // Long enough that the retry, which must be answered, is on a slow machine too (the held one never is).
    h = harness({ client: { timeoutMs: 1_000 } });
    h.sandbox.faults.add({ method: 'POST', path: '/customers', status: 'timeout', phase: 'after', times: 1 });
    await createsExactlyOne();
    expect(h.client.stats().byEndpoint['POST /customers']).toBe(2);
  });

  it("times out a POST held before the work (timeout, phase 'before'): one customer", async () => {
    h = harness({ client: { timeoutMs: 1_000 } });
    h.sandbox.faults.add({ method: 'POST', path: '/customers', status: 'timeout', times: 1 });
    await createsExactlyOne();
  });

  it('gives up after maxAttempts with the last error, backing off exponentially', async () => {
    h = harness({ client: { retry: { baseDelayMs: 1_000, maxDelayMs: 3_000 } } });
    h.sandbox.faults.add({ method: 'GET', path: '/customers/*', status: 503 });
    const error = await omsError(h.client.customers.get('cst_1'));
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryable: true, attempts: 4, endpoint: 'GET /customers/{id}' });
    expect(error.requestId).toMatch(/^req_/);
    expect(h.client.stats().byEndpoint['GET /customers/{id}']).toBe(4);
    expect(h.sleeps).toEqual([500, 1_000, 1_500]); // 0.5 * min(3000, 1000 * 2^n)
  });

  it('reports a timeout as OmsError timeout (status 0) once the attempts run out', async () => {
    h = harness({ client: { timeoutMs: 20, retry: { maxAttempts: 2 } } });
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 'timeout' });
    const error = await omsError(h.client.customers.list());
    expect(error).toMatchObject({ status: 0, code: 'timeout', retryable: true, attempts: 2, endpoint: 'GET /customers' });
  });

  it('does not retry a 400', async () => {
    h = harness();
    const error = await omsError(h.client.customers.create({ email: 'not-an-email' }));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: 'email', attempts: 1 });
    expect(h.client.stats().byEndpoint['POST /customers']).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  it('does not retry a PATCH on 503 (it may have been applied) ...', async () => {
    h = harness();
    const created = await h.client.customers.create({ firstName: 'Ada' });
    h.sandbox.faults.add({ method: 'PATCH', path: '/customers/*', status: 503, times: 1 });
    const error = await omsError(h.client.customers.update(created.id, { lastName: 'Lovelace' }));
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryable: true, attempts: 1 });
    expect(h.client.stats().byEndpoint['PATCH /customers/{id}']).toBe(1);
  });

  it('... nor on a timeout, but does on a 429, which means it was not processed', async () => {
    h = harness();
    const created = await h.client.customers.create({ firstName: 'Ada' });
    h.sandbox.faults.add({ method: 'PATCH', path: '/customers/*', status: 'timeout', times: 1 });
    const held = h.client.customers.update(created.id, { lastName: 'L' }, { timeoutMs: 20 });
    expect(await omsError(held)).toMatchObject({ code: 'timeout', attempts: 1 });
    h.sandbox.faults.add({ method: 'PATCH', path: '/customers/*', status: 429, retryAfterSeconds: 1, times: 1 });
    const updated = await h.client.customers.update(created.id, { lastName: 'Lovelace' });
    expect(updated.lastName).toBe('Lovelace');
    expect(h.client.stats().byEndpoint['PATCH /customers/{id}']).toBe(3);
    expect(h.sleeps).toEqual([1_000]);
  });

  it('retries network errors and reports network_error when they persist', async () => {
    let failures = 1;
    const sleeps: number[] = [];
    const client = createOmsClient({
      baseUrl: 'https://oms.test/v0.9',
      apiKey: 'k',
      apiSecret: 's',
      sleep: async (ms) => void sleeps.push(ms),
      random: () => 0,
      fetch: async (input) => {
        if (String(input).endsWith('/auth/token')) return json(200, TOKEN_ANSWER);
        if (failures-- > 0) throw new TypeError('fetch failed: ECONNRESET');
        return json(200, { data: [], hasMore: false, cursor: null });
      },
    });
    expect((await client.customers.list()).data).toEqual([]);
    expect(client.stats().byEndpoint['GET /customers']).toBe(2);
    failures = 10;
    const error = await omsError(client.customers.list());
    expect(error).toMatchObject({ status: 0, code: 'network_error', retryable: true, attempts: 4 });
    expect(error.detail).toContain('ECONNRESET');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(sleeps).toEqual([0, 0, 0, 0]);
  });

  it('stops waiting when the caller aborts, during a call or during backoff', async () => {
    const fetching = deferred();
    const sleeping = deferred();
    h = harness();
    const client = h.clientWith({
      fetch: async (input, init) => {
        if (String(input).endsWith('/customers')) fetching.resolve();
        return h.sandbox.fetch(input, init);
      },
      // Backoff holds until aborted.
      sleep: (_ms, signal) => {
        sleeping.resolve();
        return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
      },
    });
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 'timeout', times: 1 });
    const duringCall = new AbortController();
    const first = omsError(client.customers.list({}, { signal: duringCall.signal }));
    await fetching.promise;
    duringCall.abort(new Error('the GraphQL request went away'));
    expect(await first).toMatchObject({ status: 0, code: 'aborted', retryable: false, attempts: 1 });

    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 503, times: 1 });
    const duringBackoff = new AbortController();
    const second = omsError(client.customers.list({}, { signal: duringBackoff.signal }));
    await sleeping.promise;
    duringBackoff.abort();
    expect(await second).toMatchObject({ code: 'aborted', attempts: 1 });
  });
});
