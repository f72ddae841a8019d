import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateQuoteDocument,
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateVirtualAccountDocument,
  CreateWalletDocument,
  DeleteVirtualAccountDocument,
  ExecuteQuoteDocument,
  SellerDocument,
  SellersDocument,
  SellerTransactionsDocument,
  SellerVirtualAccountsDocument,
  SimulateDepositDocument,
  TransactionDocument,
  UpdateVirtualAccountDocument,
  VirtualAccountDocument,
  ViewerDocument,
  WalletBalanceDocument,
  type CreateQuoteInput,
  type CreateSellerInput,
  type CreateVirtualAccountInput,
  type SellerTransactionsQuery,
} from '../generated/graphql.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The API as a marketplace uses it: every operation is a generated typed document from
 * test/graphql/documents, sent over HTTP to a real gateway on the in-process OMS sandbox.
 */

let t: TestGateway;
let acme: string;

beforeAll(async () => {
  t = await startTestGateway();
  acme = t.keys.acme;
});
afterAll(() => t?.close());

let counter = 0;
const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;

async function createSeller(overrides: Partial<CreateSellerInput> = {}) {
  const input: CreateSellerInput = { firstName: 'Ada', lastName: 'Lovelace', email: `${unique('ada')}@example.com`, ...overrides };
  const { createSeller } = await data(t, acme, CreateSellerDocument, { input });
  expect(createSeller.userErrors).toEqual([]);
  return createSeller.seller!;
}

/** With its own idempotency key: one derived from the input would make a second USDC wallet the first again. */
async function createWallet(sellerId: string) {
  const { createWallet } = await data(t, acme, CreateWalletDocument, { input: { sellerId, idempotencyKey: unique('wallet') } });
  expect(createWallet.userErrors).toEqual([]);
  return createWallet.wallet!;
}

async function createVirtualAccount(input: CreateVirtualAccountInput) {
  const { createVirtualAccount } = await data(t, acme, CreateVirtualAccountDocument, { input });
  expect(createVirtualAccount.userErrors).toEqual([]);
  return createVirtualAccount.virtualAccount!;
}

async function deposit(virtualAccountId: string, amount: string, idempotencyKey = unique('deposit')) {
  const { simulateDeposit } = await data(t, acme, SimulateDepositDocument, { input: { virtualAccountId, amount, rail: 'ACH_IN', idempotencyKey } });
  return simulateDeposit;
}

async function available(walletId: string): Promise<string | undefined> {
  return (await data(t, acme, WalletBalanceDocument, { id: walletId })).wallet?.balance.available;
}

/** A seller with a wallet funded by a deposit (a 500.00 deposit nets 499.00: OMS takes 1.00). */
async function fundedSeller(amount = '500.00') {
  const seller = await createSeller();
  const wallet = await createWallet(seller.id);
  const va = await createVirtualAccount({ sellerId: seller.id, destinationWalletId: wallet.id });
  expect(await deposit(va.id, amount)).toEqual({ accepted: true, userErrors: [] });
  await t.sandbox.idle();
  return { seller, wallet, va };
}

async function newestTransactionId(sellerId: string): Promise<string> {
  const { seller } = await data(t, acme, SellerTransactionsDocument, { id: sellerId, first: 1 });
  return seller!.transactions.nodes[0]!.id;
}

