import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';
import { comparable, missingIdLike } from '../support/isolation.js';
import { createWallet, deposit, ok, sellerWithWallet, virtualAccount, type SellerFixture } from '../support/seller-fixtures.js';
import { unique } from '../webhooks/support.js';

/**
 * Where a seller session token may send money: to its own wallets and external accounts only, unless
 * its tenant allows any destination. A destination it cannot see is NOT_FOUND exactly like a missing
 * one; one it can see but may not pay (a blockchain address, a tenant-made quote to someone else) is
 * FORBIDDEN, naming the input field. Sponsored gas, developer fees and the metadata of a quote the
 * tenant made are the tenant's alone. acme keeps the default policy; globex lets its sellers send
 * anywhere and create virtual accounts (never with developer fees).
 */

let t: TestGateway;
let a1: SellerFixture;
let a2: SellerFixture;
let a1Second: string;
let a1External: string;
let a2External: string;
const ADDRESS = `0x${'ab'.repeat(20)}`;

beforeAll(async () => {
  t = await startTestGateway({ tenants: { globex: { sellerTokens: { allow: ['createVirtualAccount'], sendAnywhere: true } } } });
  [a1, a2] = [await sellerWithWallet(t), await sellerWithWallet(t)];
  a1Second = await createWallet(t, 'acme', a1.id);
  await deposit(t, 'acme', await virtualAccount(t, a1), '500.00');
  await t.sandbox.idle();
  const oms = t.oms;
  a1External = (await oms.externalAccounts.create(a1.id, { type: 'blockchainAddress', address: `0x${'cd'.repeat(20)}` })).id;
  a2External = (await oms.externalAccounts.create(a2.id, { type: 'blockchainAddress', address: `0x${'ef'.repeat(20)}` })).id;
}, 30_000);
afterAll(() => t?.close());

const CREATE_QUOTE = `mutation($input: CreateQuoteInput!) {
  createQuote(input: $input) { quote { id status destination { wallet { id } blockchainAddress externalAccountId } } userErrors { field code message } }
}`;
const EXECUTE_QUOTE = 'mutation($input: ExecuteQuoteInput!) { executeQuote(input: $input) { transaction { id } userErrors { field code message } } }';

const quoteAs = (token: string, s: SellerFixture, destination: Record<string, unknown>) =>
  t.request(token, CREATE_QUOTE, {
    input: { sellerId: s.id, sourceWalletId: s.walletId, sourceAmount: '10.00', ...destination, idempotencyKey: unique('quote') },
  });

function expectForbidden(res: GraphQLResponse, field: string): void {
  expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(res.errors?.[0]?.message).toContain(field);
  expect(res.data ?? null).toBeNull();
}

