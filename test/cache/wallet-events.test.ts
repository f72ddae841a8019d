import { afterAll, beforeAll, expect, it } from 'vitest';
import { gql, seller, uniquePrefix } from '../e2e/support.js';
import { CachedSellerDocument } from '../generated/graphql.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { redisUrl } from '../support/redis.js';

/**
 * An event that names a wallet alone (wallet.depositDetected, a developer fee credited) renews the
 * cache of the wallet's owner on every instance before it is acknowledged, even when no instance could
 * tell the owner from what the store keeps: here instance B cannot write what it learns of owners (its
 * Redis refuses those commands), and OMS's webhooks reach instance A, which has never seen the wallet.
 */

const A = 0;
const B = 1;

let c: Cluster;
beforeAll(async () => {
  c = await startCluster({
    redisUrl: redisUrl(),
    prefix: uniquePrefix('wallet-events'),
    cacheStore: (instance, store) =>
      instance === B
        ? {
            ...store,
            async learn() {
              throw new Error('the cache store refused to keep an owner');
            },
          }
        : store,
  });
});
afterAll(async () => {
  await c?.close();
});

it("no instance shows a wallet's balance from before a deposit to its address was acknowledged", async () => {
  const s = await seller(c, 'acme', A);
  // A wallet made at OMS itself: neither instance has seen it.
  const wallet = await c.admin.wallets.create(s.id, { asset: 'usdc', chain: 'polygon' });
  const balanceOn = async (instance: number) =>
    (await gql(c, instance, s.token, CachedSellerDocument, { id: s.id })).seller!.wallets.find((w) => w.id === wallet.id)?.balance;
  expect(await balanceOn(B)).toEqual({ available: '0.00', pending: '0.00' });
  const answered = c.instances[B]!.answerCounts!.hits;
  expect(await balanceOn(B), 'now cached').toEqual({ available: '0.00', pending: '0.00' });
  expect(c.instances[B]!.answerCounts!.hits - answered, 'the kept answer').toBe(1);

  await c.admin.wallets.simulateDeposit(wallet.id, { amount: { value: '25.00' } });
  await c.oms.sandbox.idle();

  expect(await balanceOn(B)).toEqual({ available: '25.00', pending: '0.00' });
  expect(await balanceOn(A)).toEqual({ available: '25.00', pending: '0.00' });
});
