import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemoryCacheStore, type CacheStore } from '../../src/cache/index.js';
import { CreateVirtualAccountDocument } from '../generated/graphql.js';
import { available, sellerWithWallet } from '../support/cash-ins.js';
import { data } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { unique } from '../e2e/support.js';

/**
 * A webhook whose cache invalidation cannot be written is not acknowledged: the gateway answers 503,
 * OMS delivers it again, and once the store takes the invalidation the event is taken and nothing
 * cached from before it is shown.
 */

/** The memory store, with invalidations refused while `failing`; `refused` resolves at the first refusal. */
function switchableStore() {
  const inner = createMemoryCacheStore({ maxAgeMs: 60_000 });
  let signal!: () => void;
  const state = { failing: false, refused: new Promise<void>((resolve) => (signal = resolve)) };
  const store: CacheStore = {
    ...inner,
    async bump(scopes) {
      if (!state.failing) return inner.bump(scopes);
      signal();
      throw new Error('the cache store is away');
    },
  };
  return { store, state };
}

const switchable = switchableStore();
let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ cacheStore: switchable.store, sandbox: { webhooks: { retryDelaysMs: [0, 10, 20, 40, 80, 160, 320, 640] } } });
});
afterAll(async () => {
  await t?.close();
});

it('answers 503 to a webhook whose invalidation fails, and takes it when OMS delivers it again', async () => {
  const owner = await sellerWithWallet(t, t.keys.acme);
  const { createVirtualAccount } = await data(t, t.keys.acme, CreateVirtualAccountDocument, {
    input: { sellerId: owner.sellerId, destinationWalletId: owner.walletId, idempotencyKey: unique('va') },
  });
  const vaId = createVirtualAccount.virtualAccount!.id;
  expect(await available(t, t.keys.acme, owner.walletId)).toBe('0.00');
  expect(await available(t, t.keys.acme, owner.walletId), 'now cached').toBe('0.00');

  switchable.state.failing = true;
  const { transactionId } = await t.oms.virtualAccounts.simulate(vaId, { rail: 'ach_in', amount: { currency: 'USD', value: '10000' } });
  await switchable.state.refused;
  switchable.state.failing = false;
  await t.sandbox.idle();

  const hooks = (await t.oms.webhooks.list()).data.map((hook) => hook.id);
  const deliveries = hooks.flatMap((id) => t.sandbox.webhooks.deliveries(id)).filter((d) => d.objectId === transactionId);
  const statuses = deliveries.map((d) => ({ event: d.event, state: d.state, answers: d.attempts.map((a) => a.status) }));
  expect(
    statuses.every((d) => d.state === 'delivered' && d.answers.at(-1) === 200),
    JSON.stringify(statuses),
  ).toBe(true);
  expect(
    statuses.some((d) => d.answers[0] === 503),
    `a delivery was refused first: ${JSON.stringify(statuses)}`,
  ).toBe(true);
  expect(t.webhooks.counts.unavailable).toBeGreaterThan(0);
  // 100.00 less the virtual account's 1.00 fee: the cached 0.00 is not shown.
  expect(await available(t, t.keys.acme, owner.walletId)).toBe('99.00');
});
