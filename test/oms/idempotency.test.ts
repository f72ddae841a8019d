import { afterEach, describe, expect, it } from 'vitest';
import { harness, omsError, type Harness } from './support.js';

describe('OMS client: idempotency keys', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  it('sends a generated UUID key on every POST and none on GET or PATCH', async () => {
    h = harness();
    const created = await h.client.customers.create({ firstName: 'Ada' });
    await h.client.customers.update(created.id, { lastName: 'Lovelace' });
    await h.client.customers.get(created.id);
    const keys = h.exchanges.map((e) => `${e.method} ${e.headers.get('idempotency-key') ?? '-'}`);
    expect(keys[0]).toBe('POST -'); // the token exchange
    expect(keys[1]).toMatch(/^POST [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys.slice(2)).toEqual(['PATCH -', 'GET -']);
  });

  it('generates a new key per call, so two calls make two customers', async () => {
    h = harness();
    const a = await h.client.customers.create({ firstName: 'Ada' });
    const b = await h.client.customers.create({ firstName: 'Ada' });
    expect(a.id).not.toBe(b.id);
    const [, first, second] = h.exchanges;
    expect(first!.headers.get('idempotency-key')).not.toBe(second!.headers.get('idempotency-key'));
  });

  it('replays the first result for the same key and body', async () => {
    h = harness();
    const first = await h.client.customers.create({ firstName: 'Ada' }, { idempotencyKey: 'seller-42' });
    const again = await h.client.customers.create({ firstName: 'Ada' }, { idempotencyKey: 'seller-42' });
    expect(again).toEqual(first);
    const posts = h.exchanges.filter((e) => e.path === '/customers');
    expect(posts.map((e) => e.headers.get('idempotency-key'))).toEqual(['seller-42', 'seller-42']);
    expect(posts[1]!.responseHeaders!.get('idempotent-replayed')).toBe('true');
    expect((await h.client.customers.list()).data).toHaveLength(1);
  });

  it('reports the same key with another body as 409 idempotency_key_reused', async () => {
    h = harness();
    await h.client.customers.create({ firstName: 'Ada' }, { idempotencyKey: 'seller-42' });
    h.client.resetStats();
    const error = await omsError(h.client.customers.create({ firstName: 'Bob' }, { idempotencyKey: 'seller-42' }));
    expect(error).toMatchObject({ status: 409, code: 'idempotency_key_reused', param: 'Idempotency-Key', retryable: false });
    expect(h.client.stats().byEndpoint).toEqual({ 'POST /customers': 1 });
  });

  it('reports a concurrent duplicate as 409 idempotency_key_in_use, and the first call still succeeds', async () => {
    h = harness();
    await h.client.customers.list(); // token first, so both POSTs leave together
    h.sandbox.faults.latencyMs = 30; // the first call is still in flight when the second arrives
    const [first, second] = await Promise.allSettled([
      h.client.customers.create({ firstName: 'Ada' }, { idempotencyKey: 'dup' }),
      h.client.customers.create({ firstName: 'Ada' }, { idempotencyKey: 'dup' }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    const error = (second as PromiseRejectedResult).reason;
    expect(error).toMatchObject({ status: 409, code: 'idempotency_key_in_use', retryable: true });
    // Flagged retryable, but not retried: a 4xx is the caller's to handle.
    expect(h.client.stats().byEndpoint['POST /customers']).toBe(2);
    // Later, the same call gets the first call's answer.
    const replay = await h.client.customers.create({ firstName: 'Ada' }, { idempotencyKey: 'dup' });
    expect(replay.id).toBe((first as PromiseFulfilledResult<{ id: string }>).value.id);
  });

  it('refuses an empty key without calling OMS', async () => {
    h = harness();
    const error = await omsError(h.client.customers.create({ firstName: 'Ada' }, { idempotencyKey: '' }));
    expect(error).toMatchObject({ status: 0, code: 'invalid_argument', param: 'Idempotency-Key' });
    expect(h.client.stats().total).toBe(0);
  });
});
