import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCashIn } from '../../src/demo.js';
import {
  CashInDocument,
  CashInNodeDocument,
  CashLocationsDocument,
  CreateCashInDocument,
  RefreshCashInDocument,
  SellerCashInsDocument,
  SimulateCashDepositDocument,
  TransactionDocument,
} from '../generated/graphql.js';
import { available, createCashIn, HOUR, nearestLocation, SACRAMENTO, sellerWithWallet, sent } from '../support/cash-ins.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Cash-ins as a marketplace uses them: find a counter near the seller, get a deposit code, the cash
 * is paid in (the sandbox's counter steps), and USDC lands in the seller's wallet. OMS's cash-in fees
 * are 1.5% + 0.50 USD of the cash paid in, each line rounded half-up to the cent.
 */

let t: TestGateway;
let acme: string;
beforeAll(async () => {
  // Long enough that a deposit is still processing when its mutation reads it back, on a slow machine
  // too; idle() waits it out.
  t = await startTestGateway({ sandbox: { completionDelayMs: 500 } });
  acme = t.keys.acme;
});
afterAll(() => t?.close());

const CODE = /^[A-Z]{3} \d{5}$/;
const deposit = async (cashInId: string, amount: string, idempotencyKey?: string) =>
  (await data(t, acme, SimulateCashDepositDocument, { input: { cashInId, amount, ...(idempotencyKey ? { idempotencyKey } : {}) } })).simulateCashDeposit;

describe('cash locations', () => {
  it('lists the counters near a point, nearest first, with their references and distances in km', async () => {
    const { cashLocations } = await data(t, acme, CashLocationsDocument, SACRAMENTO);
    expect(cashLocations.map((l) => [l.name, l.distance])).toEqual([
      ['CVS Pharmacy #4521', 0],
      ['Walgreens #1123', 3.29],
      ['Walmart Supercenter #2860', 7.71],
    ]);
    expect(cashLocations[0]).toEqual({
      id: 'loc_01GREENDOT0000000000000001',
      reference: expect.any(String),
      provider: 'GREENDOT',
      name: 'CVS Pharmacy #4521',
      address: '7400 Freeport Blvd',
      city: 'Sacramento',
      state: 'CA',
      zipCode: '95832',
      country: 'US',
      distance: 0,
    });
    expect(Buffer.from(cashLocations[0]!.reference, 'base64').toString()).toMatch(/^GREENDOT-2434:lat=/);
    expect((await data(t, acme, CashLocationsDocument, { ...SACRAMENTO, provider: 'nosuchnetwork' })).cashLocations).toEqual([]);
  });

  it('refuses a point off the globe with BAD_USER_INPUT naming the coordinate, before asking OMS', async () => {
    const before = sent(t, 'GET /cash-locations');
    const answers = [];
    for (const point of [
      { latitude: 91, longitude: 0 },
      { latitude: 0, longitude: -180.5 },
      { ...SACRAMENTO, provider: 'green dot' },
    ]) {
      const res = await send(t, acme, CashLocationsDocument, point);
      answers.push({ data: res.data, codes: res.errors?.map((e) => e.extensions?.code), message: res.errors?.[0]?.message });
    }
    expect(answers).toEqual([
      { data: null, codes: ['BAD_USER_INPUT'], message: '`latitude` must be between -90 and 90 decimal degrees; got 91' },
      { data: null, codes: ['BAD_USER_INPUT'], message: '`longitude` must be between -180 and 180 decimal degrees; got -180.5' },
      { data: null, codes: ['BAD_USER_INPUT'], message: '`provider` must be a cash network name such as "greendot"' },
    ]);
    expect(sent(t, 'GET /cash-locations')).toBe(before);
  });
});

describe('a cash-in from code to wallet', () => {
  it('issues a code for an hour, takes 150.00 at the counter, and lands 147.25 USDC in the wallet', async () => {
    const owner = await sellerWithWallet(t, acme);
    const location = await nearestLocation(t, acme);
    const input = {
      sellerId: owner.sellerId,
      destinationWalletId: owner.walletId,
      amount: '150.00',
      cashLocationId: location.id,
      cashLocationReference: location.reference,
    };
    const created = (await data(t, acme, CreateCashInDocument, { input })).createCashIn;
    expect(created.userErrors).toEqual([]);
    const cashIn = created.cashIn!;
    expect(cashIn).toMatchObject({
      status: 'PENDING',
      subStatus: 'order_reserved',
      indicatedAmount: '150.00',
      depositInstructions: { locationName: 'CVS Pharmacy #4521', locationAddress: '7400 Freeport Blvd, Sacramento, CA 95832' },
      destination: { wallet: { id: owner.walletId }, asset: 'USDC', network: 'POLYGON' },
      omsFeeSchedule: {
        currency: 'USD',
        entries: [
          { type: 'PERCENTAGE', rate: '0.015', amount: null },
          { type: 'FIXED', rate: null, amount: '0.50' },
        ],
      },
      seller: { id: owner.sellerId },
      transaction: null,
      completedAt: null,
    });
    expect(cashIn.id).toMatch(/^ci_/);
    expect(cashIn.depositInstructions.code).toMatch(CODE);
    expect(Date.parse(cashIn.depositInstructions.expiresAt) - Date.parse(cashIn.createdAt)).toBe(HOUR);

    // A retry of the same input is the same cash-in: the key is derived from it.
    const posted = sent(t, 'POST /cash-ins');
    expect((await data(t, acme, CreateCashInDocument, { input })).createCashIn).toEqual(created);
    expect(sent(t, 'POST /cash-ins')).toBe(posted + 1); // sent again, answered from OMS's idempotency store
    expect((await data(t, acme, CashInDocument, { id: cashIn.id })).cashIn).toEqual(cashIn);
    expect((await data(t, acme, CashInNodeDocument, { id: cashIn.id })).node).toEqual({ __typename: 'CashIn', id: cashIn.id });

    const paid = await deposit(cashIn.id, '150.00');
    expect(paid.userErrors).toEqual([]);
    expect(paid.cashIn).toMatchObject({ id: cashIn.id, status: 'PROCESSING', transaction: { type: 'FIAT_TO_CRYPTO', cashIn: { id: cashIn.id } } });
    await t.sandbox.idle();

    // 1.5% of 150.00 = 2.25, + 0.50 = 2.75; net 147.25.
    const done = (await data(t, acme, CashInDocument, { id: cashIn.id })).cashIn!;
    expect(done).toMatchObject({ status: 'COMPLETED', subStatus: 'settled', indicatedAmount: '150.00' });
    expect(done.completedAt).toEqual(expect.any(String));
    expect(done.transaction).toMatchObject({
      id: paid.cashIn!.transaction!.id,
      type: 'FIAT_TO_CRYPTO',
      status: 'COMPLETED',
      cashIn: { id: cashIn.id },
      source: {
        asset: 'USD',
        network: 'CASH',
        amountGross: '150.00',
        amountNet: '147.25',
        fees: { total: '2.75', developer: '0.00', oms: '2.75', gas: '0.00' },
      },
      destination: { asset: 'USDC', network: 'POLYGON', amountGross: '147.25', amountNet: '147.25', wallet: { id: owner.walletId } },
      rates: { pair: 'USD/USDC', effectiveRate: '0.9817' },
      error: null,
    });
    expect(await available(t, acme, owner.walletId)).toBe('147.25');
    const txn = (await data(t, acme, TransactionDocument, { id: done.transaction!.id })).transaction;
    expect(txn).toMatchObject({ seller: { id: owner.sellerId }, quote: null, virtualAccount: null });

    // Retrying the deposit replays both counter steps: the cash was paid in once.
    expect((await deposit(cashIn.id, '150.00')).userErrors).toEqual([]);
    await t.sandbox.idle();
    expect(await available(t, acme, owner.walletId)).toBe('147.25');
  });

  it('fails a deposit the provider rejects (the magic amount 13.13): FAILED, nothing credited', async () => {
    const owner = await sellerWithWallet(t, acme);
    const cashIn = await createCashIn(t, acme, owner);
    expect((await deposit(cashIn.id, '13.13')).userErrors).toEqual([]);
    await t.sandbox.idle();
    expect((await data(t, acme, CashInDocument, { id: cashIn.id })).cashIn).toMatchObject({
      status: 'FAILED',
      subStatus: 'cash_deposit_failed',
      completedAt: null,
      transaction: { status: 'FAILED', error: { code: 'cashDepositFailed' }, source: { amountGross: '13.13' } },
    });
    expect(await available(t, acme, owner.walletId)).toBe('0.00');
  });
});

describe("a seller's cash-ins", () => {
  it('page newest first until hasNextPage is false', async () => {
    const owner = await sellerWithWallet(t, acme);
    const amounts = ['10.00', '20.00', '30.00'];
    for (const amount of amounts) await createCashIn(t, acme, owner, { amount });
    const first = (await data(t, acme, SellerCashInsDocument, { id: owner.sellerId, first: 2 })).seller!.cashIns;
    expect(first.edges.map((e) => e.node.indicatedAmount)).toEqual(['30.00', '20.00']);
    expect(first.nodes.map((n) => n.id)).toEqual(first.edges.map((e) => e.node.id));
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[1]!.cursor });
    const rest = (await data(t, acme, SellerCashInsDocument, { id: owner.sellerId, first: 2, after: first.pageInfo.endCursor })).seller!.cashIns;
    expect(rest.edges.map((e) => [e.node.indicatedAmount, e.node.status])).toEqual([['10.00', 'PENDING']]);
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });
});

