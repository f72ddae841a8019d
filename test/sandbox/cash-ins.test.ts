import { describe, expect, it } from 'vitest';
import type { CashIn, CashLocation, CashLocationParams, WriteOptions } from '../../src/oms/index.js';
import { parseAmount } from '../../src/money.js';
import { collect, omsError } from '../oms/support.js';
import { seller, world, type World } from '../support/sandbox.js';

/**
 * Cash-ins, told as stories through the real client against the sandbox: find a retail counter, get a
 * deposit code, hand over cash (the simulate endpoints), and see USDC land in the wallet. Fees follow
 * DOCS_EXAMPLE_FEES.cashIn: 1.5% + 0.50 USD, each line rounded half-up to the cent.
 */

type Seller = Awaited<ReturnType<typeof seller>>;

/** The docs' example coordinates, in Sacramento. */
const NEAR = { provider: 'greendot', latitude: 38.495133, longitude: -121.505336 };
const HOUR = 3_600_000;
const CODE = /^[A-Z]{3} \d{5}$/;

async function setup(options: Parameters<typeof world>[0] = {}) {
  const w = await world(options);
  const alice = await seller(w.client, 'Alice');
  const [location] = await w.client.cashLocations.list(NEAR);
  return { w, alice, location: location! };
}

function createCashIn(w: World, owner: Seller, location: CashLocation, indicatedAmount?: string) {
  return w.client.cashIns.create({
    customerId: owner.customer.id,
    ...(indicatedAmount ? { source: { asset: 'usd' as const, indicatedAmount } } : {}),
    destination: { wallet: { wallet: owner.wallet.id }, asset: 'usdc', network: 'polygon' },
    cash: { cashLocationId: location.id, cashLocationReference: location.locationReference },
  });
}

/** The counter scans the code and the cash is handed over. */
async function deposit(w: World, cashIn: CashIn, amount = '100.00', options: WriteOptions = {}) {
  const code = cashIn.depositInstructions.code;
  const auth = await w.client.cashIns.simulateBarcodeAuth({ accountNumber: code, amount });
  const commit = await w.client.cashIns.simulateAuthCommit(
    { accountNumber: code, accountReferenceNumber: cashIn.id, amount, originalConfirmationId: auth.confirmationId },
    options,
  );
  return { auth, commit };
}

async function balances(w: World, walletId: string) {
  const { balance, pendingBalance } = await w.client.wallets.balance(walletId);
  return { balance, pendingBalance };
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);
const cents = (amount: string) => parseAmount(amount, 'usd');