describe('a deposit through a virtual account with a developer fee', () => {
  it('nets 494.00 of 500.00 into the seller wallet and pays 5.00 to the platform wallet', async () => {
    const platform = await createSeller({ firstName: 'Platform', lastName: 'Treasury' });
    const platformWallet = await createWallet(platform.id);

    const seller = await createSeller({ externalId: unique('shop'), metadata: { shop: 'cakes', tier: '2' } });
    expect(seller.metadata).toEqual({ shop: 'cakes', tier: '2' });
    expect(seller.status).toBe('ACTIVE');
    const reread = (await data(t, acme, SellerDocument, { id: seller.id })).seller!;
    expect(reread.metadata, 'the tenant stamp stays inside the gateway').toEqual({ shop: 'cakes', tier: '2' });

    const wallet = await createWallet(seller.id);
    expect(wallet).toMatchObject({ asset: 'USDC', network: 'POLYGON', status: 'ACTIVE', seller: { id: seller.id } });

    const va = await createVirtualAccount({
      sellerId: seller.id,
      destinationWalletId: wallet.id,
      developerFees: [{ rate: '0.010', walletId: platformWallet.id }],
      label: 'Main account',
    });
    expect(va).toMatchObject({
      status: 'ACTIVE',
      label: 'Main account',
      sourceAsset: 'USD',
      sourceNetwork: 'US_BANK',
      destination: { wallet: { id: wallet.id }, asset: 'USDC', network: 'POLYGON' },
      developerFees: [{ type: 'PERCENTAGE', rate: '0.010', amount: null, wallet: { id: platformWallet.id } }],
      seller: { id: seller.id },
    });

    expect(await deposit(va.id, '500.00')).toEqual({ accepted: true, userErrors: [] });
    await t.sandbox.idle();

    const txn = (await data(t, acme, TransactionDocument, { id: await newestTransactionId(seller.id) })).transaction!;
    expect(txn).toMatchObject({
      type: 'FIAT_TO_CRYPTO',
      status: 'COMPLETED',
      seller: { id: seller.id },
      quote: null,
      virtualAccount: { id: va.id },
      source: { asset: 'USD', amountGross: '500.00', amountNet: '494.00', fees: { total: '6.00', developer: '5.00', oms: '1.00', gas: '0.00' } },
      destination: { asset: 'USDC', network: 'POLYGON', amountNet: '494.00', wallet: { id: wallet.id } },
      rates: { pair: 'USD/USDC', effectiveRate: '0.9880' },
      error: null,
    });
    expect(txn.completedAt).not.toBeNull();

    expect(await available(wallet.id)).toBe('494.00');
    expect(await available(platformWallet.id)).toBe('5.00');
  });
});