describe('createQuote by a seller token', () => {
  it('to a blockchain address is FORBIDDEN, naming destinationBlockchainAddress', async () => {
    expectForbidden(await quoteAs(a1.token, a1, { destinationBlockchainAddress: ADDRESS }), 'destinationBlockchainAddress');
  });

  it('to its own wallet and its own external account works', async () => {
    const toWallet = await quoteAs(a1.token, a1, { destinationWalletId: a1Second });
    expect(toWallet.data?.createQuote).toMatchObject({ quote: { status: 'OPEN', destination: { wallet: { id: a1Second } } }, userErrors: [] });
    const toExternal = await quoteAs(a1.token, a1, { destinationExternalAccountId: a1External });
    expect(toExternal.data?.createQuote).toMatchObject({ quote: { status: 'OPEN', destination: { externalAccountId: a1External } }, userErrors: [] });
  });

  it("to another seller's wallet or external account is NOT_FOUND, exactly like a missing id", async () => {
    for (const [field, id] of [
      ['destinationWalletId', a2.walletId],
      ['destinationExternalAccountId', a2External],
    ] as const) {
      const foreign = await quoteAs(a1.token, a1, { [field]: id });
      const missing = await quoteAs(a1.token, a1, { [field]: missingIdLike(id) });
      expect(foreign.data?.createQuote, field).toMatchObject({ quote: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', field] }] });
      expect(comparable(foreign), field).toEqual(comparable(missing));
    }
  });

  it('with sponsorGas is FORBIDDEN, naming sponsorGas: the tenant pays sponsored gas; without it the quote is made', async () => {
    const sponsored = await quoteAs(a1.token, a1, { destinationWalletId: a1Second, sponsorGas: true });
    expectForbidden(sponsored, 'input.sponsorGas');
    const g1 = await sellerWithWallet(t, 'globex');
    expectForbidden(await quoteAs(g1.token, g1, { destinationBlockchainAddress: ADDRESS, sponsorGas: true }), 'input.sponsorGas');
    const unsponsored = await quoteAs(a1.token, a1, { destinationWalletId: a1Second, sponsorGas: false });
    expect(unsponsored.data?.createQuote).toMatchObject({ quote: { status: 'OPEN' }, userErrors: [] });
  });

  it('to a blockchain address works where the tenant allows sending anywhere', async () => {
    const g1 = await sellerWithWallet(t, 'globex');
    const res = await quoteAs(g1.token, g1, { destinationBlockchainAddress: ADDRESS });
    expect(res.data?.createQuote).toMatchObject({ quote: { status: 'OPEN', destination: { blockchainAddress: ADDRESS } }, userErrors: [] });
  });
});

describe('executeQuote by a seller token of a quote its tenant made', () => {
  const tenantQuote = async (destination: Record<string, string>) =>
    (
      await ok(t, t.keys.acme, CREATE_QUOTE, {
        input: { sellerId: a1.id, sourceWalletId: a1.walletId, sourceAmount: '10.00', ...destination, idempotencyKey: unique('quote') },
      })
    ).createQuote.quote.id as string;
  const execute = (token: string, quoteId: string) => t.request(token, EXECUTE_QUOTE, { input: { quoteId, idempotencyKey: unique('execute') } });
  const status = async (id: string) => (await ok(t, t.keys.acme, 'query($id: ID!) { quote(id: $id) { status } }', { id })).quote.status;

  it("to a blockchain address or another seller's wallet is FORBIDDEN, naming quoteId, and moves nothing", async () => {
    const destinations: Record<string, string>[] = [{ destinationBlockchainAddress: ADDRESS }, { destinationWalletId: a2.walletId }];
    for (const destination of destinations) {
      const quoteId = await tenantQuote(destination);
      expectForbidden(await execute(a1.token, quoteId), 'quoteId');
      expect(await status(quoteId), JSON.stringify(destination)).toBe('OPEN');
    }
  });

  it('to its own wallet works', async () => {
    const quoteId = await tenantQuote({ destinationWalletId: a1Second });
    const res = await execute(a1.token, quoteId);
    expect(res.data?.executeQuote).toMatchObject({ transaction: { id: expect.stringMatching(/^txn_/) }, userErrors: [] });
    await t.sandbox.idle();
  });

  it("with metadata of its own is FORBIDDEN where the tenant's quote carries metadata, naming metadata; the tenant's stays on the transaction", async () => {
    const { createQuote } = await ok(
      t,
      t.keys.acme,
      'mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } userErrors { code } } }',
      {
        input: {
          sellerId: a1.id,
          sourceWalletId: a1.walletId,
          sourceAmount: '10.00',
          destinationWalletId: a1Second,
          metadata: { orderId: 'ORD-1', approvedBy: 'ops' },
          idempotencyKey: unique('quote'),
        },
      },
    );
    const quoteId = createQuote.quote.id as string;
    const withMetadata = (metadata?: Record<string, string>) =>
      t.request(a1.token, 'mutation($input: ExecuteQuoteInput!) { executeQuote(input: $input) { transaction { id metadata } userErrors { code } } }', {
        input: { quoteId, metadata, idempotencyKey: unique('execute') },
      });
    expectForbidden(await withMetadata({ orderId: 'ORD-999', approvedBy: 'seller' }), 'input.metadata');
    expect(await status(quoteId), 'nothing moved').toBe('OPEN');
    const executed = await withMetadata();
    expect(executed.data?.executeQuote).toMatchObject({ transaction: { metadata: { orderId: 'ORD-1', approvedBy: 'ops' } }, userErrors: [] });
    const id = executed.data?.executeQuote.transaction.id;
    const asTenant = await ok(t, t.keys.acme, 'query($id: ID!) { transaction(id: $id) { metadata } }', { id });
    expect(asTenant.transaction.metadata).toEqual({ orderId: 'ORD-1', approvedBy: 'ops' });
    await t.sandbox.idle();
  });

  it('with metadata of its own, where the quote carries none, sets it', async () => {
    const quoteId = await tenantQuote({ destinationWalletId: a1Second });
    const res = await t.request(
      a1.token,
      'mutation($input: ExecuteQuoteInput!) { executeQuote(input: $input) { transaction { id metadata } userErrors { code } } }',
      { input: { quoteId, metadata: { note: 'rent' }, idempotencyKey: unique('execute') } },
    );
    expect(res.data?.executeQuote).toMatchObject({ transaction: { metadata: { note: 'rent' } }, userErrors: [] });
    await t.sandbox.idle();
  });

  it("of another seller's quote is NOT_FOUND, exactly like a missing id", async () => {
    const quoteId = await tenantQuote({ destinationWalletId: a1Second });
    const foreign = await execute(a2.token, quoteId);
    expect(foreign.data?.executeQuote).toMatchObject({ transaction: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'quoteId'] }] });
    expect(comparable(foreign)).toEqual(comparable(await execute(a2.token, missingIdLike(quoteId))));
  });
});

describe('developer fees from a seller token', () => {
  it('are FORBIDDEN even where the tenant opened createVirtualAccount to it; without them the account is made', async () => {
    const g1 = await sellerWithWallet(t, 'globex');
    const create = (developerFees: { rate: string; walletId: string }[] | null) =>
      t.request(
        g1.token,
        'mutation($input: CreateVirtualAccountInput!) { createVirtualAccount(input: $input) { virtualAccount { id developerFees { rate } } userErrors { field code } } }',
        { input: { sellerId: g1.id, destinationWalletId: g1.walletId, developerFees, idempotencyKey: unique('va') } },
      );
    expectForbidden(await create([{ rate: '0.010', walletId: g1.walletId }]), 'developerFees');
    expect((await create(null)).data?.createVirtualAccount).toMatchObject({ virtualAccount: { id: expect.stringMatching(/^va_/) }, userErrors: [] });
  });
});