describe('cash locations', () => {
  it('lists the provider’s counters nearest first, with decimal-string distances in km', async () => {
    const w = await world();
    const locations = await w.client.cashLocations.list(NEAR);
    expect(ids(locations)).toEqual(['loc_01GREENDOT0000000000000001', 'loc_01GREENDOT0000000000000002', 'loc_01GREENDOT0000000000000003']);
    // Great-circle distances from the docs' coordinates: 0.0048 km, 3.285 km, 7.707 km.
    expect(locations.map((l) => l.distance)).toEqual(['0.00', '3.29', '7.71']);
    const distances = locations.map((l) => cents(l.distance));
    expect([...distances].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(distances);
    expect(locations[0]).toMatchObject({
      provider: 'GREENDOT',
      name: 'CVS Pharmacy #4521',
      city: 'Sacramento',
      state: 'CA',
      zipCode: '95832',
      country: 'US',
      buyAllowed: true,
    });
    expect(Buffer.from(locations[0]!.locationReference, 'base64').toString()).toMatch(/^GREENDOT-\d+:lat=/);

    // From elsewhere the order follows the distance, not the fixture order.
    const elsewhere = await w.client.cashLocations.list({ provider: 'GreenDot', latitude: 38.53, longitude: -121.49 });
    expect(ids(elsewhere)).toEqual(['loc_01GREENDOT0000000000000002', 'loc_01GREENDOT0000000000000001', 'loc_01GREENDOT0000000000000003']);
    expect(elsewhere.map((l) => l.distance)).toEqual(['0.82', '4.10', '9.09']);
  });

  it('answers an empty list for an unknown provider, and 400 for missing or impossible parameters', async () => {
    const w = await world();
    expect(await w.client.cashLocations.list({ ...NEAR, provider: 'nosuchprovider' })).toEqual([]);
    // The client's types require all three; the casts play a caller that forgot one.
    const noLatitude = await omsError(w.client.cashLocations.list({ provider: 'greendot', longitude: NEAR.longitude } as unknown as CashLocationParams));
    expect(noLatitude).toMatchObject({ status: 400, code: 'invalid_request', param: 'latitude' });
    const noProvider = await omsError(w.client.cashLocations.list({ latitude: NEAR.latitude, longitude: NEAR.longitude } as unknown as CashLocationParams));
    expect(noProvider).toMatchObject({ status: 400, code: 'invalid_request', param: 'provider' });
    const noLongitude = await omsError(w.client.cashLocations.list({ provider: 'greendot', latitude: NEAR.latitude } as unknown as CashLocationParams));
    expect(noLongitude).toMatchObject({ status: 400, code: 'invalid_request', param: 'longitude' });
    const offTheGlobe = await omsError(w.client.cashLocations.list({ ...NEAR, latitude: 91 }));
    expect(offTheGlobe).toMatchObject({ status: 400, code: 'invalid_request', param: 'latitude' });
  });
});

describe('creating a cash-in', () => {
  it('issues a deposit code for an hour, with the fee schedule as charged and 100.00 indicated by default', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    expect(cashIn).toMatchObject({
      object: 'cashIn',
      status: 'pending',
      subStatus: 'order_reserved',
      customerId: alice.customer.id,
      source: { asset: 'usd', network: 'cash', indicatedAmount: '100.00' },
      destination: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon' },
      cash: { locationId: location.id, locationReference: location.locationReference },
      depositInstructions: { locationName: 'CVS Pharmacy #4521', locationAddress: '7400 Freeport Blvd, Sacramento, CA 95832' },
      omsFeeSchedule: {
        feeCurrency: 'usd',
        entries: [
          { type: 'percentage', rate: '0.015' },
          { type: 'fixed', amount: '0.50' },
        ],
      },
      transactionId: null,
      completedAt: null,
    });
    expect(cashIn.id).toMatch(/^ci_/);
    expect(cashIn.depositInstructions.code).toMatch(CODE);
    expect(Date.parse(cashIn.depositInstructions.expiresAt) - Date.parse(cashIn.createdAt)).toBe(HOUR);
    expect(await w.client.cashIns.get(cashIn.id)).toEqual(cashIn);
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '0.00', pendingBalance: '0.00' });
    await w.sandbox.idle();
    expect(w.eventsFor(cashIn.id)).toEqual(['cashIn.created']);
  });

  it('takes an indicated amount up to the provider maximum of 1000.00 and refuses more', async () => {
    const { w, alice, location } = await setup();
    expect((await createCashIn(w, alice, location, '250.00')).source.indicatedAmount).toBe('250.00');
    expect((await createCashIn(w, alice, location, '1000.00')).source.indicatedAmount).toBe('1000.00');
    for (const amount of ['1000.01', '5000.00', '0.00', '-1.00', '10.001']) {
      const error = await omsError(createCashIn(w, alice, location, amount));
      expect({ amount, status: error.status, code: error.code, param: error.param }).toEqual({
        amount,
        status: 400,
        code: 'invalid_request',
        param: 'source.indicatedAmount',
      });
    }
  });

  it('refuses an unknown location, an unknown customer, and a wallet of another customer', async () => {
    const { w, alice, location } = await setup();
    const bob = await seller(w.client, 'Bob');
    const unknownLocation = await omsError(createCashIn(w, alice, { ...location, id: 'loc_01NOWHERE' }));
    expect(unknownLocation).toMatchObject({ status: 404, code: 'resource_not_found', param: 'cash.cashLocationId' });
    const unknownCustomer = await omsError(createCashIn(w, { ...alice, customer: { ...alice.customer, id: 'cst_01NOBODY' } }, location));
    expect(unknownCustomer).toMatchObject({ status: 404, code: 'resource_not_found', param: 'customerId' });
    const foreignWallet = await omsError(createCashIn(w, { ...alice, wallet: bob.wallet }, location));
    expect(foreignWallet).toMatchObject({ status: 400, code: 'invalid_request', param: 'destination.wallet.wallet' });
    expect((await w.client.cashIns.list()).data).toEqual([]);
  });
});

