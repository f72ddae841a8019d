import { afterEach, describe, expect, it } from 'vitest';
import { createOmsClient } from '../../src/oms/index.js';
import { harness, json, omsError, TOKEN_ANSWER, type Harness } from './support.js';

describe('OMS client: bearer token', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  it('exchanges the API key once and reuses the token', async () => {
    h = harness();
    const created = await h.client.customers.create({ firstName: 'Ada' });
    await h.client.customers.get(created.id);
    await h.client.customers.list();
    const stats = h.client.stats();
    expect(stats.tokenExchanges).toBe(1);
    expect(stats.byEndpoint).toEqual({ 'POST /auth/token': 1, 'POST /customers': 1, 'GET /customers/{id}': 1, 'GET /customers': 1 });
    expect(stats.total).toBe(4);

    const [exchange, ...calls] = h.exchanges;
    expect(exchange!.path).toBe('/auth/token');
    expect(exchange!.headers.get('authorization')).toBeNull();
    expect(exchange!.headers.get('idempotency-key')).toBeNull();
    expect(JSON.parse(exchange!.body)).toEqual(h.sandbox.accounts[0]);
    for (const call of calls) expect(call.headers.get('authorization')).toMatch(/^Bearer oms_at_/);
  });

  it('renews the token before it expires by the injected clock, without a 401', async () => {
    let now = Date.now();
    h = harness({ client: { now: () => now } });
    const created = await h.client.customers.create({ firstName: 'Ada' });
    now += 3600_000 - 61_000; // just outside the 60 s margin: still the first token
    await h.client.customers.get(created.id);
    expect(h.client.stats().tokenExchanges).toBe(1);
    now += 2_000; // inside the margin: renewed proactively
    await h.client.customers.get(created.id);
    const stats = h.client.stats();
    expect(stats.tokenExchanges).toBe(2);
    expect(stats.reauthentications).toBe(0);
    expect(h.exchanges.filter((e) => e.status === 401)).toHaveLength(0);
  });

  it('on token_expired exchanges once more and replays the call once', async () => {
    h = harness({ sandbox: { tokenTtlSeconds: 60 } });
    const created = await h.client.customers.create({ firstName: 'Ada' });
    // OMS's clock passes the expiry; the client's does not, so only the 401 can tell it.
    h.sandbox.clock.advance(61_000);
    h.client.resetStats();
    const fetched = await h.client.customers.get(created.id);
    expect(fetched.id).toBe(created.id);
    const stats = h.client.stats();
    expect(stats.byEndpoint).toEqual({ 'GET /customers/{id}': 2, 'POST /auth/token': 1 });
    expect(stats.reauthentications).toBe(1);
    expect(stats.retriesByEndpoint).toEqual({ 'GET /customers/{id}': 1 });
    expect(h.exchanges.map((e) => e.status)).toEqual([200, 201, 401, 200, 200]);
  });

  it('keeps the idempotency key when a POST is replayed after re-authentication', async () => {
    h = harness({ sandbox: { tokenTtlSeconds: 60 } });
    await h.client.customers.list();
    h.sandbox.clock.advance(61_000);
    await h.client.customers.create({ firstName: 'Ada' });
    const posts = h.exchanges.filter((e) => e.method === 'POST' && e.path === '/customers');
    expect(posts.map((e) => e.status)).toEqual([401, 201]);
    expect(posts[0]!.headers.get('idempotency-key')).toBe(posts[1]!.headers.get('idempotency-key'));
    expect((await h.client.customers.list()).data).toHaveLength(1);
  });

  it('lets concurrent first calls share one exchange', async () => {
    h = harness();
    const created = await Promise.all(Array.from({ length: 8 }, (_, i) => h.client.customers.create({ firstName: `C${i}` })));
    expect(new Set(created.map((c) => c.id)).size).toBe(8);
    expect(h.client.stats().tokenExchanges).toBe(1);
  });

  it('lets concurrent callers that hit an expired token share one renewal', async () => {
    h = harness({ sandbox: { tokenTtlSeconds: 60 } });
    const created = await h.client.customers.create({ firstName: 'Ada' });
    h.sandbox.clock.advance(61_000);
    h.client.resetStats();
    await Promise.all(Array.from({ length: 5 }, () => h.client.customers.get(created.id)));
    const stats = h.client.stats();
    expect(stats.tokenExchanges).toBe(1);
    expect(stats.byEndpoint['GET /customers/{id}']).toBe(10);
  });

  it('fails with OmsError 401 on bad credentials, once, without looping', async () => {
    h = harness();
    const client = h.clientWith({ apiSecret: 'wrong-secret' });
    const error = await omsError(client.customers.get('cst_x'));
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', endpoint: 'POST /auth/token', retryable: false });
    expect(error.requestId).toMatch(/^req_/);
    expect(client.stats().byEndpoint).toEqual({ 'POST /auth/token': 1 });
    // The failure is not cached: the next call tries again.
    await omsError(client.customers.get('cst_x'));
    expect(client.stats().tokenExchanges).toBe(2);
  });

  it('gives up after one re-authentication when OMS keeps answering 401', async () => {
    let exchanges = 0;
    const client = createOmsClient({
      baseUrl: 'https://oms.test/v0.9',
      apiKey: 'k',
      apiSecret: 's',
      fetch: async (input) => {
        if (String(input).endsWith('/auth/token')) return json(200, { ...TOKEN_ANSWER, accessToken: `tok_${++exchanges}` });
        return json(401, { error: { code: 'unauthorized', message: 'no', requestId: 'req_1' } });
      },
    });
    const error = await omsError(client.customers.get('cst_1'));
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', endpoint: 'GET /customers/{id}', attempts: 2 });
    expect(client.stats().byEndpoint).toEqual({ 'POST /auth/token': 2, 'GET /customers/{id}': 2 });
  });
});
