import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateQuoteDocument,
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateVirtualAccountDestinationDocument,
  CreateWalletDocument,
  ExecuteQuoteDocument,
  SellerVirtualAccountsDocument,
  SimulateDepositTransactionDocument,
  TransactionDocument,
  VirtualAccountDestinationDocument,
  WalletBalanceDocument,
  type CreateVirtualAccountInput,
  type DepositRail,
} from '../generated/graphql.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Deposits into virtual accounts as a marketplace simulates them in the sandbox: the transaction each
 * rail creates, accounts whose deposits go on to a blockchain address, and metadata up to OMS's limit.
 */

let t: TestGateway;
let acme: string;

/** acme lets its seller tokens create virtual accounts, not send anywhere; globex lets them do both. */
beforeAll(async () => {
  t = await startTestGateway({
    // Long enough that a deposit is still processing when simulateDeposit reads it back, on a slow
    // machine too; idle() waits it out.
    sandbox: { completionDelayMs: 1_000 },
    tenants: {
      acme: { sellerTokens: { allow: ['createVirtualAccount'] } },
      globex: { sellerTokens: { allow: ['createVirtualAccount'], sendAnywhere: true } },
    },
  });
  acme = t.keys.acme;
});
afterAll(() => t?.close());

let counter = 0;
const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;
const ADDRESS = '0x52908400098527886E0F7030069857D2E4169EE7';

async function createSeller(key = acme, metadata?: Record<string, unknown>) {
  const { createSeller } = await data(t, key, CreateSellerDocument, {
    input: { firstName: 'Ada', lastName: 'Lovelace', email: `${unique('ada')}@example.com`, ...(metadata ? { metadata } : {}) },
  });
  return createSeller;
}

async function sellerWithWallet(key = acme) {
  const seller = (await createSeller(key)).seller!;
  const { createWallet } = await data(t, key, CreateWalletDocument, { input: { sellerId: seller.id, idempotencyKey: unique('wallet') } });
  return { sellerId: seller.id, walletId: createWallet.wallet!.id };
}

async function createVirtualAccount(input: CreateVirtualAccountInput, key = acme) {
  return (await data(t, key, CreateVirtualAccountDestinationDocument, { input })).createVirtualAccount;
}

const simulate = async (virtualAccountId: string, rail: DepositRail, amount: string, idempotencyKey = unique('deposit')) =>
  (await data(t, acme, SimulateDepositTransactionDocument, { input: { virtualAccountId, rail, amount, idempotencyKey } })).simulateDeposit;

const available = async (walletId: string) => (await data(t, acme, WalletBalanceDocument, { id: walletId })).wallet?.balance.available;

