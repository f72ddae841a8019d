import { afterEach, describe, expect, it } from 'vitest';
import { harness, omsError, type Harness } from './support.js';

/**
 * A client whose clock moves only when it sleeps: Retry-After and backoff waits are recorded, return
 * at once, and use up the deadline exactly as real waits would.
 */
function onVirtualTime(h: Harness) {
  const clock = { now: Date.now(), sleeps: [] as number[] };
  const client = h.clientWith({
    now: () => clock.now,
    sleep: async (ms) => {
      clock.sleeps.push(ms);
      clock.now += ms;
    },
  });
  return { clock, client };
}

describe('OMS client: deadlines', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  it('fails at once with the 429 and its Retry-After when waiting would pass the deadline', async () => {
    h = harness();
    const { clock, client } = onVirtualTime(h);
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 429, retryAfterSeconds: 30, times: 3 });
    const error = await omsError(client.customers.list({}, { deadlineAt: clock.now + 10_000 }));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryable: true, retryAfterMs: 30_000, attempts: 1 });
    expect(clock.sleeps).toEqual([]);
    expect(client.stats().byEndpoint['GET /customers']).toBe(1);
  });

  it('does the same for a 503 whose Retry-After ends past the deadline', async () => {
    h = harness();
    const { clock, client } = onVirtualTime(h);
    h.sandbox.faults.add({ method: 'GET', path: '/customers/*', status: 503, retryAfterSeconds: 20, times: 1 });
    const error = await omsError(client.customers.get('cst_1', { deadlineAt: clock.now + 5_000 }));
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryable: true, retryAfterMs: 20_000, attempts: 1 });
    expect(clock.sleeps).toEqual([]);
    expect(h.exchanges.at(-1)!.responseHeaders!.get('retry-after')).toBe('20');
  });

  it('does the same when the backoff, with no Retry-After, would end past the deadline', async () => {
    h = harness({ client: { retry: { baseDelayMs: 4_000 } } });
    const { clock, client } = onVirtualTime(h);
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 503, times: 1 });
    const error = await omsError(client.customers.list({}, { deadlineAt: clock.now + 1_000 }));
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryAfterMs: null, attempts: 1 });
    expect(clock.sleeps).toEqual([]);
  });

  it('still waits out a Retry-After that fits, keeping one Idempotency-Key, and succeeds', async () => {
    h = harness();
    const { clock, client } = onVirtualTime(h);
    h.sandbox.faults.add({ method: 'POST', path: '/customers', status: 429, retryAfterSeconds: 1, times: 2 });
    const created = await client.customers.create({ firstName: 'Ada' }, { deadlineAt: clock.now + 10_000 });
    expect(clock.sleeps).toEqual([1_000, 1_000]);
    const posts = h.exchanges.filter((e) => e.method === 'POST' && e.path === '/customers');
    expect(posts.map((e) => e.status)).toEqual([429, 429, 201]);
    expect(new Set(posts.map((e) => e.headers.get('idempotency-key'))).size).toBe(1);
    expect((await client.customers.list()).data.map((c) => c.id)).toEqual([created.id]);
  });

  it('counts the waits already spent against the deadline', async () => {
    h = harness();
    const { clock, client } = onVirtualTime(h);
    h.sandbox.faults.add({ method: 'GET', path: '/customers', status: 429, retryAfterSeconds: 4, times: 3 });
    const error = await omsError(client.customers.list({}, { deadlineAt: clock.now + 10_000 }));
    // 4 s and 4 s fit in 10 s; a third 4 s would end at 12 s.
    expect(clock.sleeps).toEqual([4_000, 4_000]);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 4_000, attempts: 3 });
  });

  it('sends nothing, not even the token exchange, when the deadline has already passed', async () => {
    h = harness();
    const { clock, client } = onVirtualTime(h);
    for (const call of [
      client.customers.get('cst_1', { deadlineAt: clock.now - 1 }),
      client.customers.list({}, { deadlineAt: clock.now }),
      client.customers.create({ firstName: 'Ada' }, { deadlineAt: clock.now - 60_000 }),
    ]) {
      expect(await omsError(call)).toMatchObject({ status: 0, code: 'deadline_exceeded', retryable: false, attempts: 0, retryAfterMs: null });
    }
    expect(h.exchanges).toEqual([]);
    expect(client.stats().total).toBe(0);
  });

  it('cuts the per-attempt timeout to the deadline and reports deadline_exceeded, not timeout', async () => {
    h = harness();
    await h.client.customers.list(); // the token, before every answer is held
    h.sandbox.faults.latencyMs = 60_000;
    const started = performance.now();
    const error = await omsError(h.client.customers.list({}, { deadlineAt: Date.now() + 50 }));
    // The client's timeout is 10 s; only the deadline can have ended this attempt this soon.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error).toMatchObject({ status: 0, code: 'deadline_exceeded', retryable: false, attempts: 1, endpoint: 'GET /customers' });
    expect(h.client.stats().byEndpoint['GET /customers']).toBe(2);
    expect(h.sleeps).toEqual([]);

    // A timeout shorter than what is left stays a timeout, and is retried as before.
    const timedOut = await omsError(h.client.customers.list({}, { timeoutMs: 20, deadlineAt: Date.now() + 60_000 }));
    expect(timedOut).toMatchObject({ code: 'timeout', retryable: true, attempts: 4 });
  });
});
