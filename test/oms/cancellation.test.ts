import { afterEach, describe, expect, it } from 'vitest';
import { deferred, harness, omsError, type Harness } from './support.js';

/** The recording fetch, with the token exchange held until `release` and a signal once it was asked for. */
function heldTokenExchange(h: Harness) {
  const asked = deferred();
  const release = deferred();
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (String(input).endsWith('/auth/token')) {
      asked.resolve();
      await release.promise;
    }
    return h.fetch(input, init);
  };
  return { asked: asked.promise, release: release.resolve, client: h.clientWith({ fetch }) };
}

describe('OMS client: cancellation', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  it('stops in the retry wait when the scope aborts: no further request reaches OMS', async () => {
    const sleeping = deferred<number>();
    h = harness();
    const client = h.clientWith({
      // The backoff holds until aborted, as the real sleep does.
      sleep: (ms, signal) => {
        sleeping.resolve(ms);
        return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
      },
    });
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 429, retryAfterSeconds: 2, times: 1 });
    const operation = new AbortController();
    const call = omsError(client.within({ signal: operation.signal }).customers.list());
    expect(await sleeping.promise).toBe(2_000);
    const before = h.exchanges.length;
    operation.abort(new Error('the GraphQL client went away'));
    expect(await call).toMatchObject({ status: 0, code: 'aborted', retryable: false, attempts: 1 });
    expect(h.exchanges.length).toBe(before);
    expect(client.stats().byEndpoint['GET /customers']).toBe(1);
    // The rule's one 429 was used; the sandbox is fine, the call simply did not come back.
    await client.customers.list();
    expect(h.exchanges.length).toBe(before + 1);
  });

  it('aborts the attempt in flight, down to the fetch it was given', async () => {
    h = harness();
    const requested = deferred<AbortSignal>();
    const client = h.clientWith({
      fetch: async (input, init) => {
        if (String(input).endsWith('/customers')) requested.resolve(init!.signal!);
        return h.fetch(input, init);
      },
    });
    await omsError(client.customers.get('cst_missing')); // the token, so only the list is in flight
    h.sandbox.faults.latencyMs = 60_000;
    const operation = new AbortController();
    const call = omsError(client.customers.list({}, { signal: operation.signal }));
    const fetchSignal = await requested.promise;
    expect(fetchSignal.aborted).toBe(false);
    operation.abort();
    expect(await call).toMatchObject({ code: 'aborted', attempts: 1 });
    expect(fetchSignal.aborted).toBe(true);
    expect(client.stats().byEndpoint['GET /customers']).toBe(1);
  });

  it('sends nothing when the signal aborted before the call', async () => {
    h = harness();
    const error = await omsError(h.client.customers.create({ firstName: 'Ada' }, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: 'aborted', attempts: 0 });
    expect(h.exchanges).toEqual([]);
  });

  it("stops one caller's wait for the shared token exchange, which still serves the others", async () => {
    h = harness();
    const held = heldTokenExchange(h);
    const operation = new AbortController();
    const leaving = omsError(held.client.within({ signal: operation.signal }).customers.list());
    const staying = held.client.customers.list();
    await held.asked;
    operation.abort();
    expect(await leaving).toMatchObject({ code: 'aborted', attempts: 0, endpoint: 'GET /customers' });
    held.release();
    expect((await staying).data).toEqual([]);
    expect(held.client.stats()).toMatchObject({ tokenExchanges: 1, byEndpoint: { 'POST /auth/token': 1, 'GET /customers': 1 } });
    expect(h.exchanges.map((e) => [e.path, e.status])).toEqual([
      ['/auth/token', 200],
      ['/customers', 200],
    ]);
  });

  it('ends the wait for the token exchange at the deadline, leaving the exchange to the others', async () => {
    h = harness();
    const held = heldTokenExchange(h);
    const late = omsError(held.client.within({ deadlineAt: Date.now() + 30 }).customers.list());
    const patient = held.client.customers.list();
    await held.asked;
    expect(await late).toMatchObject({ status: 0, code: 'deadline_exceeded', retryable: false, attempts: 0 });
    held.release();
    expect((await patient).data).toEqual([]);
    expect(held.client.stats().tokenExchanges).toBe(1);
  });
});
