import { afterAll, beforeAll, expect, it } from 'vitest';
import { cachedTransport, createMemoryCacheStore, createReadCache, type ReadCache } from '../../src/cache/index.js';
import type { OmsClient } from '../../src/oms/index.js';
import type { Transport } from '../../src/oms/transport.js';
import { embeddedAccount } from '../../src/sandbox/account.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/app.js';

/**
 * The safety net: an object is served from the cache at most maxAge after OMS gave it, whichever
 * instance kept it and whichever layer serves it. Two instances (each its own front) share one store,
 * on one clock the test moves. B takes A's entry from the store late in its life: B may keep it in
 * front only for what is left of it, not for a whole maxAge of its own.
 */

const MAX_AGE_MS = 1_000;
let now = 1_000_000;
const clock = () => now;

let sandbox: Sandbox;
let oms: OmsClient;
let caches: ReadCache[];
let a: OmsClient;
let b: OmsClient;
let customerId: string;

beforeAll(async () => {
  sandbox = createSandbox();
  oms = embeddedAccount('acct', sandbox, { timeoutMs: 5_000 }).client;
  const store = createMemoryCacheStore({ maxAgeMs: MAX_AGE_MS, now: clock });
  caches = [0, 1].map(() => createReadCache({ store, maxAgeMs: MAX_AGE_MS, now: clock }));
  [a, b] = caches.map((cache) => oms.decorate((transport) => cachedTransport(cache, 'acct', transport))) as [OmsClient, OmsClient];
  customerId = (await oms.customers.create({ firstName: 'Ada', lastName: 'Age' })).id;
});

afterAll(() => {
  sandbox?.close();
});

/** OMS calls made while `read` ran. */
async function callsOf(read: () => Promise<unknown>): Promise<number> {
  const before = oms.stats().total;
  await read();
  return oms.stats().total - before;
}

it('serves an entry no longer than maxAge after OMS gave it, in every instance and layer', async () => {
  const start = now;
  expect(await callsOf(() => a.customers.get(customerId)), 'A: first read').toBe(1);
  expect(await callsOf(() => a.customers.get(customerId)), 'A: from its front').toBe(0);

  now = start + 900;
  expect(await callsOf(() => b.customers.get(customerId)), 'B: from the store, 900 ms old').toBe(0);
  now = start + 990;
  expect(await callsOf(() => b.customers.get(customerId)), 'B: from its front, 990 ms old').toBe(0);
  expect(caches[1]!.counts, 'B: once from the store, once from its front').toMatchObject({ shared: 1, front: 1, misses: 0 });

  now = start + 1_001;
  expect(await callsOf(() => b.customers.get(customerId)), 'B: 1001 ms old, asked of OMS again').toBe(1);
  expect(await callsOf(() => a.customers.get(customerId)), 'A: gets B’s fresh entry from the store').toBe(0);
  expect(caches[0]!.counts).toMatchObject({ misses: 1, shared: 1 });
});

it('counts an entry’s age from when OMS was asked, however long OMS took to answer', async () => {
  // Two more instances, on their own store, whose every OMS call takes 600 ms on the test's clock.
  const LATENCY_MS = 600;
  const slow = (inner: Transport): Transport => ({
    ...inner,
    request: async (call, schema) => {
      const answer = await inner.request(call, schema);
      now += LATENCY_MS;
      return answer;
    },
  });
  const store = createMemoryCacheStore({ maxAgeMs: MAX_AGE_MS, now: clock });
  const pair = [0, 1].map(() => createReadCache({ store, maxAgeMs: MAX_AGE_MS, now: clock }));
  const [c, d] = pair.map((cache) => oms.decorate((transport) => cachedTransport(cache, 'acct', slow(transport)))) as [OmsClient, OmsClient];
  const id = (await oms.customers.create({ firstName: 'Slow', lastName: 'Age' })).id;

  const asked = now;
  expect((await c.customers.get(id)).firstName).toBe('Slow');
  expect(now, 'OMS answered 600 ms after it was asked').toBe(asked + LATENCY_MS);
  // Changed behind the gateway's back (no webhook, no mutation through it): only the max age protects.
  await oms.customers.update(id, { firstName: 'Changed' });

  now = asked + 900;
  expect(await callsOf(() => d.customers.get(id)), 'D: from the store, 900 ms after OMS was asked').toBe(0);
  now = asked + MAX_AGE_MS + 300;
  const seen = await d.customers.get(id);
  expect({ firstName: seen.firstName, shared: pair[1]!.counts.shared }, 'D: 1300 ms after OMS was asked, asks again').toEqual({
    firstName: 'Changed',
    shared: 1,
  });
});