describe('depositing the cash', () => {
  it('converts 100.00 USD into 98.00 USDC: processing, then completed with a fiatToCrypto transaction', async () => {
    // A slow completion, so the in-between state can be looked at without racing the timer.
    const { w, alice, location } = await setup({ completionDelayMs: 500 });
    const cashIn = await createCashIn(w, alice, location);
    const { auth, commit } = await deposit(w, cashIn);
    expect(auth).toMatchObject({ authorizedAmount: '100.00', responseCode: '00', responseText: 'APPROVED' });
    expect(auth.confirmationId).toEqual(expect.any(String));
    expect(commit).toMatchObject({ authorizedAmount: '100.00', confirmationId: auth.confirmationId, responseCode: '00', responseText: 'APPROVED' });
    const txnId = commit.responseId;
    expect(txnId).toMatch(/^txn_/);

    const processing = await w.client.cashIns.get(cashIn.id);
    // 1.5% of 100.00 = 1.50, + 0.50 = 2.00; net 98.00.
    expect(processing).toMatchObject({
      status: 'processing',
      transactionId: txnId,
      source: {
        indicatedAmount: '100.00',
        amountGross: '100.00',
        amountNet: '98.00',
        feesDeducted: { total: '2.00', developer: '0.00', oms: '2.00', gas: '0.00' },
      },
      destination: { walletId: alice.wallet.id, amountGross: '98.00', amountNet: '98.00' },
      completedAt: null,
    });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '0.00', pendingBalance: '98.00' });
    expect(await w.client.transactions.get(txnId)).toMatchObject({ type: 'fiatToCrypto', status: 'processing', cashInId: cashIn.id });

    await w.sandbox.idle();
    const completed = await w.client.cashIns.get(cashIn.id);
    expect(completed).toMatchObject({ status: 'completed', subStatus: 'settled', transactionId: txnId });
    expect(completed.completedAt).toEqual(expect.any(String));
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '98.00', pendingBalance: '0.00' });

    const txn = await w.client.transactions.get(txnId);
    expect(txn).toMatchObject({
      type: 'fiatToCrypto',
      status: 'completed',
      customerId: alice.customer.id,
      quoteId: null,
      cashInId: cashIn.id,
      virtualAccountId: null,
      source: { asset: 'usd', network: 'cash', amountGross: '100.00', amountNet: '98.00', feesDeducted: { total: '2.00', oms: '2.00', gas: '0.00' } },
      destination: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amountGross: '98.00', amountNet: '98.00' },
      rates: { pair: 'USD/USDC', exchangeRate: '1.0000', effectiveRate: '0.9800' },
      error: null,
    });
    expect(txn.destination.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(txn.completedAt).toEqual(expect.any(String));
    expect(ids((await w.client.transactions.listForCustomer(alice.customer.id)).data)).toEqual([txnId]);

    expect(w.eventsFor(cashIn.id)).toEqual(['cashIn.created', 'cashIn.processing', 'cashIn.completed']);
    expect(w.eventsFor(txnId)).toEqual(['transaction.fiatToCrypto.processing', 'transaction.fiatToCrypto.completed']);
    const cashInEvent = w.received.find((e) => e.event === 'cashIn.completed')!;
    expect(cashInEvent.data).toMatchObject({ id: cashIn.id, status: 'completed', transaction: txnId });
  });

  it('charges on the amount actually deposited, rounding each fee line half-up', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    // 1.5% of 33.33 = 0.49995 -> 0.50; + 0.50 = 1.00; net 32.33.
    const { commit } = await deposit(w, cashIn, '33.33');
    await w.sandbox.idle();
    expect(await w.client.cashIns.get(cashIn.id)).toMatchObject({
      status: 'completed',
      source: { indicatedAmount: '100.00', amountGross: '33.33', amountNet: '32.33', feesDeducted: { total: '1.00', oms: '1.00' } },
      destination: { amountNet: '32.33' },
    });
    const txn = await w.client.transactions.get(commit.responseId);
    expect(cents(txn.source.amountGross!)).toBe(cents(txn.source.amountNet!) + cents(txn.source.feesDeducted!.total!));
    expect(txn.rates!.effectiveRate).toBe('0.9700');
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '32.33', pendingBalance: '0.00' });
  });

  it('refuses a wrong confirmation, an unknown code, a commit without authorization, and a second commit', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    const code = cashIn.depositInstructions.code;
    const commitBody = { accountNumber: code, accountReferenceNumber: cashIn.id, amount: '100.00' };

    const unauthorized = await omsError(w.client.cashIns.simulateAuthCommit({ ...commitBody, originalConfirmationId: 'conf_whatever' }));
    expect(unauthorized).toMatchObject({ status: 400, code: 'invalid_request', param: 'originalConfirmationId' });

    const unknownCode = await omsError(w.client.cashIns.simulateBarcodeAuth({ accountNumber: 'ZZZ 00000', amount: '100.00' }));
    expect(unknownCode).toMatchObject({ status: 404, code: 'resource_not_found', param: 'accountNumber' });
    const unknownCommit = await omsError(w.client.cashIns.simulateAuthCommit({ ...commitBody, accountNumber: 'ZZZ 00000', originalConfirmationId: 'conf_x' }));
    expect(unknownCommit).toMatchObject({ status: 404, code: 'resource_not_found' });
    const tooMuch = await omsError(w.client.cashIns.simulateBarcodeAuth({ accountNumber: code, amount: '1000.01' }));
    expect(tooMuch).toMatchObject({ status: 400, code: 'invalid_request', param: 'amount' });

    const auth = await w.client.cashIns.simulateBarcodeAuth({ accountNumber: code, amount: '100.00' });
    const wrong = await omsError(w.client.cashIns.simulateAuthCommit({ ...commitBody, originalConfirmationId: `${auth.confirmationId}x` }));
    expect(wrong).toMatchObject({ status: 400, code: 'invalid_request', param: 'originalConfirmationId' });
    expect((await w.client.cashIns.get(cashIn.id)).status).toBe('pending');

    await w.client.cashIns.simulateAuthCommit({ ...commitBody, originalConfirmationId: auth.confirmationId });
    const twice = await omsError(w.client.cashIns.simulateAuthCommit({ ...commitBody, originalConfirmationId: auth.confirmationId }));
    expect(twice).toMatchObject({ status: 400, code: 'invalid_request' });
    await w.sandbox.idle();
    const afterCompletion = await omsError(w.client.cashIns.simulateAuthCommit({ ...commitBody, originalConfirmationId: auth.confirmationId }));
    expect(afterCompletion).toMatchObject({ status: 400, code: 'invalid_request' });
    const rescan = await omsError(w.client.cashIns.simulateBarcodeAuth({ accountNumber: code, amount: '100.00' }));
    expect(rescan).toMatchObject({ status: 400, code: 'invalid_request', param: 'accountNumber' });

    // Credited exactly once.
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '98.00', pendingBalance: '0.00' });
    expect((await w.client.transactions.list({ type: 'fiatToCrypto' })).data).toHaveLength(1);
  });

  it('refuses a commit for another amount than the counter authorized', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    const code = cashIn.depositInstructions.code;
    const auth = await w.client.cashIns.simulateBarcodeAuth({ accountNumber: code, amount: '10.00' });
    const commit = { accountNumber: code, accountReferenceNumber: cashIn.id, originalConfirmationId: auth.confirmationId };
    const error = await omsError(w.client.cashIns.simulateAuthCommit({ ...commit, amount: '1000.00' }));
    expect(error).toMatchObject({ status: 400, param: 'amount' });
    expect((await w.client.cashIns.get(cashIn.id)).status).toBe('pending');
    await w.client.cashIns.simulateAuthCommit({ ...commit, amount: '10.00' });
    await w.sandbox.idle();
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '9.35', pendingBalance: '0.00' });
  });

  it('fails a cash deposit the provider rejects: cash_deposit_failed, nothing credited', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    const { commit } = await deposit(w, cashIn, '100.00', { sandboxOutcome: 'failed' });
    await w.sandbox.idle();
    const failed = await w.client.cashIns.get(cashIn.id);
    expect(failed).toMatchObject({ status: 'failed', subStatus: 'cash_deposit_failed', completedAt: null, transactionId: commit.responseId });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '0.00', pendingBalance: '0.00' });
    const txn = await w.client.transactions.get(commit.responseId);
    expect(txn).toMatchObject({
      type: 'fiatToCrypto',
      status: 'failed',
      cashInId: cashIn.id,
      completedAt: null,
      error: { code: 'cashDepositFailed', message: expect.stringContaining('cash deposit') },
    });
    expect(w.eventsFor(cashIn.id)).toEqual(['cashIn.created', 'cashIn.processing', 'cashIn.failed']);
    expect(w.eventsFor(commit.responseId)).toEqual(expect.arrayContaining(['transaction.fiatToCrypto.processing', 'transaction.fiatToCrypto.failed']));
    expect(w.eventsFor(commit.responseId).slice(0, 2)).toEqual(['transaction.fiatToCrypto.processing', 'transaction.fiatToCrypto.failed']);
  });

  it('fails a cash deposit of the magic amount 13.13 without any header', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    await deposit(w, cashIn, '13.13');
    await w.sandbox.idle();
    expect(await w.client.cashIns.get(cashIn.id)).toMatchObject({ status: 'failed', subStatus: 'cash_deposit_failed' });
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '0.00', pendingBalance: '0.00' });
  });
});

