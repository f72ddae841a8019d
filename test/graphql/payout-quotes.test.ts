import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreatePayoutQuoteDocument, QuoteDocument, type CreateQuoteInput, type QuoteDeveloperFeeInput } from '../generated/graphql.js';
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
 * What createQuote makes of a destination: the asset and network it receives when none are given, a
 * refusal naming the field when the pair given does not fit it (before OMS is asked), and the
 * marketplace's developer fees and sponsored gas on a send, and the amounts it refuses itself. Fees (DOCS_EXAMPLE_FEES): payouts 0.5% +
 * 1.00 OMS; sends 0.35% OMS + 0.03 gas.
 */

let t: PayoutGateway;
let seller: FundedSeller;
let usBank: string;
let intlBank: string;
let ethAddress: string;
const ADDRESS = `0x${'ab'.repeat(20)}`;
beforeAll(async () => {
  t = await startPayoutGateway();
  seller = await sellerOf(t);
  await depositInto(t, seller, '300.00');
  await t.sandbox.idle();
  usBank = await registered(t, seller.id);
  intlBank = await registered(t, seller.id, {
    type: 'INTERNATIONAL_BANK',
    bankName: 'B',
    iban: 'DE89370400440532013000',
    swiftCode: 'COBADEFF',
    country: 'DE',
  });
  ethAddress = await registered(t, seller.id, { type: 'BLOCKCHAIN_ADDRESS', blockchainAddress: `0x${'34'.repeat(20)}`, network: 'ETHEREUM' });
});
afterAll(() => t?.close());