const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i + 1}`, `value ${i + 1}`]));

describe('simulateDeposit on each rail', () => {
  it('returns the processing transaction it created, with its figures, and the deposits complete', async () => {
    const platform = await sellerWithWallet();
    const { sellerId, walletId } = await sellerWithWallet();
    const { virtualAccount: va } = await createVirtualAccount({
      sellerId,
      destinationWalletId: walletId,
      developerFees: [{ rate: '0.010', walletId: platform.walletId }],
    });
    const expected = (rail: DepositRail, gross: string, developer: string, total: string, net: string, effectiveRate: string) => ({
      rail,
      transaction: {
        type: 'FIAT_TO_CRYPTO',
        rail,
        status: 'PROCESSING',
        subStatus: 'processing.fundsDetected',
        seller: { id: sellerId },
        quote: null,
        virtualAccount: { id: va!.id },
        source: { asset: 'USD', network: 'US_BANK', amountGross: gross, amountNet: net, fees: { total, developer, oms: '1.00', gas: '0.00' } },
        destination: { asset: 'USDC', network: 'POLYGON', amountGross: net, amountNet: net, wallet: { id: walletId }, blockchainAddress: null, txHash: null },
        rates: { pair: 'USD/USDC', exchangeRate: '1.0000', effectiveRate },
        error: null,
        completedAt: null,
      },
    });
    const cases = [
      expected('ACH_IN', '500.00', '5.00', '6.00', '494.00', '0.9880'),
      expected('WIRE_IN', '1250.00', '12.50', '13.50', '1236.50', '0.9892'),
      expected('SWIFT_IN', '77.77', '0.78', '1.78', '75.99', '0.9771'),
    ];
    const ids: string[] = [];
    for (const { rail, transaction } of cases) {
      const key = unique('deposit');
      const made = await simulate(va!.id, rail, transaction.source.amountGross, key);
      expect({ rail, accepted: made.accepted, userErrors: made.userErrors }).toEqual({ rail, accepted: true, userErrors: [] });
      expect(made.transaction, rail).toMatchObject(transaction);
      ids.push(made.transaction!.id);
      // The same key again is the same deposit, not a second one.
      expect((await simulate(va!.id, rail, transaction.source.amountGross, key)).transaction?.id, `${rail} replayed`).toBe(made.transaction!.id);
    }
    expect(new Set(ids).size).toBe(3);
    // What reached OMS: each deposit on the rail asked for.
    expect(await Promise.all(ids.map(async (id) => (await t.oms.transactions.get(id)).rail))).toEqual(['ach', 'wire', 'swift']);

    await t.sandbox.idle();
    for (const [i, id] of ids.entries()) {
      const done = (await data(t, acme, TransactionDocument, { id })).transaction!;
      expect(done).toMatchObject({ id, status: 'COMPLETED', destination: { amountNet: cases[i]!.transaction.destination.amountNet } });
      expect(done.completedAt).not.toBeNull();
    }
    expect(await available(walletId), '494.00 + 1236.50 + 75.99').toBe('1806.49');
    expect(await available(platform.walletId), '5.00 + 12.50 + 0.78').toBe('18.28');
  });

  it('returns no transaction when it refuses', async () => {
    const { sellerId, walletId } = await sellerWithWallet();
    const { virtualAccount: va } = await createVirtualAccount({ sellerId, destinationWalletId: walletId });
    const refusals = {
      missing: await simulate('va_01ZZZZZZZZZZZZZZZZZZZZZZZZ', 'ACH_IN', '10.00'),
      cents: await simulate(va!.id, 'WIRE_IN', '10.001'),
      zero: await simulate(va!.id, 'SWIFT_IN', '0.00'),
    };
    expect(refusals).toEqual({
      missing: {
        accepted: false,
        transaction: null,
        userErrors: [{ code: 'NOT_FOUND', field: ['input', 'virtualAccountId'], message: 'No such virtual account' }],
      },
      cents: { accepted: false, transaction: null, userErrors: [expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'amount'] })] },
      zero: { accepted: false, transaction: null, userErrors: [expect.objectContaining({ code: 'INVALID_AMOUNT', field: ['input', 'amount'] })] },
    });
    await t.sandbox.idle();
    expect(await available(walletId)).toBe('0.00');
  });
});

describe('a virtual account whose deposits go to a blockchain address', () => {
  it('shows the address as its destination, and its deposits arrive there, in no wallet', async () => {
    const { sellerId, walletId } = await sellerWithWallet();
    const made = await createVirtualAccount({ sellerId, destinationBlockchainAddress: ADDRESS });
    expect(made.userErrors).toEqual([]);
    const destination = { wallet: null, blockchainAddress: ADDRESS, externalAccountId: null, asset: 'USDC', network: 'POLYGON' };
    expect(made.virtualAccount).toMatchObject({ status: 'ACTIVE', destination });
    const va = made.virtualAccount!;
    expect((await data(t, acme, VirtualAccountDestinationDocument, { id: va.id })).virtualAccount?.destination).toEqual(destination);

    const { transaction } = await simulate(va.id, 'ACH_IN', '200.00');
    expect(transaction).toMatchObject({
      status: 'PROCESSING',
      virtualAccount: { id: va.id },
      source: { amountGross: '200.00', amountNet: '199.00', fees: { total: '1.00', developer: '0.00', oms: '1.00' } },
      destination: { asset: 'USDC', network: 'POLYGON', amountNet: '199.00', wallet: null, blockchainAddress: ADDRESS, txHash: null },
    });
    await t.sandbox.idle();
    const done = (await data(t, acme, TransactionDocument, { id: transaction!.id })).transaction!;
    expect(done).toMatchObject({ status: 'COMPLETED', destination: { wallet: null, blockchainAddress: ADDRESS, amountNet: '199.00' } });
    expect(done.destination.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await available(walletId), "the seller's wallet is not where it went").toBe('0.00');
  });

  it('needs exactly one destination, a well-formed address, and nothing is created otherwise', async () => {
    const { sellerId, walletId } = await sellerWithWallet();
    const refused = async (input: Partial<CreateVirtualAccountInput>) => {
      const { virtualAccount, userErrors } = await createVirtualAccount({ sellerId, ...input });
      return { virtualAccount, userErrors: userErrors.map(({ code, field }) => ({ code, field: field?.join('.') })) };
    };
    const answers = {
      both: await refused({ destinationWalletId: walletId, destinationBlockchainAddress: ADDRESS }),
      neither: await refused({}),
      short: await refused({ destinationBlockchainAddress: '0x1234' }),
      notHex: await refused({ destinationBlockchainAddress: `0x${'g'.repeat(40)}` }),
      noPrefix: await refused({ destinationBlockchainAddress: 'a'.repeat(42) }),
    };
    const error = (field: string) => ({ virtualAccount: null, userErrors: [{ code: 'INVALID_INPUT', field: `input.${field}` }] });
    expect(answers).toEqual({
      both: error('destinationBlockchainAddress'),
      neither: error('destinationWalletId'),
      short: error('destinationBlockchainAddress'),
      notHex: error('destinationBlockchainAddress'),
      noPrefix: error('destinationBlockchainAddress'),
    });
    const both = await createVirtualAccount({ sellerId, destinationWalletId: walletId, destinationBlockchainAddress: ADDRESS });
    expect(both.userErrors[0]?.message).toBe('give destinationWalletId or destinationBlockchainAddress, not both');
    expect((await data(t, acme, SellerVirtualAccountsDocument, { id: sellerId })).seller?.virtualAccounts).toEqual([]);
  });

  it('is, for a seller token, a send: refused unless its tenant lets it send anywhere', async () => {
    for (const [tenant, key] of [
      ['acme', t.keys.acme],
      ['globex', t.keys.globex],
    ] as const) {
      const { sellerId, walletId } = await sellerWithWallet(key);
      const { createSellerSession } = await data(t, key, CreateSellerSessionDocument, { input: { sellerId } });
      const token = createSellerSession.session!.token;
      const toAddress = await send(t, token, CreateVirtualAccountDestinationDocument, { input: { sellerId, destinationBlockchainAddress: ADDRESS } });
      const toWallet = await send(t, token, CreateVirtualAccountDestinationDocument, { input: { sellerId, destinationWalletId: walletId } });
      expect(toWallet.data?.createVirtualAccount.userErrors, `${tenant}: to its own wallet`).toEqual([]);
      if (tenant === 'acme') {
        expect(toAddress.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
          ['FORBIDDEN', 'input.destinationBlockchainAddress: a seller session token may send only to its own wallets and external accounts'],
        ]);
      } else {
        expect(toAddress.data?.createVirtualAccount).toMatchObject({ virtualAccount: { destination: { blockchainAddress: ADDRESS } }, userErrors: [] });
      }
      const made = (await data(t, key, SellerVirtualAccountsDocument, { id: sellerId })).seller!.virtualAccounts;
      expect(made.length, `${tenant}: accounts made`).toBe(tenant === 'acme' ? 1 : 2);
    }
  });
});

describe('metadata', () => {
  it('takes 20 keys where the gateway adds none, copies them onto deposits, and names the field beyond', async () => {
    const { sellerId, walletId } = await sellerWithWallet();
    const twenty = keys(20);
    const made = await createVirtualAccount({ sellerId, destinationWalletId: walletId, metadata: twenty });
    expect(made.userErrors).toEqual([]);
    expect(made.virtualAccount?.metadata).toEqual(twenty);
    expect((await simulate(made.virtualAccount!.id, 'ACH_IN', '50.00')).transaction?.metadata).toEqual(twenty);

    const tooMany = await createVirtualAccount({ sellerId, destinationWalletId: walletId, metadata: keys(21) });
    expect(tooMany).toEqual({
      virtualAccount: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'metadata'], message: "metadata has 21 keys; at most 20 are allowed (OMS's limit)" }],
    });
  });

  it('takes 20 keys on a quote and on its execution', async () => {
    const { sellerId, walletId } = await sellerWithWallet();
    const { virtualAccount: va } = await createVirtualAccount({ sellerId, destinationWalletId: walletId });
    await simulate(va!.id, 'ACH_IN', '100.00');
    await t.sandbox.idle();
    const quote = async (metadata: Record<string, unknown>) =>
      (
        await data(t, acme, CreateQuoteDocument, {
          input: {
            sellerId,
            sourceWalletId: walletId,
            sourceAmount: '10.00',
            destinationBlockchainAddress: ADDRESS,
            metadata,
            idempotencyKey: unique('quote'),
          },
        })
      ).createQuote;
    const execute = async (quoteId: string, metadata?: Record<string, unknown>) =>
      (await data(t, acme, ExecuteQuoteDocument, { input: { quoteId, idempotencyKey: unique('execute'), ...(metadata ? { metadata } : {}) } })).executeQuote;

    const quoted = await quote(keys(20));
    expect(quoted.userErrors).toEqual([]);
    expect((await execute(quoted.quote!.id))?.transaction?.metadata, "the quote's 20 keys, carried onto its transaction").toEqual(keys(20));
    const own = { ...keys(19), extra: 'x' };
    expect((await execute((await quote({})).quote!.id, own)).transaction?.metadata).toEqual(own);
    expect((await quote(keys(21))).userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'metadata'], message: "metadata has 21 keys; at most 20 are allowed (OMS's limit)" },
    ]);
  });

  it('keeps a seller to 19 keys: the gateway stamps its tenant as the 20th', async () => {
    const nineteen = await createSeller(acme, keys(19));
    expect(nineteen.userErrors).toEqual([]);
    expect(nineteen.seller?.metadata).toEqual(keys(19));
    expect(await createSeller(acme, keys(20))).toEqual({
      seller: null,
      userErrors: [
        { code: 'INVALID_INPUT', field: ['input', 'metadata'], message: 'metadata has 20 keys; at most 19 are allowed (the gateway keeps one for itself)' },
      ],
    });
  });
});