describe('deposit code expiry and refresh', () => {
  it('expires an unused code after an hour; a refresh issues a new code and the cash-in is pending again', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    const oldCode = cashIn.depositInstructions.code;
    w.sandbox.clock.advance(HOUR + 1);

    const expired = await w.client.cashIns.get(cashIn.id);
    expect(expired).toMatchObject({ status: 'expired', subStatus: 'cash_deposit_expired' });
    // Looking again does not expire it twice.
    expect((await w.client.cashIns.get(cashIn.id)).status).toBe('expired');
    await w.sandbox.idle();
    expect(w.eventsFor(cashIn.id)).toEqual(['cashIn.created', 'cashIn.expired']);

    const scan = await omsError(w.client.cashIns.simulateBarcodeAuth({ accountNumber: oldCode, amount: '100.00' }));
    expect(scan).toMatchObject({ status: 400, code: 'invalid_request', param: 'accountNumber' });

    const refreshed = await w.client.cashIns.refresh(cashIn.id);
    expect(refreshed).toMatchObject({ id: cashIn.id, status: 'pending', subStatus: 'order_reserved' });
    expect(refreshed.depositInstructions.code).toMatch(CODE);
    expect(refreshed.depositInstructions.code).not.toBe(oldCode);
    expect(Date.parse(refreshed.depositInstructions.expiresAt) - Date.parse(cashIn.depositInstructions.expiresAt)).toBeGreaterThanOrEqual(HOUR + 1);
    expect(await w.client.cashIns.get(cashIn.id)).toEqual(refreshed);

    // The old code is gone; the new one works all the way to the wallet.
    expect(await omsError(w.client.cashIns.simulateBarcodeAuth({ accountNumber: oldCode, amount: '100.00' }))).toMatchObject({ status: 404 });
    await deposit(w, refreshed);
    await w.sandbox.idle();
    expect((await w.client.cashIns.get(cashIn.id)).status).toBe('completed');
    expect(w.eventsFor(cashIn.id)).toEqual(['cashIn.created', 'cashIn.expired', 'cashIn.refreshed', 'cashIn.processing', 'cashIn.completed']);
    expect(await balances(w, alice.wallet.id)).toEqual({ balance: '98.00', pendingBalance: '0.00' });
  });

  it('refreshing a pending code voids its barcode authorization', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    const auth = await w.client.cashIns.simulateBarcodeAuth({ accountNumber: cashIn.depositInstructions.code, amount: '100.00' });
    const refreshed = await w.client.cashIns.refresh(cashIn.id);
    expect(refreshed.status).toBe('pending');
    const stale = await omsError(
      w.client.cashIns.simulateAuthCommit({
        accountNumber: refreshed.depositInstructions.code,
        accountReferenceNumber: cashIn.id,
        amount: '100.00',
        originalConfirmationId: auth.confirmationId,
      }),
    );
    expect(stale).toMatchObject({ status: 400, code: 'invalid_request', param: 'originalConfirmationId' });
  });

  it('refuses to refresh a cash-in whose cash was already deposited', async () => {
    const { w, alice, location } = await setup();
    const cashIn = await createCashIn(w, alice, location);
    await deposit(w, cashIn);
    const whileProcessing = await omsError(w.client.cashIns.refresh(cashIn.id));
    expect(whileProcessing).toMatchObject({ status: 400, code: 'invalid_request' });
    await w.sandbox.idle();
    const completed = await omsError(w.client.cashIns.refresh(cashIn.id));
    expect(completed).toMatchObject({ status: 400, code: 'invalid_request' });
    expect((await w.client.cashIns.get(cashIn.id)).status).toBe('completed');
    expect(await omsError(w.client.cashIns.refresh('ci_01UNKNOWN'))).toMatchObject({ status: 404, code: 'resource_not_found' });
  });
});