describe('the asset and network a destination receives', () => {
  it('by default: USD over ACH to a US bank, USD by WIRE abroad, USDC on its chain to a saved address', async () => {
    const arrives = async (destinationExternalAccountId: string) => {
      const { quote: made, userErrors } = await quote(t, seller, { sourceAmount: '10.00', destinationExternalAccountId });
      expect(userErrors).toEqual([]);
      return [made!.type, made!.destination.asset, made!.destination.network];
    };
    expect(await arrives(usBank)).toEqual(['CRYPTO_TO_FIAT', 'USD', 'ACH']);
    expect(await arrives(intlBank)).toEqual(['CRYPTO_TO_FIAT', 'USD', 'WIRE']);
    expect(await arrives(ethAddress)).toEqual(['CRYPTO_TO_CRYPTO', 'USDC', 'ETHEREUM']);
  });

  it('WIRE to a US bank when asked', async () => {
    const { quote: made } = await quote(t, seller, { sourceAmount: '10.00', destinationExternalAccountId: usBank, destinationNetwork: 'WIRE' });
    expect(made?.destination).toMatchObject({ asset: 'USD', network: 'WIRE', externalAccountId: usBank });
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['USDC to a US bank', { destinationExternalAccountId: 'usBank', destinationAsset: 'USDC' }, 'destinationAsset'],
    ['POLYGON to a US bank', { destinationExternalAccountId: 'usBank', destinationNetwork: 'POLYGON' }, 'destinationNetwork'],
    ['ACH abroad', { destinationExternalAccountId: 'intlBank', destinationNetwork: 'ACH' }, 'destinationNetwork'],
    ['USD to a saved address', { destinationExternalAccountId: 'ethAddress', destinationAsset: 'USD' }, 'destinationAsset'],
    ['POLYGON to a saved address on ETHEREUM', { destinationExternalAccountId: 'ethAddress', destinationNetwork: 'POLYGON' }, 'destinationNetwork'],
    ['USD to a blockchain address', { destinationBlockchainAddress: ADDRESS, destinationAsset: 'USD' }, 'destinationAsset'],
    ['ETHEREUM to a wallet on POLYGON', { destinationWalletId: 'wallet', destinationNetwork: 'ETHEREUM' }, 'destinationNetwork'],
  ];
  it.each(refusals)('%s: DESTINATION_NOT_SUPPORTED naming the field, nothing asked of OMS', async (_what, input, field) => {
    const ids: Record<string, string> = { usBank, intlBank, ethAddress, wallet: seller.walletId };
    const resolved = Object.fromEntries(Object.entries(input).map(([key, value]) => [key, ids[value as string] ?? value]));
    let answer: Awaited<ReturnType<typeof quote>> | undefined;
    const calls = await callsDuring(t, async () => (answer = await quote(t, seller, { sourceAmount: '10.00', ...resolved })));
    expect(answer).toEqual({ quote: null, userErrors: [{ code: 'DESTINATION_NOT_SUPPORTED', field: ['input', field], message: expect.any(String) }] });
    expect(calls.filter((call) => call.startsWith('POST'))).toEqual([]);
  });
});

describe('developer fees and sponsored gas', () => {
  let platform: string;
  beforeAll(async () => {
    platform = await walletOf(t, (await sellerOf(t)).id);
  });

  it('on a send: both fees from the source, paid into the fee wallet on completion; the gas is the marketplace’s', async () => {
    const quoted = await quote(t, seller, {
      sourceAmount: '100.00',
      destinationExternalAccountId: ethAddress,
      developerFees: [
        { type: 'PERCENTAGE', rate: '0.010', walletId: platform },
        { type: 'FIXED', amount: '2.00', walletId: platform },
      ],
      sponsorGas: true,
    });
    expect(quoted.userErrors).toEqual([]);
    // Developer 1.00 + 2.00; OMS 0.35% of 100.00 = 0.35; the 0.03 gas sponsored: total 3.35, net 96.65.
    expect(quoted.quote).toMatchObject({
      sponsorGas: true,
      developerFees: [
        { type: 'PERCENTAGE', rate: '0.010', amount: null, wallet: { id: platform } },
        { type: 'FIXED', rate: null, amount: '2.00', wallet: { id: platform } },
      ],
      source: { amountGross: '100.00', amountNet: '96.65', fees: { total: '3.35', developer: '3.00', oms: '0.35', gas: '0.00' } },
      destination: { asset: 'USDC', network: 'ETHEREUM', amountNet: '96.65' },
      rates: { effectiveRate: '0.9665' },
    });
    const asSeller = await data(t, seller.token, QuoteDocument, { id: quoted.quote!.id });
    expect(asSeller.quote?.developerFees, 'the marketplace’s fees are not the seller’s to see').toEqual([]);

    const { id } = await execute(t, quoted.quote!.id);
    await t.sandbox.idle();
    expect(await payout(t, id)).toMatchObject({ status: 'COMPLETED', sponsorGas: true, sponsorGasCost: '0.03', destination: { amountNet: '96.65' } });
    expect(await available(t, platform)).toBe('3.00');
    expect(await available(t, seller.walletId)).toBe('199.00'); // 299.00 - 100.00
  });

  it('on a payout of a fixed amount: the source grossed up to cover OMS’s fee and the developer’s', async () => {
    const quoted = await quote(t, seller, {
      destinationAmount: '100.00',
      destinationExternalAccountId: usBank,
      developerFees: [{ type: 'FIXED', amount: '2.00', walletId: platform }],
    });
    // (100.00 + 1.00 + 2.00) / 0.995 = 103.517... -> 103.52: OMS 0.5176 -> 0.52 + 1.00; developer 2.00; net exactly 100.00.
    expect(quoted.quote).toMatchObject({
      fixedAmountSide: 'DESTINATION',
      source: { amountGross: '103.52', amountNet: '100.00', fees: { total: '3.52', developer: '2.00', oms: '1.52' } },
      destination: { asset: 'USD', network: 'ACH', amountNet: '100.00' },
    });
  });

  it('refused: from a seller token (FORBIDDEN), to another tenant’s wallet (NOT_FOUND), malformed (INVALID_INPUT)', async () => {
    const input = (developerFees: QuoteDeveloperFeeInput[]) => ({
      sellerId: seller.id,
      sourceWalletId: seller.walletId,
      sourceAmount: '10.00',
      destinationExternalAccountId: usBank,
      developerFees,
      idempotencyKey: unique('quote'),
    });
    const fromSeller = await send(t, seller.token, CreatePayoutQuoteDocument, { input: input([{ type: 'FIXED', amount: '1.00' }]) });
    expect(fromSeller.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('developerFees') });

    const globexWallet = await walletOf(t, (await sellerOf(t, [], 'globex')).id, 'globex');
    const refused = async (developerFees: QuoteDeveloperFeeInput[]) => {
      let answer: unknown;
      const calls = await callsDuring(
        t,
        async () => (answer = (await data(t, t.keys.acme, CreatePayoutQuoteDocument, { input: input(developerFees) })).createQuote),
      );
      expect(calls.filter((call) => call.startsWith('POST'))).toEqual([]);
      return answer;
    };
    expect(await refused([{ type: 'PERCENTAGE', rate: '0.010', walletId: globexWallet }])).toMatchObject({
      quote: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'developerFees', '0', 'walletId'] }],
    });
    expect(await refused([{ type: 'PERCENTAGE', amount: '1.00' }])).toMatchObject({
      quote: null,
      userErrors: [
        { code: 'INVALID_INPUT', field: ['input', 'developerFees', '0', 'rate'] },
        { code: 'INVALID_INPUT', field: ['input', 'developerFees', '0', 'amount'] },
      ],
    });
    expect(await refused([{ type: 'FIXED', amount: '-1.00' }])).toMatchObject({
      quote: null,
      userErrors: [{ code: 'INVALID_AMOUNT', field: ['input', 'developerFees', '0', 'amount'] }],
    });
  });
});

