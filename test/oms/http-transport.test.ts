import { afterEach, describe, expect, it } from 'vitest';
import { httpHarness, type HttpHarness } from './http-support.js';
import { omsError } from './support.js';

/**
 * The client's default transport (undici's dispatcher on a keep-alive pool) against the sandbox served
 * over real loopback HTTP: what the in-process suites prove through an injected fetch, proven here
 * through real sockets, plus what only sockets have (reuse, resets).
 */
describe('OMS client over HTTP: the undici transport', () => {
  let h: HttpHarness;
  afterEach(() => h.close());

  // undici hands a socket back to the pool one event-loop turn after its answer (so a server that
  // closes despite keep-alive is noticed first); a call made at once takes the pool's other socket.
  // Calls one after another therefore alternate between two kept-alive sockets, as with fetch.
  it('sends calls one after another over two kept-alive connections at most', async () => {
    h = await httpHarness();
    const created = await h.client.customers.create({ firstName: 'Ada', lastName: 'Lovelace' });
    for (let i = 0; i < 40; i += 1) expect((await h.client.customers.get(created.id)).id).toBe(created.id);
    expect((await h.client.customers.list()).data.map((c) => c.id)).toEqual([created.id]);
    expect(h.client.stats()).toMatchObject({ total: 43, tokenExchanges: 1 });
    expect(h.wire.connections.length).toBeLessThanOrEqual(2);
    expect(h.wire.closed).toBe(0);
  });

  it('opens a connection per call in flight at once, and reuses them afterwards', async () => {
    h = await httpHarness();
    await h.client.customers.list(); // the token and a first call
    h.sandbox.faults.latencyMs = 20; // so that the 8 below overlap
    await Promise.all(Array.from({ length: 8 }, () => h.client.customers.list()));
    const opened = h.wire.connections.length;
    expect(opened).toBeGreaterThanOrEqual(8);
    expect(opened).toBeLessThanOrEqual(10);
    // At most one more: the first call after the burst may find every socket still being handed back.
    for (let i = 0; i < 20; i += 1) await h.client.customers.list();
    await Promise.all(Array.from({ length: 8 }, () => h.client.customers.list()));
    expect(h.wire.connections.length).toBeLessThanOrEqual(opened + 2);
    expect(h.wire.closed).toBe(0);
  });

  it('sends the method, headers and body the in-process path sends, and maps OMS error answers the same', async () => {
    h = await httpHarness();
    const created = await h.client.customers.create({ firstName: 'Ada' }, { idempotencyKey: 'op-1', sandboxOutcome: 'completed' });
    const post = h.exchanges.find((e) => e.method === 'POST' && e.path === '/customers')!;
    expect(post.headers.get('idempotency-key')).toBe('op-1');
    expect(post.headers.get('x-sandbox-outcome')).toBe('completed');
    expect(post.headers.get('content-type')).toBe('application/json');
    expect(post.headers.get('authorization')).toMatch(/^Bearer oms_at_/);
    expect(JSON.parse(post.body)).toEqual({ firstName: 'Ada' });
    await h.client.customers.list({ limit: 5, externalId: 'a b&c' });
    expect(h.exchanges.at(-1)!.path).toBe('/customers?limit=5&externalId=a+b%26c');

    const missing = await omsError(h.client.customers.get('cst_missing'));
    expect(missing).toMatchObject({ status: 404, code: 'resource_not_found', endpoint: 'GET /customers/{id}', retryable: false, attempts: 1 });
    expect(missing.requestId).toBe(h.exchanges.at(-1)!.responseHeaders!.get('x-request-id'));
    const invalid = await omsError(h.client.customers.update(created.id, { phone: '555' }));
    expect(invalid).toMatchObject({ status: 400, code: 'invalid_request', param: 'phone' });
  });

  it('waits out Retry-After on a 503, keeping the connection', async () => {
    h = await httpHarness();
    await h.client.customers.list();
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 503, retryAfterSeconds: 2, times: 1 });
    expect((await h.client.customers.list()).data).toEqual([]);
    expect(h.sleeps).toEqual([2_000]);
    expect(h.exchanges.slice(-2).map((e) => e.status)).toEqual([503, 200]);
    expect(h.client.stats().retriesByEndpoint).toEqual({ 'GET /customers': 1 });
    expect(h.wire.closed).toBe(0);
  });

  it('times an attempt out, closes its connection, and retries into a success', async () => {
    // Long enough that every attempt but the held one is answered on a slow machine too.
    h = await httpHarness({ client: { timeoutMs: 1_000 } });
    await h.client.customers.list();
    h.sandbox.faults.add({ method: 'POST', path: '/customers', status: 'timeout', phase: 'after', times: 1 });
    const created = await h.client.customers.create({ firstName: 'Ada' });
    expect(h.client.stats().byEndpoint['POST /customers']).toBe(2);
    expect((await h.client.customers.list()).data.map((c) => c.id)).toEqual([created.id]);
    // The timed-out request's socket was given up (HTTP/1.1 cannot cancel one request); no other.
    await h.wire.closedCount(1);
    expect(h.wire.closed).toBe(1);

    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 'timeout' });
    const error = await omsError(h.clientWith({ timeoutMs: 30, retry: { maxAttempts: 2 } }).customers.list());
    expect(error).toMatchObject({ status: 0, code: 'timeout', retryable: true, attempts: 2, endpoint: 'GET /customers' });
  });

  it('cuts the attempt to the deadline and says deadline_exceeded', async () => {
    h = await httpHarness();
    await h.client.customers.list();
    h.sandbox.faults.latencyMs = 60_000;
    const started = performance.now();
    const error = await omsError(h.client.customers.list({}, { deadlineAt: Date.now() + 50 }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ status: 0, code: 'deadline_exceeded', retryable: false, attempts: 1 });
  });

  it("ends the attempt in flight when the caller aborts: 'aborted', its socket closed, nothing retried", async () => {
    h = await httpHarness();
    await h.client.customers.list();
    h.sandbox.faults.latencyMs = 60_000;
    const operation = new AbortController();
    const arrived = h.wire.arrival('/customers');
    const call = omsError(h.client.within({ signal: operation.signal }).customers.list());
    await arrived;
    operation.abort(new Error('the GraphQL client went away'));
    expect(await call).toMatchObject({ status: 0, code: 'aborted', retryable: false, attempts: 1 });
    await h.wire.closedCount(1);
    expect(h.client.stats().byEndpoint['GET /customers']).toBe(2);
    expect(await omsError(h.client.customers.list({}, { signal: AbortSignal.abort() }))).toMatchObject({ code: 'aborted', attempts: 0 });
  });

  it('ends a call still queued for a connection at its timeout', async () => {
    h = await httpHarness({ client: { pool: { connections: 1 } } });
    await h.client.customers.list();
    h.sandbox.faults.latencyMs = 60_000;
    const arrived = h.wire.arrival('/customers');
    const hold = new AbortController();
    const holding = omsError(h.client.customers.list({}, { signal: hold.signal }));
    await arrived; // the pool's one connection is taken
    const started = performance.now();
    const queued = await omsError(h.client.customers.list({}, { timeoutMs: 30 }));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(queued).toMatchObject({ code: 'timeout', attempts: 4 });
    expect(h.exchanges.filter((e) => e.path === '/customers')).toHaveLength(2); // the queued attempts never went out
    hold.abort();
    expect(await holding).toMatchObject({ code: 'aborted' });
  });

  it('retries a connection reset: a GET, and a POST with its key (one customer)', async () => {
    h = await httpHarness();
    await h.client.customers.list();
    h.wire.resetNext('/customers');
    expect((await h.client.customers.list()).data).toEqual([]);
    h.wire.resetNext('/customers');
    const created = await h.client.customers.create({ firstName: 'Ada' });
    expect((await h.client.customers.list()).data.map((c) => c.id)).toEqual([created.id]);
    expect(h.client.stats().retriesByEndpoint).toEqual({ 'GET /customers': 1, 'POST /customers': 1 });

    h.wire.resetNext('/customers', 10);
    const error = await omsError(h.client.customers.list());
    expect(error).toMatchObject({ status: 0, code: 'network_error', retryable: true, attempts: 4 });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('re-authenticates once after a 401 token_expired and replays the call', async () => {
    h = await httpHarness({ sandbox: { tokenTtlSeconds: 60 } });
    const created = await h.client.customers.create({ firstName: 'Ada' });
    h.sandbox.clock.advance(61_000);
    h.client.resetStats();
    expect((await h.client.customers.get(created.id)).id).toBe(created.id);
    expect(h.client.stats()).toMatchObject({ reauthentications: 1, byEndpoint: { 'GET /customers/{id}': 2, 'POST /auth/token': 1 } });
    expect(h.exchanges.map((e) => e.status)).toEqual([200, 201, 401, 200, 200]);
  });

  it("keeps the former fetch path as transport: 'fetch', answering alike; refuses an unknown transport", async () => {
    h = await httpHarness();
    const baseline = h.clientWith({ transport: 'fetch' });
    const created = await baseline.customers.create({ firstName: 'Ada' });
    expect(await h.client.customers.get(created.id)).toEqual(await baseline.customers.get(created.id));
    expect(await omsError(baseline.customers.get('cst_missing'))).toMatchObject({ status: 404, code: 'resource_not_found' });
    expect(() => h.clientWith({ transport: 'curl' as 'fetch' })).toThrow(/transport must be 'undici' or 'fetch'/);
  });

  it('reports a refused connection as network_error after its retries', async () => {
    h = await httpHarness();
    const client = h.clientWith({ baseUrl: 'http://127.0.0.1:1/v0.9' });
    expect(await omsError(client.customers.list())).toMatchObject({ status: 0, code: 'network_error', endpoint: 'POST /auth/token', attempts: 4 });
  });
});