describe('an expired code', () => {
  it('answers CASH_IN_EXPIRED to a deposit; refreshCashIn issues a new code that works', async () => {
    const owner = await sellerWithWallet(t, acme);
    const cashIn = await createCashIn(t, acme, owner);
    t.sandbox.clock.advance(HOUR + 1);
    const expired = (await data(t, acme, CashInDocument, { id: cashIn.id })).cashIn!;
    expect(expired).toMatchObject({ status: 'EXPIRED', subStatus: 'cash_deposit_expired' });

    const scans = sent(t, 'POST /cash-ins/simulate/barcode-auth');
    expect(await deposit(cashIn.id, '100.00')).toEqual({
      cashIn: null,
      userErrors: [{ code: 'CASH_IN_EXPIRED', field: ['input', 'cashInId'], message: 'The deposit code has expired; refreshCashIn issues a new one' }],
    });
    expect(sent(t, 'POST /cash-ins/simulate/barcode-auth'), 'nothing reached the counter').toBe(scans);

    const refreshed = (await data(t, acme, RefreshCashInDocument, { input: { id: cashIn.id } })).refreshCashIn;
    expect(refreshed.userErrors).toEqual([]);
    expect(refreshed.cashIn).toMatchObject({ id: cashIn.id, status: 'PENDING', subStatus: 'order_reserved', indicatedAmount: '100.00' });
    const code = refreshed.cashIn!.depositInstructions;
    expect(code.code).toMatch(CODE);
    expect(code.code).not.toBe(cashIn.depositInstructions.code);
    expect(Date.parse(code.expiresAt) - Date.parse(cashIn.depositInstructions.expiresAt)).toBeGreaterThanOrEqual(HOUR + 1);

    // 1.5% of 100.00 = 1.50, + 0.50 = 2.00; net 98.00.
    expect((await deposit(cashIn.id, '100.00')).cashIn?.status).toBe('PROCESSING');
    await t.sandbox.idle();
    expect((await data(t, acme, CashInDocument, { id: cashIn.id })).cashIn).toMatchObject({
      status: 'COMPLETED',
      transaction: { source: { amountNet: '98.00' } },
    });
    expect(await available(t, acme, owner.walletId)).toBe('98.00');

    const refreshes = sent(t, 'POST /cash-ins/{id}/refresh');
    expect((await data(t, acme, RefreshCashInDocument, { input: { id: cashIn.id } })).refreshCashIn).toEqual({
      cashIn: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'id'], message: 'The cash was already paid in: there is no code to refresh' }],
    });
    expect(sent(t, 'POST /cash-ins/{id}/refresh')).toBe(refreshes);
  });
});

describe('the demo', () => {
  it('seeds a completed cash-in of 200.00 that nets 196.50 USDC', async () => {
    const owner = await sellerWithWallet(t, acme);
    const id = await seedDemoCashIn(t.oms, t.sandbox, owner.sellerId, owner.walletId);
    expect((await data(t, acme, CashInDocument, { id })).cashIn).toMatchObject({
      status: 'COMPLETED',
      indicatedAmount: '200.00',
      transaction: { status: 'COMPLETED', source: { amountGross: '200.00', fees: { total: '3.50' }, amountNet: '196.50' } },
    });
    expect(await available(t, acme, owner.walletId)).toBe('196.50');
  });
});
