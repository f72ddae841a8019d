import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalAccountDocument, SellerExternalAccountsDocument } from '../generated/graphql.js';
import { data } from '../support/documents.js';
import {
  available,
  depositInto,
  execute,
  payout,
  quote,
  register,
  registered,
  sellerOf,
  startPayoutGateway,
  US_BANK,
  walletOf,
  type FundedSeller,
  type PayoutGateway,
} from '../support/payouts.js';
import { subscribe, type Pushed } from '../webhooks/support.js';

/**
 * The seed's loop through GraphQL alone: a seller is paid 500.00 by ACH into a virtual account,
 * holds 494.00 USDC, registers a US bank account and withdraws to it. Every status change arrives as
 * a pushed transactionUpdated event, the way a dashboard sees it; the failures (a bank that returns
 * the payout, a compliance hold) too. Fees (DOCS_EXAMPLE_FEES): deposits 1.00 OMS plus the 1%
 * developer fee; payouts 0.5% + 1.00 OMS; sends 0.35% OMS + 0.03 gas.
 */

let t: PayoutGateway;
let platformWallet: string;
beforeAll(async () => {
  t = await startPayoutGateway();
  // The marketplace's own wallet, where its developer fees are paid.
  platformWallet = await walletOf(t, (await sellerOf(t)).id);
});
afterAll(() => t?.close());

const events = (pushed: Pushed[], id: string) => pushed.filter((p) => p.transaction.id === id).map((p) => [p.event, p.transaction.subStatus]);

describe('the seed loop: 500.00 ACH in, 494.00 held, withdrawn to a US bank', () => {
  it('every figure, every pushed status', async () => {
    const seller = await sellerOf(t, [{ rate: '0.010', walletId: platformWallet }]);
    const watcher = await subscribe(t, t.keys.acme, { tenant: 'acme' }, { sellerId: seller.id });

    await depositInto(t, seller, '500.00');
    const [depositProcessing, depositCompleted] = await watcher.atLeast(2);
    expect([depositProcessing!.event, depositCompleted!.event]).toEqual(['transaction.fiatToCrypto.processing', 'transaction.fiatToCrypto.completed']);
    expect(await payout(t, depositCompleted!.transaction.id)).toMatchObject({
      type: 'FIAT_TO_CRYPTO',
      status: 'COMPLETED',
      rail: 'ACH_IN',
      fixedAmountSide: 'SOURCE',
      sponsorGas: false,
      source: { asset: 'USD', amountGross: '500.00', amountNet: '494.00', fees: { total: '6.00', developer: '5.00', oms: '1.00', gas: '0.00' } },
      destination: { asset: 'USDC', amountNet: '494.00', wallet: { id: seller.walletId }, externalAccount: null },
    });
    expect(await available(t, seller.walletId)).toBe('494.00');

    const made = await register(t, seller.id, { ...US_BANK, label: 'Main payouts' });
    expect(made).toEqual({
      userErrors: [],
      externalAccount: {
        id: expect.stringMatching(/^cpUsBank_/),
        type: 'US_BANK',
        status: 'VERIFIED',
        network: 'ACH',
        label: 'Main payouts',
        bankName: 'Chase',
        accountNumberLast4: '4242',
        blockchainAddress: null,
        createdAt: expect.any(String),
        seller: { id: seller.id },
      },
    });
    const bank = made.externalAccount!;
    expect(JSON.stringify(made), 'the full account number never comes back').not.toContain(US_BANK.accountNumber);
    expect(await data(t, t.keys.acme, ExternalAccountDocument, { id: bank.id })).toEqual({
      externalAccount: bank,
      node: { __typename: 'ExternalAccount', id: bank.id },
    });
    expect((await data(t, seller.token, SellerExternalAccountsDocument, { id: seller.id })).seller?.externalAccounts).toEqual([bank]);

    // No asset or network given: a US bank account receives USD over ACH.
    const quoted = await quote(t, seller, { sourceAmount: '494.00', destinationExternalAccountId: bank.id, metadata: { order: 'payout-1' } });
    expect(quoted.userErrors).toEqual([]);
    // 0.5% of 494.00 = 2.47, + 1.00 = 3.47; 494.00 - 3.47 = 490.53; 490.53 / 494.00 = 0.99297 -> 0.9930.
    expect(quoted.quote).toMatchObject({
      type: 'CRYPTO_TO_FIAT',
      status: 'OPEN',
      fixedAmountSide: 'SOURCE',
      sponsorGas: false,
      developerFees: [],
      metadata: { order: 'payout-1' },
      source: { asset: 'USDC', amountGross: '494.00', amountNet: '490.53', fees: { total: '3.47', developer: '0.00', oms: '3.47', gas: '0.00' } },
      destination: {
        asset: 'USD',
        network: 'ACH',
        amountGross: '490.53',
        amountNet: '490.53',
        wallet: null,
        externalAccountId: bank.id,
        externalAccount: { id: bank.id, type: 'US_BANK' },
      },
      rates: { pair: 'USDC/USD', exchangeRate: '1.0000', effectiveRate: '0.9930' },
    });

    const started = await execute(t, quoted.quote!.id);
    const { id } = started;
    expect(started).toMatchObject({ type: 'CRYPTO_TO_FIAT', status: 'PROCESSING', completedAt: null, quote: { id: quoted.quote!.id, status: 'ACCEPTED' } });

    const pushed = await watcher.atLeast(4);
    await watcher.close();
    expect(events(pushed, id)).toEqual([
      ['transaction.cryptoToFiat.processing', null],
      ['transaction.cryptoToFiat.completed', null],
    ]);
    const done = await payout(t, id);
    expect(Date.parse(done!.estimatedArrival!), 'when the bank rail settles').toBeGreaterThan(Date.parse(done!.createdAt));
    expect(done).toMatchObject({
      status: 'COMPLETED',
      rail: null,
      metadata: { order: 'payout-1' },
      error: null,
      completedAt: expect.any(String),
      source: { amountGross: '494.00', amountNet: '490.53', wallet: { id: seller.walletId } },
      destination: { asset: 'USD', network: 'ACH', amountNet: '490.53', txHash: null, externalAccount: { id: bank.id, accountNumberLast4: '4242' } },
    });
    expect(await available(t, seller.walletId)).toBe('0.00');
    expect(await available(t, platformWallet), 'the marketplace kept its 1% of the deposit').toBe('5.00');
  });
});

