import { afterEach, describe, expect, it } from 'vitest';
import { createOmsClient, OmsError } from '../../src/oms/index.js';
import { harness, json, omsError, TOKEN_ANSWER, type Harness } from './support.js';

/** A client of a fake OMS that issues tokens and answers everything else with `answer`. */
function clientAnswering(answer: (url: string) => Response) {
  return createOmsClient({
    baseUrl: 'https://oms.test/v0.9',
    apiKey: 'k',
    apiSecret: 's',
    sleep: async () => undefined,
    fetch: async (input) => (String(input).endsWith('/auth/token') ? json(200, TOKEN_ANSWER) : answer(String(input))),
  });
}

const CUSTOMER = { id: 'cst_1', object: 'customer', status: 'active', endorsements: [], createdAt: '2030-01-01T00:00:00Z' };

describe('OMS client: errors', () => {
  let h: Harness | undefined;
  afterEach(() => h?.sandbox.close());

  it('maps a 404 to OmsError with code, param, requestId and endpoint', async () => {
    h = harness();
    const error = await omsError(h.client.customers.get('cst_missing'));
    expect(error).toMatchObject({
      name: 'OmsError',
      status: 404,
      code: 'resource_not_found',
      endpoint: 'GET /customers/{id}',
      retryable: false,
      attempts: 1,
    });
    expect(error.detail).toContain('cst_missing');
    expect(error.message).toMatch(/^OMS GET \/customers\/\{id\} failed \(404 resource_not_found\): /);
    expect(error.requestId).toBe(h.exchanges.at(-1)!.responseHeaders!.get('x-request-id'));
    expect(h.client.stats().byEndpoint['GET /customers/{id}']).toBe(1);
  });

  it('maps a 400 validation error with the offending param', async () => {
    h = harness();
    const error = await omsError(h.client.customers.create({ phone: '555-1234' }));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', param: 'phone', endpoint: 'POST /customers', retryable: false });
    expect(error.requestId).toMatch(/^req_/);
  });

  it('names the endpoint and the field path of an unexpected body', async () => {
    const client = clientAnswering((url) =>
      url.includes('/customers/')
        ? json(200, { ...CUSTOMER, createdAt: 5 }, { 'X-Request-Id': 'req_bad' })
        : json(200, { data: [CUSTOMER, { ...CUSTOMER, status: 'frozen' }], hasMore: false }),
    );
    const single = await omsError(client.customers.get('cst_1'));
    expect(single).toMatchObject({ status: 200, code: 'invalid_response', endpoint: 'GET /customers/{id}', requestId: 'req_bad', retryable: false });
    expect(single.message).toMatch(/^OMS GET \/customers\/\{id\} returned an unexpected body: createdAt: expected string/);

    const list = await omsError(client.customers.list());
    expect(list.message).toMatch(/^OMS GET \/customers returned an unexpected body: data\[1\]\.status: expected one of/);
    // A bad shape is not retried: the same call would get the same body.
    expect(client.stats().byEndpoint).toEqual({ 'POST /auth/token': 1, 'GET /customers/{id}': 1, 'GET /customers': 1 });
  });

  it('reports a body that is not JSON as invalid_response', async () => {
    const client = clientAnswering(() => new Response('<html>ok</html>', { status: 200 }));
    const error = await omsError(client.customers.get('cst_1'));
    expect(error).toMatchObject({ code: 'invalid_response', detail: 'the body is not JSON' });
  });

  it('retries a 502 without an OMS error body (a proxy) and reports it by status', async () => {
    const client = clientAnswering(() => new Response('Bad Gateway', { status: 502 }));
    const error = await omsError(client.customers.get('cst_1'));
    expect(error).toMatchObject({ status: 502, code: 'unavailable', retryable: true, attempts: 4 });
  });

  it('rejects a malformed token answer as invalid_response of POST /auth/token', async () => {
    const client = createOmsClient({
      baseUrl: 'https://oms.test/v0.9',
      apiKey: 'k',
      apiSecret: 's',
      fetch: async () => json(200, { ...TOKEN_ANSWER, tokenType: 'mac' }),
    });
    const error = await omsError(client.customers.get('cst_1'));
    expect(error).toMatchObject({ code: 'invalid_response', endpoint: 'POST /auth/token' });
    expect(error.message).toContain('tokenType: expected "bearer"');
  });

  it('percent-encodes path parameters and refuses dot segments without a call', async () => {
    h = harness();
    await omsError(h.client.customers.get('cst_1/../../wallets?x=1#y'));
    expect(h.exchanges.at(-1)!.path).toBe('/customers/cst_1%2F..%2F..%2Fwallets%3Fx%3D1%23y');
    h.client.resetStats();
    for (const id of ['..', '.', '']) {
      const error = await omsError(h.client.customers.get(id));
      expect(error).toMatchObject({ status: 0, code: 'invalid_argument', param: 'id', attempts: 0 });
    }
    expect(h.client.stats().total).toBe(0);
  });

  it('refuses bad options at construction, naming them', () => {
    expect(() => createOmsClient({ baseUrl: 'oms.test', apiKey: '', apiSecret: 's', retry: { maxAttempts: 0 } })).toThrow(
      /baseUrl must be an http\(s\) URL; apiKey is required; retry.maxAttempts must be an integer >= 1/,
    );
  });

  it("carries OMS's Retry-After as retryAfterMs on any error answer, uncapped; null without one", async () => {
    h = harness({ client: { retry: { maxAttempts: 1 } } });
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 429, retryAfterSeconds: 7, times: 1 });
    expect(await omsError(h.client.customers.list())).toMatchObject({ status: 429, retryAfterMs: 7_000 });
    // Past maxRetryAfterMs (30 s): the client would wait less, but the caller hears what OMS asked.
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 503, retryAfterSeconds: 120, times: 1 });
    expect(await omsError(h.client.customers.list())).toMatchObject({ status: 503, retryAfterMs: 120_000 });
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 503, times: 1 });
    expect(await omsError(h.client.customers.list())).toMatchObject({ status: 503, retryAfterMs: null });
    expect(await omsError(h.client.customers.get('cst_missing'))).toMatchObject({ status: 404, retryAfterMs: null });
  });

  it('is an Error with the OMS error as its fields', () => {
    const error = new OmsError({ status: 409, code: 'quote_already_accepted', detail: 'taken', endpoint: 'POST /transactions', retryable: false });
    expect(error).toBeInstanceOf(Error);
    expect(error.withAttempts(3)).toMatchObject({ attempts: 3, code: 'quote_already_accepted', message: error.message, retryAfterMs: null });
    const limited = new OmsError({ status: 429, code: 'rate_limited', detail: 'slow', endpoint: 'GET /customers', retryable: true, retryAfterMs: 1_000 });
    expect(limited.withAttempts(2)).toMatchObject({ attempts: 2, retryAfterMs: 1_000 });
  });
});
