import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTreasuryWalletDocument,
  CreateDepositAddressDocument,
  SimulateCashDepositDocument,
  SimulateCryptoDepositDocument,
  SimulateKycDecisionDocument,
} from '../generated/graphql.js';
import { watchActivity, type Activity, type ActivityWatcher } from '../support/activity.js';
import { createCashIn, sellerWithWallet } from '../support/cash-ins.js';
import { data } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { deliver, envelope, mark, seller, simulateDeposit, type Seller } from '../webhooks/support.js';

/**
 * The dashboard's one stream: `activity` carries transactions, the balances the gateway reads once
 * per event, and seller (endorsement) changes, with one cursor, under the one ownership rule.
 */

let t: TestGateway;
/** `GET /wallets/{id}` and `GET /wallets/{id}/balance` the gateway sent to OMS, in order. */
const walletReads: string[] = [];
const open: ActivityWatcher[] = [];

beforeAll(async () => {
  t = await startTestGateway({
    omsFetch: (inner) => async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if ((init?.method ?? 'GET') === 'GET' && /\/wallets\/wlt_[^/]+(\/balance)?$/.test(url.pathname))
        walletReads.push(url.pathname.replace(/^.*\/wallets\//, ''));
      return inner(input, init);
    },
  });
});
afterEach(async () => {
  await t.sandbox.idle();
  await Promise.all(open.splice(0).map((w) => w.close()));
});
afterAll(() => t?.close());

async function watch(...args: Parameters<typeof watchActivity> extends [TestGateway, ...infer R] ? R : never): Promise<ActivityWatcher> {
  const watcher = await watchActivity(t, ...args);
  open.push(watcher);
  return watcher;
}

async function walletOf(s: Seller): Promise<string> {
  const res = await t.request(t.keys[s.tenant], 'query($id: ID!) { seller(id: $id) { wallets { id } } }', { id: s.id });
  return res.data!.seller.wallets[0].id;
}

const summary = (got: Activity[]) =>
  got.map((a) =>
    a.kind === 'BALANCE'
      ? `BALANCE ${a.balance!.wallet.id} ${a.balance!.balance.available}/${a.balance!.balance.pending} by ${a.balance!.transaction?.id ?? '-'}`
      : a.kind === 'TRANSACTION'
        ? `TRANSACTION ${a.event} ${a.transaction!.id}`
        : a.kind === 'CASH_IN'
          ? `CASH_IN ${a.event} ${a.cashIn!.status}`
          : `${a.kind} ${a.event}`,
  );
const hasBalance = (got: Activity[]) => got.some((a) => a.kind === 'BALANCE');

describe('activity: one stream for a dashboard', () => {
  it("a seller's dashboard sees its 500.00 deposit move and its balance follow at 499.00 (OMS's 1.00 fee taken), and nobody else's", async () => {
    const [s, other] = await Promise.all([seller(t, 'acme'), seller(t, 'acme')]);
    const wallet = await walletOf(s);
    const mine = await watch(s.token, { tenant: 'acme', sellerId: s.id });
    const tenant = await watch(t.keys.acme, { tenant: 'acme', sellerId: s.id }, { sellerId: s.id });
    const theirs = await watch(other.token, { tenant: 'acme', sellerId: other.id });
    const globex = await watch(t.keys.globex, { tenant: 'globex' });

    await simulateDeposit(t, s, '500.00');
    const got = await mine.until(hasBalance, 'the balance after the deposit');
    const txn = got[0]!.transaction!.id;
    const expected = [
      `TRANSACTION transaction.fiatToCrypto.processing ${txn}`,
      `TRANSACTION transaction.fiatToCrypto.completed ${txn}`,
      `BALANCE ${wallet} 499.00/0.00 by ${txn}`,
    ];
    expect(summary(got)).toEqual(expected);
    expect(got[2]).toMatchObject({ event: 'wallet.balanceChanged', transaction: { id: txn, status: 'COMPLETED' } });
    expect(new Set(got.map((a) => a.cursor)).size).toBe(3);

    await t.sandbox.idle();
    expect(summary(await mine.quiet())).toEqual(expected);
    expect(summary(await tenant.quiet())).toEqual(expected);
    expect(await theirs.quiet()).toEqual([]);
    expect(await globex.quiet()).toEqual([]);
  });

  it('reads the balance once per event, not once per subscriber', async () => {
    const s = await seller(t, 'acme');
    const wallet = await walletOf(s);
    const watchers = await Promise.all([
      ...[1, 2, 3].map(() => watch(s.token, { tenant: 'acme', sellerId: s.id })),
      ...[1, 2, 3].map(() => watch(t.keys.acme, { tenant: 'acme' })),
    ]);
    walletReads.length = 0;
    await simulateDeposit(t, s, '500.00');
    for (const w of watchers) await w.until(hasBalance, 'the balance');
    const pushed = watchers.map((w) => w.received.find((a) => a.kind === 'BALANCE')!.balance);
    expect(new Set(pushed.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(pushed[0]).toMatchObject({ wallet: { id: wallet }, balance: { available: '499.00' } });
    // The ingestion's one read of the wallet and its balance served all six subscribers.
    expect(walletReads.sort()).toEqual([wallet, `${wallet}/balance`].sort());
  });

  it('narrows by kind, and resumes after a cursor with no gap and no repeat', async () => {
    const s = await seller(t, 'acme');
    const all = await watch(t.keys.acme, { tenant: 'acme', sellerId: s.id }, { sellerId: s.id });
    const balances = await watch(t.keys.acme, { tenant: 'acme', sellerId: s.id }, { sellerId: s.id, kinds: ['BALANCE'] });
    await simulateDeposit(t, s, '77.00');
    const got = await all.until(hasBalance, 'the balance');
    expect((await balances.until(hasBalance, 'the balance')).map((a) => a.kind)).toEqual(['BALANCE']);

    const resumed = await watch(t.keys.acme, { tenant: 'acme', sellerId: s.id }, { sellerId: s.id, after: got[0]!.cursor });
    expect(summary(await resumed.until((r) => r.length >= 2, 'the replay'))).toEqual(summary(got.slice(1)));
    expect(summary(await resumed.quiet())).toEqual(summary(got.slice(1)));
  });

  it("pushes a seller's endorsement changes to its tenant, and to the seller about itself alone", async () => {
    const from = await mark(t, 'acme', []);
    const [a, b] = [await seller(t, 'acme'), await seller(t, 'acme')];
    const sellers = (got: Activity[], id: string) => got.filter((e) => e.kind === 'SELLER' && e.seller!.id === id);
    // Resumed from before both were created: the replay holds their endorsement events.
    const tenant = await watch(t.keys.acme, { tenant: 'acme' }, { kinds: ['SELLER'], after: from });
    const own = await watch(a.token, { tenant: 'acme', sellerId: a.id }, { after: from });
    const got = await tenant.until((r) => sellers(r, a.id).length === 3 && sellers(r, b.id).length === 3, 'three endorsements of each');
    expect(sellers(got, a.id).map((e) => e.event)).toEqual(Array(3).fill('customer.endorsement.granted'));
    expect(
      sellers(got, a.id)
        .at(-1)!
        .seller!.endorsements.every((e) => e.status === 'ACTIVE'),
    ).toBe(true);
    const mine = await own.quiet();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.kind === 'SELLER' && e.seller!.id === a.id)).toBe(true);
  });

  it("pushes a cash-in's every step, its transaction and the balance after, to the seller's dashboard", async () => {
    const owner = await sellerWithWallet(t, t.keys.acme);
    const session = await t.request(t.keys.acme, 'mutation($id: ID!) { createSellerSession(input: { sellerId: $id }) { session { token } } }', {
      id: owner.sellerId,
    });
    const mine = await watch(session.data!.createSellerSession.session.token, { tenant: 'acme', sellerId: owner.sellerId });
    const cashIn = await createCashIn(t, t.keys.acme, owner, { amount: '150.00' });
    const { simulateCashDeposit } = await data(t, t.keys.acme, SimulateCashDepositDocument, { input: { cashInId: cashIn.id, amount: '150.00' } });
    expect(simulateCashDeposit.userErrors).toEqual([]);
    const got = await mine.until((r) => r.some((a) => a.event === 'cashIn.completed') && hasBalance(r), 'the completed cash-in and the balance');
    await t.sandbox.idle();
    const all = await mine.quiet();
    expect(all.filter((a) => a.kind === 'CASH_IN').map((a) => `${a.event} ${a.cashIn!.status} ${a.cashIn!.id}`)).toEqual([
      `cashIn.created PENDING ${cashIn.id}`,
      `cashIn.processing PROCESSING ${cashIn.id}`,
      `cashIn.completed COMPLETED ${cashIn.id}`,
    ]);
    const txn = got.find((a) => a.event === 'cashIn.completed')!.cashIn!.transaction!.id;
    expect(all.filter((a) => a.kind === 'TRANSACTION').map((a) => a.transaction!.id)).toContain(txn);
    expect(summary(all.filter((a) => a.kind === 'BALANCE'))).toEqual([`BALANCE ${owner.walletId} 147.25/0.00 by ${txn}`]);
  });

  it("pushes the balance after an on-chain deposit to a wallet's raw address (wallet.depositDetected), and after a deposit address's deposit", async () => {
    const s = await seller(t, 'acme');
    const wallet = await walletOf(s);
    const mine = await watch(s.token, { tenant: 'acme', sellerId: s.id });
    const raw = await data(t, t.keys.acme, SimulateCryptoDepositDocument, { input: { walletId: wallet, amount: '25.50' } });
    expect(raw.simulateCryptoDeposit).toMatchObject({ accepted: true, transaction: null, userErrors: [] });
    expect(summary(await mine.until(hasBalance, 'the balance after the raw deposit'))).toEqual([`BALANCE ${wallet} 25.50/0.00 by -`]);

    const { createDepositAddress } = await data(t, t.keys.acme, CreateDepositAddressDocument, { input: { sellerId: s.id, destinationWalletId: wallet } });
    const viaAddress = await data(t, t.keys.acme, SimulateCryptoDepositDocument, {
      input: { depositAddressId: createDepositAddress.depositAddress!.id, amount: '100.00' },
    });
    const txn = viaAddress.simulateCryptoDeposit.transaction!.id;
    const got = await mine.until((r) => r.filter((a) => a.kind === 'BALANCE').length === 2, 'the balance after the address deposit');
    await t.sandbox.idle();
    expect(summary(await mine.quiet())).toEqual(summary(got));
    const balances = got.filter((a) => a.kind === 'BALANCE');
    // 100.00 less OMS's 0.1% (0.10), on top of the 25.50 already there.
    expect(summary(balances)).toEqual([`BALANCE ${wallet} 25.50/0.00 by -`, `BALANCE ${wallet} 125.40/0.00 by ${txn}`]);
    expect(got.filter((a) => a.kind === 'TRANSACTION').map((a) => a.transaction!.id)).toContain(txn);
  });

  it('pushes a KYC decision to the tenant and to the seller it is about, and to no other seller', async () => {
    const [s, other] = await Promise.all([seller(t, 'acme'), seller(t, 'acme')]);
    const mine = await watch(s.token, { tenant: 'acme', sellerId: s.id }, { kinds: ['SELLER'] });
    const tenant = await watch(t.keys.acme, { tenant: 'acme', sellerId: s.id }, { sellerId: s.id, kinds: ['SELLER'] });
    const theirs = await watch(other.token, { tenant: 'acme', sellerId: other.id });
    const { simulateKycDecision } = await data(t, t.keys.acme, SimulateKycDecisionDocument, { input: { sellerId: s.id, outcome: 'REJECTED' } });
    expect(simulateKycDecision.userErrors).toEqual([]);
    const rejected = (got: Activity[]) => got.some((a) => a.event === 'customer.endorsement.rejected');
    for (const watcher of [mine, tenant]) {
      const got = await watcher.until(rejected, 'the rejection');
      expect(got.every((a) => a.kind === 'SELLER' && a.seller!.id === s.id)).toBe(true);
      expect(got.at(-1)!.seller!.endorsements.map((e) => e.status)).toContain('REJECTED');
    }
    await t.sandbox.idle();
    expect(await theirs.quiet()).toEqual([]);
  });

  it('pushes a balance once however many events read it: a failed deposit and its refund leave it as it was', async () => {
    const s = await seller(t, 'acme');
    const wallet = await walletOf(s);
    const mine = await watch(s.token, { tenant: 'acme', sellerId: s.id });
    await simulateDeposit(t, s, '13.13');
    const refunded = (got: Activity[]) => got.some((a) => a.event === 'transaction.fiatToCrypto.refundCompleted');
    await mine.until(refunded, 'the refund');
    await t.sandbox.idle();
    const got = await mine.quiet();
    expect(got.filter((a) => a.kind === 'TRANSACTION').map((a) => a.event)).toEqual([
      'transaction.fiatToCrypto.processing',
      'transaction.fiatToCrypto.failed',
      'transaction.fiatToCrypto.refundCompleted',
    ]);
    expect(summary(got.filter((a) => a.kind === 'BALANCE'))).toEqual([`BALANCE ${wallet} 0.00/0.00 by ${got[0]!.transaction!.id}`]);
  });

  it("never pushes the treasury's endorsements as a seller's, even from an event without the customer's metadata", async () => {
    await data(t, t.keys.acme, CreateTreasuryWalletDocument, { input: {} });
    await t.sandbox.idle();
    const [treasury] = (await t.oms.customers.list({ externalId: 'gateway-treasury-acme' })).data;
    const s = await seller(t, 'acme');
    // TRANSACTION too: the markers proving silence are transaction events.
    const tenant = await watch(t.keys.acme, { tenant: 'acme' }, { kinds: ['SELLER', 'TRANSACTION'] });
    for (const customer of [treasury!, await t.oms.customers.get(s.id)]) {
      const { metadata: _withheld, ...bare } = customer;
      expect((await deliver(t, envelope('customer.endorsement.granted', bare))).status).toBe(200);
    }
    // The seller's event, without metadata too, is routed (OMS is asked who it is): the treasury's is not.
    expect((await tenant.quiet()).map((a) => a.seller!.id)).toEqual([s.id]);
  });
});
