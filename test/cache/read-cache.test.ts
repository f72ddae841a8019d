import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheCounts } from '../../src/cache/index.js';
import { deposit, gql, seller, uniquePrefix, unique, type Seller } from '../e2e/support.js';
import {
  CachedDepositAddressDocument,
  CachedSellerDocument,
  CachedTransactionDocument,
  CreateDepositAddressDocument,
  CreatePayoutQuoteDocument,
  ExecuteQuoteDocument,
  SellersDocument,
  UpdateDepositAddressDocument,
  UpdateSellerDocument,
} from '../generated/graphql.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { redisTargets } from '../support/redis.js';

/**
 * The read cache's promise across two instances sharing one Redis (one server, and a Redis Cluster):
 * a query that starts after a webhook was acknowledged (OMS's deliveries all answered:
 * `sandbox.idle()`), or after a mutation answered, never shows the state from before it, on either
 * instance, though both answered the earlier state from the cache. OMS's webhooks reach instance A
 * only; B learns through Redis alone.
 */

const A = 0;
const B = 1;
/** Long enough that a deposit is read while OMS still has it processing, on a slow machine too; idle() waits it out. */
const COMPLETION_MS = 4_000;

describe.each(redisTargets)('on %s', (_name, target) => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster({ redisUrl: target(), prefix: uniquePrefix('cache'), sandbox: { completionDelayMs: COMPLETION_MS } });
  });
  afterAll(async () => {
    await c?.close();
  });

  const counts = (instance: number): CacheCounts & { answers: number } => ({
    ...c.instances[instance]!.cacheCounts!,
    answers: c.instances[instance]!.answerCounts!.hits,
  });
  const dashboard = (instance: number, s: Seller) => gql(c, instance, s.token, CachedSellerDocument, { id: s.id });

  /** The dashboard twice on `instance`: the second answer is the first, and came from the cache (no OMS read): the whole answer kept. */
  async function cachedDashboard(instance: number, s: Seller) {
    const first = await dashboard(instance, s);
    const before = counts(instance);
    const again = await dashboard(instance, s);
    const after = counts(instance);
    expect(again, 'a repeat answers the same').toEqual(first);
    expect({ misses: after.misses - before.misses, bypasses: after.bypasses - before.bypasses }, 'a repeat asks OMS nothing').toEqual({
      misses: 0,
      bypasses: 0,
    });
    expect(after.answers - before.answers, 'the kept answer, sent again').toBe(1);
    return first;
  }

  describe('after a webhook was acknowledged', () => {
    it('no instance shows a transaction, a balance or a transactions page from before it', async () => {
      const s = await seller(c, 'acme', A);
      const first = await deposit(c, s, '500.00');
      await c.oms.sandbox.idle();
      const start = await cachedDashboard(B, s);
      await cachedDashboard(A, s);
      expect(start.seller!.wallets[0]!.balance).toEqual({ available: '499.00', pending: '0.00' });
      expect(start.seller!.transactions.nodes).toEqual([{ id: first, status: 'COMPLETED' }]);

      const second = await deposit(c, s, '200.00');
      // Read while OMS has it processing, on both instances: these states are now cached.
      for (const instance of [A, B]) {
        expect((await gql(c, instance, s.token, CachedTransactionDocument, { id: second })).transaction).toMatchObject({ id: second, status: 'PROCESSING' });
      }
      await c.oms.sandbox.idle();

      for (const instance of [B, A]) {
        const after = await dashboard(instance, s);
        expect(after.seller!.transactions.nodes, `page on ${instance}`).toEqual([
          { id: second, status: 'COMPLETED' },
          { id: first, status: 'COMPLETED' },
        ]);
        expect(after.seller!.wallets[0]!.balance, `balance on ${instance}`).toEqual({ available: '698.00', pending: '0.00' });
        expect((await gql(c, instance, s.token, CachedTransactionDocument, { id: second })).transaction, `transaction on ${instance}`).toMatchObject({
          status: 'COMPLETED',
        });
      }
      // And the new state is itself cached again.
      await cachedDashboard(B, s);
    });
  });

  describe('after a mutation answered', () => {
    it('no instance shows a seller, a deposit address or a list of them from before it', async () => {
      const s = await seller(c, 'acme', A);
      const walletId = (await dashboard(A, s)).seller!.wallets[0]!.id;
      const before = await cachedDashboard(B, s);
      expect(before.seller).toMatchObject({ firstName: 'Live', depositAddresses: [] });

      // Made on A: B's cached list (empty) is not shown again.
      const made = await gql(c, A, c.keys.acme, CreateDepositAddressDocument, {
        input: { sellerId: s.id, destinationWalletId: walletId, idempotencyKey: unique('da') },
      });
      const addressId = made.createDepositAddress.depositAddress!.id;
      expect((await dashboard(B, s)).seller!.depositAddresses).toEqual([{ id: addressId, status: 'ACTIVE' }]);
      expect((await gql(c, B, s.token, CachedDepositAddressDocument, { id: addressId })).depositAddress).toEqual({ id: addressId, status: 'ACTIVE' });
      await cachedDashboard(B, s);

      // Paused and renamed on A: B's cached address, list and seller are not shown again.
      await gql(c, A, c.keys.acme, UpdateDepositAddressDocument, { input: { id: addressId, status: 'PAUSED' } });
      await gql(c, A, c.keys.acme, UpdateSellerDocument, { input: { id: s.id, firstName: 'Renamed' } });
      expect((await gql(c, B, s.token, CachedDepositAddressDocument, { id: addressId })).depositAddress).toEqual({ id: addressId, status: 'PAUSED' });
      const after = await dashboard(B, s);
      expect(after.seller).toMatchObject({ firstName: 'Renamed', depositAddresses: [{ id: addressId, status: 'PAUSED' }] });
    });

    it("no instance shows the tenant's sellers from before one was made", async () => {
      const listed = async (instance: number) => (await gql(c, instance, c.keys.acme, SellersDocument, { first: 100 })).sellers.nodes.map((n) => n.id);
      const before = await listed(B);
      const answered = counts(B).answers;
      expect(await listed(B), 'kept').toEqual(before);
      expect(counts(B).answers - answered, 'the kept answer, sent again').toBe(1);
      const made = await seller(c, 'acme', A);
      expect(await listed(B)).toEqual([made.id, ...before]);
    });

    // Last in the file: OMS's webhooks stay held from here on, so nothing after it may wait for idle().
    it('no instance shows a balance, a transaction or a transactions page from before a payout it executed', async () => {
      const s = await seller(c, 'acme', A);
      const first = await deposit(c, s, '100.00');
      await c.oms.sandbox.idle();
      const start = await cachedDashboard(B, s);
      await cachedDashboard(A, s);
      const walletId = start.seller!.wallets[0]!.id;
      expect(start.seller!.wallets[0]!.balance).toEqual({ available: '99.00', pending: '0.00' });

      // No webhook reaches the gateways from here on: only the mutations themselves can renew what is cached.
      c.oms.sandbox.faults.webhooks = { delayMs: 600_000 };
      const { createQuote } = await gql(c, A, c.keys.acme, CreatePayoutQuoteDocument, {
        input: {
          sellerId: s.id,
          sourceWalletId: walletId,
          sourceAmount: '10.00',
          destinationBlockchainAddress: `0x${'cd'.repeat(20)}`,
          idempotencyKey: unique('quote'),
        },
      });
      expect(createQuote.userErrors).toEqual([]);
      const { executeQuote } = await gql(c, A, c.keys.acme, ExecuteQuoteDocument, {
        input: { quoteId: createQuote.quote!.id, idempotencyKey: unique('execute') },
      });
      expect(executeQuote.userErrors).toEqual([]);
      const paid = executeQuote.transaction!.id;
      const atOms = (await c.admin.wallets.balance(walletId)).balance;
      expect(atOms, 'OMS debited the wallet').toBe('89.00');

      for (const instance of [B, A]) {
        const after = await dashboard(instance, s);
        expect(after.seller!.wallets[0]!.balance.available, `balance on ${instance}`).toBe(atOms);
        expect(
          after.seller!.transactions.nodes.map((n) => n.id),
          `page on ${instance}`,
        ).toEqual([paid, first]);
        expect((await gql(c, instance, s.token, CachedTransactionDocument, { id: paid })).transaction, `transaction on ${instance}`).toMatchObject({
          id: paid,
        });
      }
    });
  });
});