describe('amounts, judged by the gateway before OMS is asked', () => {
  // The source wallet holds USDC (6 decimals); a US bank receives USD (2). The most is 1e12 in any asset.
  const POSITIVE = 'expected a positive amount, e.g. "10.00"';
  const TOO_MUCH = 'expected at most 1000000000000 (a trillion)';
  const cases: [string, Partial<CreateQuoteInput>, string[], string][] = [
    ['a negative source', { sourceAmount: '-5.00' }, ['sourceAmount'], POSITIVE],
    ['a zero source', { sourceAmount: '0.000' }, ['sourceAmount'], POSITIVE],
    ['a source finer than USDC', { sourceAmount: '1.1234567' }, ['sourceAmount'], 'expected at most 6 decimal places'],
    ['a source of 32 digits', { sourceAmount: '9'.repeat(32) }, ['sourceAmount'], TOO_MUCH],
    ['a source a cent over the most', { sourceAmount: '1000000000000.01' }, ['sourceAmount'], TOO_MUCH],
    ['a source in exponent notation', { sourceAmount: '1e3' }, ['sourceAmount'], 'expected a decimal string like "494.00"'],
    ['a zero destination', { destinationAmount: '0' }, ['destinationAmount'], POSITIVE],
    ['a USD destination with a tenth of a cent', { destinationAmount: '100.001' }, ['destinationAmount'], 'expected at most 2 decimal places for USD'],
    [
      'a FIXED fee finer than USDC',
      { sourceAmount: '10.00', developerFees: [{ type: 'FIXED', amount: '0.0000001' }] },
      ['developerFees', '0', 'amount'],
      'expected at most 6 decimal places',
    ],
    [
      'a FIXED fee of 32 digits',
      { sourceAmount: '10.00', developerFees: [{ type: 'FIXED', amount: '9'.repeat(32) }] },
      ['developerFees', '0', 'amount'],
      TOO_MUCH,
    ],
  ];
  it.each(cases)('%s: INVALID_AMOUNT naming the field, nothing sent to OMS', async (_what, input, field, message) => {
    let answer: Awaited<ReturnType<typeof quote>> | undefined;
    const calls = await callsDuring(t, async () => (answer = await quote(t, seller, { destinationExternalAccountId: usBank, ...input })));
    expect(answer).toEqual({ quote: null, userErrors: [{ code: 'INVALID_AMOUNT', field: ['input', ...field], message }] });
    expect(calls.filter((call) => call.startsWith('POST'))).toEqual([]);
  });

  it('a plain amount with leading zeros or one decimal goes to OMS in its plain form', async () => {
    const { quote: made, userErrors } = await quote(t, seller, { sourceAmount: '0010.5', destinationExternalAccountId: usBank });
    expect(userErrors).toEqual([]);
    expect(made?.source.amountGross).toBe('10.50');
  });
});