describe('a payout that fails', () => {
  let seller: FundedSeller;
  let bank: string;
  beforeAll(async () => {
    seller = await sellerOf(t);
    await depositInto(t, seller, '100.00');
    await t.sandbox.idle();
    bank = await registered(t, seller.id);
    expect(await available(t, seller.walletId)).toBe('99.00');
  });

  it('the bank returns it (13.13): failed, then refunded, and the wallet holds what it held', async () => {
    const watcher = await subscribe(t, t.keys.acme, { tenant: 'acme' }, { sellerId: seller.id });
    const quoted = await quote(t, seller, { sourceAmount: '13.13', destinationExternalAccountId: bank });
    const { id } = await execute(t, quoted.quote!.id);
    const pushed = await watcher.atLeast(3);
    await watcher.close();
    expect(events(pushed, id)).toEqual([
      ['transaction.cryptoToFiat.processing', null],
      ['transaction.cryptoToFiat.failed', 'failed.bankRejected'],
      ['transaction.cryptoToFiat.refundCompleted', 'failed.refunded'],
    ]);
    expect(pushed.map((p) => p.transaction.status)).toEqual(['PROCESSING', 'FAILED', 'FAILED']);
    expect(await payout(t, id)).toMatchObject({
      status: 'FAILED',
      subStatus: 'failed.refunded',
      completedAt: null,
      error: { code: 'bankRejected', message: expect.stringContaining('returned') },
    });
    expect(await available(t, seller.walletId), 'the 13.13 came back').toBe('99.00');
  });
});

describe('while OMS holds its follow-ups (a review ends, a refund comes, only once this gateway closes)', () => {
  let held: PayoutGateway;
  let seller: FundedSeller;
  let bank: string;
  beforeAll(async () => {
    held = await startPayoutGateway({ sandbox: { followUpDelayMs: 600_000 } });
    seller = await sellerOf(held);
    await depositInto(held, seller, '200.00');
    await held.sandbox.idle(); // the deposit completes; nothing is held yet
    bank = await registered(held, seller.id);
  });
  afterAll(() => held?.close());

  it('a compliance hold (77.77) is pushed to the tenant, never to the seller token, which reads plain processing', async () => {
    const tenant = await subscribe(held, held.keys.acme, { tenant: 'acme' }, { sellerId: seller.id });
    const own = await subscribe(held, seller.token, { tenant: 'acme', sellerId: seller.id });
    const { id } = await execute(held, (await quote(held, seller, { sourceAmount: '77.77', destinationExternalAccountId: bank })).quote!.id);
    expect(events(await tenant.atLeast(2), id)).toEqual([
      ['transaction.cryptoToFiat.processing', null],
      ['transaction.cryptoToFiat.underReview', 'processing.underReview'],
    ]);
    // The marker comes after the hold: everything the seller was pushed before it is here.
    expect(events(await own.quiet(), id)).toEqual([['transaction.cryptoToFiat.processing', null]]);
    await Promise.all([tenant.close(), own.close()]);

    expect(await payout(held, id)).toMatchObject({ status: 'PROCESSING', subStatus: 'processing.underReview' });
    expect(await payout(held, id, seller.token)).toMatchObject({ status: 'PROCESSING', subStatus: null });
    // 199.00 - 77.77, taken when executed.
    expect(await available(held, seller.walletId)).toBe('121.23');
  });

  it('a payout the bank returned (13.13) stays taken from the wallet until its refund', async () => {
    const tenant = await subscribe(held, held.keys.acme, { tenant: 'acme' }, { sellerId: seller.id });
    const { id } = await execute(held, (await quote(held, seller, { sourceAmount: '13.13', destinationExternalAccountId: bank })).quote!.id);
    expect(events(await tenant.atLeast(2), id)).toEqual([
      ['transaction.cryptoToFiat.processing', null],
      ['transaction.cryptoToFiat.failed', 'failed.bankRejected'],
    ]);
    await tenant.close();
    expect(await available(held, seller.walletId)).toBe('108.10');
  });
});
