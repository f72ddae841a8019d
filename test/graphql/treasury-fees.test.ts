import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateDepositAddressDocument,
  CreatePayoutQuoteDocument,
  CreateTreasuryWalletDocument,
  CreateVirtualAccountDocument,
  FeeIncomeDocument,
  type CreateTreasuryWalletInput,
} from '../generated/graphql.js';
import { depositAddressCalls } from '../support/deposit-addresses.js';
import { data, send } from '../support/documents.js';
import {
  available,
  callsDuring,
  depositInto,
  execute,
  payout,
  quote,
  registered,
  sellerOf,
  startPayoutGateway,
  walletOf,
  type FundedSeller,
  type PayoutGateway,
} from '../support/payouts.js';
import { unique } from '../webhooks/support.js';

/**
 * Developer fees naming no wallet, on quotes and deposit addresses: they are paid into the tenant's
 * treasury wallet (the one holding what the fee is taken in, else the oldest), credited when the
 * transaction completes, and read back as fee income with that transaction. With no treasury wallet
 * such a fee is refused at its walletId before OMS is asked, on every mutation taking fees alike.
 * Fees (DOCS_EXAMPLE_FEES): sends 0.35% OMS + 0.03 gas; payouts 0.5% + 1.00 OMS; deposit addresses 0.1%.
 */

let t: PayoutGateway;
let seller: FundedSeller;
beforeAll(async () => {
  t = await startPayoutGateway();
  seller = await sellerOf(t);
  await depositInto(t, seller, '300.00'); // 299.00 after the 1.00 deposit fee
  await t.sandbox.idle();
});
afterAll(() => t?.close());

async function createTreasuryWallet(input: CreateTreasuryWalletInput, token = t.keys.acme) {
  const { createTreasuryWallet } = await data(t, token, CreateTreasuryWalletDocument, { input: { idempotencyKey: unique('treasury'), ...input } });
  expect(createTreasuryWallet.userErrors).toEqual([]);
  return createTreasuryWallet.wallet!.id;
}

const income = async () => (await data(t, t.keys.acme, FeeIncomeDocument, { first: 100 })).treasury!;

/** What only POSTs `run` made to OMS: refused input must make none. */
const writesDuring = async (run: () => Promise<unknown>) => (await callsDuring(t, run)).filter((call) => call.startsWith('POST'));

describe('without a treasury wallet, a fee naming no wallet is refused where it is, and nothing reaches OMS', () => {
  const noWallet = { field: ['input', 'developerFees', '1', 'walletId'], code: 'INVALID_INPUT', message: expect.stringContaining('createTreasuryWallet') };
  let g: FundedSeller;
  let named: string;
  beforeAll(async () => {
    g = await sellerOf(t, [], 'globex');
    named = await walletOf(t, (await sellerOf(t, [], 'globex')).id, 'globex');
  });

  it('createQuote', async () => {
    let answer: unknown;
    const input = {
      sellerId: g.id,
      sourceWalletId: g.walletId,
      sourceAmount: '10.00',
      destinationWalletId: named,
      developerFees: [
        { type: 'PERCENTAGE' as const, rate: '0.010', walletId: named },
        { type: 'FIXED' as const, amount: '1.00' },
      ],
      idempotencyKey: unique('quote'),
    };
    const writes = await writesDuring(async () => (answer = (await data(t, t.keys.globex, CreatePayoutQuoteDocument, { input })).createQuote));
    expect(answer).toEqual({ quote: null, userErrors: [noWallet] });
    expect(writes).toEqual([]);
  });

  it('createDepositAddress and createVirtualAccount', async () => {
    const developerFees = [{ rate: '0.010', walletId: named }, { rate: '0.005' }];
    const input = { sellerId: g.id, destinationWalletId: g.walletId, developerFees, idempotencyKey: unique('fees') };
    let da: unknown;
    let va: unknown;
    const writes = await writesDuring(async () => {
      da = (await data(t, t.keys.globex, CreateDepositAddressDocument, { input })).createDepositAddress;
      va = (await data(t, t.keys.globex, CreateVirtualAccountDocument, { input })).createVirtualAccount;
    });
    expect(da).toEqual({ depositAddress: null, userErrors: [noWallet] });
    expect(va).toEqual({ virtualAccount: null, userErrors: [noWallet] });
    expect(writes).toEqual([]);
  });

  it('fees naming their wallets still need no treasury', async () => {
    const { createDepositAddress } = await data(t, t.keys.globex, CreateDepositAddressDocument, {
      input: { sellerId: g.id, destinationWalletId: g.walletId, developerFees: [{ rate: '0.010', walletId: named }], idempotencyKey: unique('da') },
    });
    expect(createDepositAddress.userErrors).toEqual([]);
    expect(createDepositAddress.depositAddress?.developerFees.map((fee) => fee.wallet?.id)).toEqual([named]);
  });
});