describe('listing cash-ins', () => {
  it('lists newest first and filters by status and customer', async () => {
    const { w, alice, location } = await setup();
    const bob = await seller(w.client, 'Bob');
    const tick = () => w.sandbox.clock.advance(1_000);

    const aliceExpired = await createCashIn(w, alice, location);
    w.sandbox.clock.advance(HOUR + 1);
    const aliceCompleted = await createCashIn(w, alice, location);
    await deposit(w, aliceCompleted);
    tick();
    const bobPending = await createCashIn(w, bob, location, '40.00');
    tick();
    const bobFailed = await createCashIn(w, bob, location);
    await deposit(w, bobFailed, '100.00', { sandboxOutcome: 'failed' });
    tick();
    await w.sandbox.idle();

    const all = await w.client.cashIns.list();
    expect(ids(all.data)).toEqual(ids([bobFailed, bobPending, aliceCompleted, aliceExpired]));
    expect(all.hasMore).toBe(false);
    const list = async (params: Parameters<typeof w.client.cashIns.list>[0]) => ids((await w.client.cashIns.list(params)).data);
    // The expired one was never looked at individually: the list itself notices the expiry.
    expect(await list({ status: 'expired' })).toEqual(ids([aliceExpired]));
    expect(await list({ status: 'pending' })).toEqual(ids([bobPending]));
    expect(await list({ status: 'completed' })).toEqual(ids([aliceCompleted]));
    expect(await list({ status: 'failed' })).toEqual(ids([bobFailed]));
    expect(await list({ status: 'processing' })).toEqual([]);
    expect(await list({ customerId: alice.customer.id })).toEqual(ids([aliceCompleted, aliceExpired]));
    expect(await list({ customerId: bob.customer.id })).toEqual(ids([bobFailed, bobPending]));
    expect(await list({ customerId: bob.customer.id, status: 'pending' })).toEqual(ids([bobPending]));
    expect(await list({ customerId: alice.customer.id, status: 'pending' })).toEqual([]);
    expect(await list({ createdAfter: aliceCompleted.createdAt, createdBefore: bobPending.createdAt })).toEqual(ids([bobPending, aliceCompleted]));

    const firstPage = await w.client.cashIns.list({ limit: 2 });
    expect(ids(firstPage.data)).toEqual(ids([bobFailed, bobPending]));
    expect(firstPage.hasMore).toBe(true);
    const secondPage = await w.client.cashIns.list({ limit: 2, startingAfter: firstPage.nextCursor! });
    expect(ids(secondPage.data)).toEqual(ids([aliceCompleted, aliceExpired]));
    expect(secondPage.hasMore).toBe(false);
    expect(ids(await collect(w.client.cashIns.listAll({ limit: 1 })))).toEqual(ids(all.data));
  });
});