describe('a crypto-to-crypto send between two sellers of the tenant', () => {
  it('quotes, executes once per idempotency key, and moves the balances', async () => {
    const { seller: sender, wallet: from } = await fundedSeller();
    const recipient = await createSeller();
    const to = await createWallet(recipient.id);
    expect(await available(from.id)).toBe('499.00');

    const quoted = await data(t, acme, CreateQuoteDocument, {
      input: { sellerId: sender.id, sourceWalletId: from.id, sourceAmount: '100.00', destinationWalletId: to.id, idempotencyKey: unique('quote') },
    });
    expect(quoted.createQuote.userErrors).toEqual([]);
    const quote = quoted.createQuote.quote!;
    expect(quote).toMatchObject({
      type: 'CRYPTO_TO_CRYPTO',
      status: 'OPEN',
      fixedAmountSide: 'SOURCE',
      seller: { id: sender.id },
      source: {
        asset: 'USDC',
        amountGross: '100.00',
        amountNet: '99.62',
        fees: { total: '0.38', developer: '0.00', oms: '0.35', gas: '0.03' },
        wallet: { id: from.id },
      },
      destination: { asset: 'USDC', network: 'POLYGON', amountNet: '99.62', wallet: { id: to.id } },
      rates: { pair: 'USDC/USDC' },
    });

    const key = unique('execute');
    const executed = await data(t, acme, ExecuteQuoteDocument, { input: { quoteId: quote.id, idempotencyKey: key } });
    expect(executed.executeQuote.userErrors).toEqual([]);
    const txn = executed.executeQuote.transaction!;
    expect(txn).toMatchObject({ type: 'CRYPTO_TO_CRYPTO', status: 'PROCESSING', quote: { id: quote.id } });

    await t.sandbox.idle();
    expect((await data(t, acme, TransactionDocument, { id: txn.id })).transaction).toMatchObject({ id: txn.id, status: 'COMPLETED' });
    expect(await available(from.id)).toBe('399.00');
    expect(await available(to.id)).toBe('99.62');

    const again = await data(t, acme, ExecuteQuoteDocument, { input: { quoteId: quote.id, idempotencyKey: key } });
    expect(again.executeQuote.userErrors).toEqual([]);
    expect(again.executeQuote.transaction?.id, 'the same key is the same transaction').toBe(txn.id);
    await t.sandbox.idle();
    expect(await available(from.id), 'money moved once').toBe('399.00');
    expect(await available(to.id)).toBe('99.62');

    const otherKey = await data(t, acme, ExecuteQuoteDocument, { input: { quoteId: quote.id, idempotencyKey: unique('execute') } });
    expect(otherKey.executeQuote).toMatchObject({ transaction: null, userErrors: [{ code: 'QUOTE_ALREADY_ACCEPTED' }] });
  });

  describe('refusals, as userErrors', () => {
    let sender: { id: string };
    let from: { id: string };
    let va: { id: string };
    let base: { sellerId: string; sourceWalletId: string; destinationWalletId: string };
    beforeAll(async () => {
      ({ seller: sender, wallet: from, va } = await fundedSeller('50.00'));
      const to = await createWallet((await createSeller()).id);
      base = { sellerId: sender.id, sourceWalletId: from.id, destinationWalletId: to.id };
    });
    const quote = async (input: Partial<CreateQuoteInput>) =>
      (await data(t, acme, CreateQuoteDocument, { input: { ...base, idempotencyKey: unique('quote'), ...input } })).createQuote;
    const execute = async (quoteId: string) =>
      (await data(t, acme, ExecuteQuoteDocument, { input: { quoteId, idempotencyKey: unique('execute') } })).executeQuote;

    it('INSUFFICIENT_BALANCE when the wallet cannot cover the quote', async () => {
      const tooMuch = await quote({ sourceAmount: '1000.00' });
      expect(tooMuch.userErrors).toEqual([]);
      expect(await execute(tooMuch.quote!.id)).toMatchObject({
        transaction: null,
        userErrors: [{ code: 'INSUFFICIENT_BALANCE', field: ['input', 'quoteId'] }],
      });
      expect(await available(from.id), 'nothing moved').toBe('49.00');
    });

    it('INVALID_INPUT on sourceAmount when both amounts or neither are given', async () => {
      const both = await quote({ sourceAmount: '10.00', destinationAmount: '9.00' });
      const neither = await quote({});
      expect({ both: both.userErrors, neither: neither.userErrors }).toEqual({
        both: [expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'sourceAmount'] })],
        neither: [expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'sourceAmount'] })],
      });
    });

    it('INVALID_AMOUNT on sourceAmount for an amount that is not a decimal string, or that OMS cannot take', async () => {
      // Not a decimal string: refused by the gateway before any OMS call. Well-formed but not
      // acceptable (zero, negative, more decimals than USDC holds, not covering the fees): refused by OMS.
      const refused: Record<string, unknown> = {};
      for (const amount of ['1e3', 12.5 as unknown as string, '12.', ' 12.00', '+12.00', '0', '-5.00', '12.3456789', '0.01']) {
        const { quote: made, userErrors } = await quote({ sourceAmount: amount });
        refused[JSON.stringify(amount)] = { quote: made, userErrors: userErrors.map(({ code, field }) => ({ code, field })) };
      }
      const expected = { quote: null, userErrors: [{ code: 'INVALID_AMOUNT', field: ['input', 'sourceAmount'] }] };
      expect(refused).toEqual(Object.fromEntries(Object.keys(refused).map((amount) => [amount, expected])));
    });

    it('takes 12.345 as a USDC amount (6 decimals) but refuses it as a USD deposit (cents)', async () => {
      expect((await quote({ sourceAmount: '12.345' })).quote?.source.amountGross).toBe('12.345');
      expect(await deposit(va.id, '12.345')).toMatchObject({ accepted: false, userErrors: [{ code: 'INVALID_AMOUNT', field: ['input', 'amount'] }] });
    });

    it('QUOTE_EXPIRED once the quote is past its five minutes', async () => {
      const stale = await quote({ sourceAmount: '10.00' });
      expect(stale.userErrors).toEqual([]);
      t.sandbox.clock.advance(5 * 60_000 + 1);
      expect(await execute(stale.quote!.id)).toMatchObject({ transaction: null, userErrors: [{ code: 'QUOTE_EXPIRED' }] });
      expect(await available(from.id)).toBe('49.00');
    });
  });
});