describe('quote fees naming no wallet are treasury fee income', () => {
  let usdtTreasury: string;
  let usdcTreasury: string;
  let receiver: string;
  beforeAll(async () => {
    // The USDT wallet is the oldest: a fee taken in USDC on POLYGON still goes to the USDC one.
    usdtTreasury = await createTreasuryWallet({ asset: 'USDT', network: 'ETHEREUM' });
    usdcTreasury = await createTreasuryWallet({ asset: 'USDC', network: 'POLYGON' });
    receiver = await walletOf(t, (await sellerOf(t)).id);
  });

  it('a 1% fee on a 100.00 send: 1.00 to the treasury wallet holding USDC on POLYGON, shown with its transaction', async () => {
    const quoted = await quote(t, seller, {
      sourceAmount: '100.00',
      destinationWalletId: receiver,
      developerFees: [{ type: 'PERCENTAGE', rate: '0.010' }],
    });
    expect(quoted.userErrors).toEqual([]);
    // Developer 1.00; OMS 0.35% of 100.00 = 0.35; gas 0.03: total 1.38, net 98.62.
    expect(quoted.quote).toMatchObject({
      developerFees: [{ type: 'PERCENTAGE', rate: '0.010', amount: null, wallet: { id: usdcTreasury } }],
      source: { amountGross: '100.00', amountNet: '98.62', fees: { total: '1.38', developer: '1.00', oms: '0.35', gas: '0.03' } },
    });
    const txn = await execute(t, quoted.quote!.id);
    await t.sandbox.idle();
    expect(await payout(t, txn.id)).toMatchObject({ status: 'COMPLETED', destination: { amountNet: '98.62' } });

    const { wallets, feeIncome } = await income();
    expect(wallets, 'newest first').toEqual([
      { id: usdcTreasury, asset: 'USDC', network: 'POLYGON', balance: { available: '1.00' } },
      { id: usdtTreasury, asset: 'USDT', network: 'ETHEREUM', balance: { available: '0.00' } },
    ]);
    expect(feeIncome).toEqual({
      nodes: [
        {
          amount: '1.00',
          wallet: { id: usdcTreasury },
          transaction: {
            id: txn.id,
            type: 'CRYPTO_TO_CRYPTO',
            status: 'COMPLETED',
            quote: { id: quoted.quote!.id },
            depositAddress: null,
            source: { asset: 'USDC', amountGross: '100.00', fees: { developer: '1.00' } },
          },
        },
      ],
      pageInfo: { hasNextPage: false },
    });
    expect(await available(t, seller.walletId)).toBe('199.00');
    expect(await available(t, receiver)).toBe('98.62');
  });

  it('a payout’s two fees to the treasury are one credit of their exact sum; a failed send earns nothing', async () => {
    const bank = await registered(t, seller.id);
    const quoted = await quote(t, seller, {
      sourceAmount: '50.00',
      destinationExternalAccountId: bank,
      developerFees: [
        { type: 'PERCENTAGE', rate: '0.0125' },
        { type: 'FIXED', amount: '0.75' },
      ],
    });
    // Developer 0.625 -> 0.63 and 0.75 = 1.38; OMS 0.5% of 50.00 = 0.25 + 1.00: total 2.63, net 47.37.
    expect(quoted.quote).toMatchObject({
      type: 'CRYPTO_TO_FIAT',
      developerFees: [{ wallet: { id: usdcTreasury } }, { wallet: { id: usdcTreasury } }],
      source: { amountGross: '50.00', amountNet: '47.37', fees: { total: '2.63', developer: '1.38', oms: '1.25' } },
    });
    const paid = await execute(t, quoted.quote!.id);
    // 13.13 makes the sandbox fail the send: its 0.13 fee is never paid.
    const failing = await quote(t, seller, { sourceAmount: '13.13', destinationWalletId: receiver, developerFees: [{ type: 'PERCENTAGE', rate: '0.010' }] });
    const failed = await execute(t, failing.quote!.id);
    await t.sandbox.idle();
    expect(await payout(t, paid.id)).toMatchObject({ status: 'COMPLETED' });
    expect(await payout(t, failed.id)).toMatchObject({ status: 'FAILED' });

    const { wallets, feeIncome } = await income();
    expect(feeIncome.nodes.map((n) => [n.amount, n.wallet.id, n.transaction.id, n.transaction.type])).toEqual([
      ['1.38', usdcTreasury, paid.id, 'CRYPTO_TO_FIAT'],
      ['1.00', usdcTreasury, expect.stringMatching(/^txn_/), 'CRYPTO_TO_CRYPTO'],
    ]);
    expect(wallets.find((w) => w.id === usdcTreasury)?.balance.available).toBe('2.38');
    expect(await available(t, seller.walletId), '199.00 - 50.00; the failed send came back').toBe('149.00');
  });

  it('deposit-address fees naming no wallet go to the treasury wallet of the address’s asset and network', async () => {
    const api = depositAddressCalls(t);
    const usdt = await api.createWallet(seller.id, { asset: 'USDT', network: 'ETHEREUM' });
    const made = await Promise.all([
      api.create({ sellerId: seller.id, destinationWalletId: seller.walletId, developerFees: [{ rate: '0.005' }] }),
      api.create({ sellerId: seller.id, destinationWalletId: usdt.id, asset: 'USDT', network: 'ETHEREUM', developerFees: [{ rate: '0.010' }] }),
    ]);
    expect(made.map((m) => m.userErrors)).toEqual([[], []]);
    const [usdcAddress, usdtAddress] = made.map((m) => m.depositAddress!);
    expect(usdcAddress!.developerFees).toEqual([{ type: 'PERCENTAGE', rate: '0.005', amount: null, wallet: { id: usdcTreasury } }]);
    expect(usdtAddress!.developerFees).toEqual([{ type: 'PERCENTAGE', rate: '0.010', amount: null, wallet: { id: usdtTreasury } }]);

    // 200.00 USDC: developer 1.00, OMS 0.20, net 198.80. 50.00 USDT: developer 0.50, OMS 0.05, net 49.45.
    const first = await api.simulate({ depositAddressId: usdcAddress!.id, amount: '200.00' });
    await t.sandbox.idle();
    const second = await api.simulate({ depositAddressId: usdtAddress!.id, amount: '50.00' });
    await t.sandbox.idle();
    const { wallets, feeIncome } = await income();
    expect(feeIncome.nodes.slice(0, 2)).toEqual([
      {
        amount: '0.50',
        wallet: { id: usdtTreasury },
        transaction: {
          id: second.transaction!.id,
          type: 'CRYPTO_TO_CRYPTO',
          status: 'COMPLETED',
          quote: null,
          depositAddress: { id: usdtAddress!.id },
          source: { asset: 'USDT', amountGross: '50.00', fees: { developer: '0.50' } },
        },
      },
      {
        amount: '1.00',
        wallet: { id: usdcTreasury },
        transaction: {
          id: first.transaction!.id,
          type: 'CRYPTO_TO_CRYPTO',
          status: 'COMPLETED',
          quote: null,
          depositAddress: { id: usdcAddress!.id },
          source: { asset: 'USDC', amountGross: '200.00', fees: { developer: '1.00' } },
        },
      },
    ]);
    expect(feeIncome.nodes.map((n) => n.amount)).toEqual(['0.50', '1.00', '1.38', '1.00']);
    expect(wallets.map((w) => w.balance.available)).toEqual(['3.38', '0.50']); // USDC, USDT
    expect(await available(t, usdt.id)).toBe('49.45');
    expect(await available(t, seller.walletId)).toBe('347.80'); // 149.00 + 198.80
  });

  it('a seller token still may not set a fee, even one the treasury would take: FORBIDDEN, nothing sent', async () => {
    const writes = await writesDuring(async () => {
      const quoted = await send(t, seller.token, CreatePayoutQuoteDocument, {
        input: {
          sellerId: seller.id,
          sourceWalletId: seller.walletId,
          sourceAmount: '10.00',
          destinationWalletId: seller.walletId,
          developerFees: [{ type: 'PERCENTAGE', rate: '0.010' }],
          idempotencyKey: unique('quote'),
        },
      });
      expect(quoted.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('developerFees') });
    });
    expect(writes).toEqual([]);
  });
});