describe('the life of a virtual account', () => {
  it('pauses, resumes, redirects and deletes', async () => {
    const seller = await createSeller();
    const first = await createWallet(seller.id);
    const second = await createWallet(seller.id);
    expect(second.id).not.toBe(first.id);
    const va = await createVirtualAccount({ sellerId: seller.id, destinationWalletId: first.id });
    const update = async (input: { status?: 'ACTIVE' | 'PAUSED'; destinationWalletId?: string }) => {
      const { updateVirtualAccount } = await data(t, acme, UpdateVirtualAccountDocument, { input: { id: va.id, ...input } });
      expect(updateVirtualAccount.userErrors).toEqual([]);
      return updateVirtualAccount.virtualAccount!;
    };

    expect((await update({ status: 'PAUSED' })).status).toBe('PAUSED');
    const refused = await deposit(va.id, '100.00');
    expect(refused.accepted).toBe(false);
    expect(refused.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'virtualAccountId'] })]);

    expect((await update({ status: 'ACTIVE' })).status).toBe('ACTIVE');
    expect((await update({ destinationWalletId: second.id })).destination.wallet?.id).toBe(second.id);
    expect(await deposit(va.id, '100.00')).toEqual({ accepted: true, userErrors: [] });
    await t.sandbox.idle();
    expect(await available(second.id)).toBe('99.00');
    expect(await available(first.id)).toBe('0.00');

    const { deleteVirtualAccount } = await data(t, acme, DeleteVirtualAccountDocument, { input: { id: va.id } });
    expect(deleteVirtualAccount).toEqual({ deletedId: va.id, userErrors: [] });
    expect((await data(t, acme, VirtualAccountDocument, { id: va.id })).virtualAccount?.status).toBe('DELETED');
    const listed = (await data(t, acme, SellerVirtualAccountsDocument, { id: seller.id })).seller!.virtualAccounts.map((v) => v.id);
    expect(listed).not.toContain(va.id);
    const deleted = (await data(t, acme, SellerVirtualAccountsDocument, { id: seller.id, status: 'DELETED' })).seller!.virtualAccounts;
    expect(deleted).toEqual([{ id: va.id, status: 'DELETED' }]);
  });
});

describe("a seller's transactions", () => {
  it('page newest first until hasNextPage is false', async () => {
    const seller = await createSeller();
    const wallet = await createWallet(seller.id);
    const va = await createVirtualAccount({ sellerId: seller.id, destinationWalletId: wallet.id });
    const amounts = ['10.00', '20.00', '30.00', '40.00', '50.00'];
    for (const amount of amounts) expect((await deposit(va.id, amount)).accepted).toBe(true);
    await t.sandbox.idle();

    const seen: { id: string; amount: string | null; createdAt: string }[] = [];
    const pages: number[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: SellerTransactionsQuery = await data(t, acme, SellerTransactionsDocument, { id: seller.id, first: 2, after });
      const { edges, nodes, pageInfo } = result.seller!.transactions;
      expect(nodes.map((n) => n.id)).toEqual(edges.map((e) => e.node.id));
      pages.push(edges.length);
      seen.push(...edges.map((e) => ({ id: e.node.id, amount: e.node.source.amountGross, createdAt: e.node.createdAt })));
      if (!pageInfo.hasNextPage) break;
      expect(pageInfo.endCursor).toBe(edges[edges.length - 1]!.cursor);
      after = pageInfo.endCursor;
    }
    expect(pages).toEqual([2, 2, 1]);
    expect(new Set(seen.map((s) => s.id)).size).toBe(5);
    expect(
      seen.map((s) => s.amount),
      'newest first',
    ).toEqual([...amounts].reverse());
    const times = seen.map((s) => s.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});

describe('seller sessions', () => {
  it('give a token that sees that seller alone and cannot act for the tenant', async () => {
    const seller = await createSeller();
    await createSeller();
    const { createSellerSession } = await data(t, acme, CreateSellerSessionDocument, { input: { sellerId: seller.id } });
    expect(createSellerSession.userErrors).toEqual([]);
    const session = createSellerSession.session!;
    expect(session.seller.id).toBe(seller.id);
    const lifetime = Date.parse(session.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);

    const { viewer } = await data(t, session.token, ViewerDocument);
    expect(viewer).toEqual({ role: 'SELLER', tenant: { id: 'acme', name: 'Acme Market' }, seller: { id: seller.id, email: seller.email } });
    const { sellers } = await data(t, session.token, SellersDocument);
    expect(sellers.nodes.map((s) => s.id)).toEqual([seller.id]);
    expect(sellers.edges.map((e) => e.node.id)).toEqual([seller.id]);
    expect(sellers.pageInfo.hasNextPage).toBe(false);

    const forbidden = await send(t, session.token, CreateSellerDocument, {
      input: { firstName: 'Eve', lastName: 'Mallory', email: `${unique('eve')}@example.com` },
    });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(forbidden.data?.createSeller ?? null).toBeNull();

    const tooLong = await data(t, acme, CreateSellerSessionDocument, { input: { sellerId: seller.id, ttlSeconds: 90_000 } });
    expect(tooLong.createSellerSession).toMatchObject({ session: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'ttlSeconds'] }] });
  });

  it('the tenant key sees itself as TENANT', async () => {
    expect((await data(t, acme, ViewerDocument)).viewer).toEqual({ role: 'TENANT', tenant: { id: 'acme', name: 'Acme Market' }, seller: null });
  });
});

describe('createSeller validation', () => {
  const create = async (input: Partial<CreateSellerInput>) =>
    (await data(t, acme, CreateSellerDocument, { input: { firstName: 'Ada', lastName: 'Lovelace', email: `${unique('ada')}@example.com`, ...input } }))
      .createSeller;

  it('names the field of a bad email and of too much metadata', async () => {
    expect(await create({ email: 'not-an-email' })).toMatchObject({ seller: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'email'] }] });
    const metadata = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`key${i}`, String(i)]));
    expect(await create({ metadata })).toMatchObject({ seller: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'metadata'] }] });
  });

  it('treats the same externalId and person as a retry, and another person under it as a mistake', async () => {
    const externalId = unique('ext');
    const person = { externalId, firstName: 'Grace', lastName: 'Hopper', email: `${unique('grace')}@example.com` };
    const first = await create(person);
    const second = await create(person);
    expect(first.userErrors).toEqual([]);
    expect(second.userErrors).toEqual([]);
    expect(second.seller?.id).toBe(first.seller?.id);
    const { sellers } = await data(t, acme, SellersDocument, { externalId });
    expect(sellers.nodes, 'one seller under the externalId').toEqual([{ id: first.seller!.id, email: person.email }]);

    const other = await create({ ...person, firstName: 'Alan', lastName: 'Turing', email: `${unique('alan')}@example.com` });
    expect(other).toMatchObject({ seller: null, userErrors: [{ code: 'EXTERNAL_ID_TAKEN', field: ['input', 'externalId'] }] });
  });
});

describe('errors', () => {
  it('refuses a request without a token with UNAUTHENTICATED', async () => {
    const response = await send(t, undefined, ViewerDocument);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data ?? null).toBeNull();
  });

  it('masks an OMS failure as OMS_UNAVAILABLE with a request id', async () => {
    const seller = await createSeller();
    const remove = t.sandbox.faults.add({ path: '/customers/*', method: 'GET', status: 500, times: 10 });
    try {
      const response = await send(t, acme, SellerDocument, { id: seller.id });
      expect(response.data?.seller ?? null).toBeNull();
      const error = response.errors?.[0];
      expect(error?.extensions?.code).toBe('OMS_UNAVAILABLE');
      expect(error?.extensions?.requestId).toEqual(expect.any(String));
      expect(error?.message).not.toMatch(/injected|fault|internal_error|sandbox/i);
      expect(JSON.stringify(response.errors)).not.toMatch(/injected|stack/i);
    } finally {
      remove();
    }
  });

  it('answers OMS rate limiting with RATE_LIMITED', async () => {
    const seller = await createSeller();
    const remove = t.sandbox.faults.add({ path: '/customers/*', method: 'GET', status: 429, retryAfterSeconds: 0, times: 10 });
    try {
      const response = await send(t, acme, SellerDocument, { id: seller.id });
      expect(response.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(response.errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
    } finally {
      remove();
    }
  });
});
