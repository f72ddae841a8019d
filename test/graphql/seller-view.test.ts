import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction as transactionSchema } from '../../src/oms/schemas/index.js';
import { createCashIn } from '../support/cash-ins.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { deposit, ok, sellerWithWallet, virtualAccount, watch, type SellerFixture } from '../support/seller-fixtures.js';
import { rawTransaction, subscribe, unique } from '../webhooks/support.js';

/**
 * What a seller session token (an untrusted browser) is shown of its own objects, over HTTP and over
 * graphql-ws alike: no compliance hold, no developer fees unless its tenant shows them, no metadata of
 * another party. acme keeps the default seller policy; globex shows its sellers their developer fees.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ tenants: { globex: { sellerTokens: { seeDeveloperFees: true } } } });
});
afterAll(() => t?.close());

const TRANSACTION = 'query($id: ID!) { transaction(id: $id) { id status subStatus metadata } }';

describe('a compliance hold (a 77.77 deposit) reads as plain processing to the seller token', () => {
  // Holds last until this gateway closes, so the test reads one while it is held; nothing here may wait for the sandbox to be idle after it.
  let held: TestGateway;
  beforeAll(async () => {
    held = await startTestGateway({ sandbox: { followUpDelayMs: 600_000 } });
  });
  afterAll(() => held?.close());

  it('over HTTP, by id, in lists and as a node: subStatus null for the seller, processing.underReview for the tenant', async () => {
    const s = await sellerWithWallet(held);
    const va = await virtualAccount(held, s);
    const tenant = await subscribe(held, held.keys.acme, { tenant: 'acme' }, { sellerId: s.id });
    await deposit(held, 'acme', va, '77.77');
    const [, hold] = await tenant.atLeast(2); // processing, then underReview: the explicit signal that it is held now
    await tenant.close();
    expect(hold).toMatchObject({ event: 'transaction.fiatToCrypto.underReview', transaction: { subStatus: 'processing.underReview' } });
    const id = hold!.transaction.id;

    const read = `query($id: ID!, $seller: ID!, $va: ID!) {
      transaction(id: $id) { status subStatus }
      node(id: $id) { ... on Transaction { subStatus } }
      seller(id: $seller) { transactions { nodes { id subStatus } } }
      virtualAccount(id: $va) { transactions { nodes { id subStatus } } }
    }`;
    const asSeller = await ok(held, s.token, read, { id, seller: s.id, va });
    expect(asSeller).toEqual({
      transaction: { status: 'PROCESSING', subStatus: null },
      node: { subStatus: null },
      seller: { transactions: { nodes: [{ id, subStatus: null }] } },
      virtualAccount: { transactions: { nodes: [{ id, subStatus: null }] } },
    });
    const asTenant = await ok(held, held.keys.acme, read, { id, seller: s.id, va });
    expect(asTenant.transaction).toEqual({ status: 'PROCESSING', subStatus: 'processing.underReview' });
    expect(asTenant.seller.transactions.nodes).toEqual([{ id, subStatus: 'processing.underReview' }]);
  });

  it('over graphql-ws: an event of a held transaction is pushed to the seller with subStatus null', async () => {
    // An event that is not itself a compliance event but carries the hold (OMS may send one): the field rule, not the event filter, hides it.
    const s = await sellerWithWallet(t);
    const [seller, tenant] = [await watch(t, s.token, 'acme'), await watch(t, t.keys.acme, 'acme')];
    const id = `txn_${unique('held').replace(/-/g, '')}`;
    const transaction = transactionSchema.parse(rawTransaction({ id, customerId: s.id, status: 'processing', subStatus: 'processing.underReview' }));
    const event = { event: 'transaction.fiatToCrypto.processing', occurredAt: new Date().toISOString(), tenantId: 'acme', sellerIds: [s.id] };
    await t.events.accept(
      { ...event, kind: 'transaction', virtualAccountId: null, compliance: false, transaction },
      { eventId: `evt_${id}`, objectId: id, position: 1 },
    );
    expect((await seller.first((p) => p.transaction.id === id)).transaction.subStatus).toBeNull();
    expect((await tenant.first((p) => p.transaction.id === id)).transaction.subStatus).toBe('processing.underReview');
    await Promise.all([seller.close(), tenant.close()]);
  });
});

describe("a cash-in's compliance hold reads as plain processing to the seller token", () => {
  // OMS documents no hold among a cash-in's sub-statuses, but sends them free-form: this OMS answers
  // every cash-in GET with one, so the field rule, not the sandbox, is what is tested.
  let held: TestGateway;
  beforeAll(async () => {
    held = await startTestGateway({
      omsFetch: (inner) => async (input, init) => {
        const request = new Request(input, init);
        const response = await inner(request);
        if (request.method !== 'GET' || !new URL(request.url).pathname.includes('/cash-ins')) return response;
        const body = (await response.json()) as Record<string, unknown> & { data?: Record<string, unknown>[] };
        const hold = (cashIn: Record<string, unknown>) => ({ ...cashIn, status: 'processing', subStatus: 'processing.underReview' });
        const rewritten = Array.isArray(body.data) ? { ...body, data: body.data.map(hold) } : hold(body);
        return new Response(JSON.stringify(rewritten), { status: response.status, headers: response.headers });
      },
    });
  });
  afterAll(() => held?.close());

  it('by id, as a node and in its seller’s list: subStatus null for the seller, processing.underReview for the tenant', async () => {
    const s = await sellerWithWallet(held);
    const cashIn = await createCashIn(held, held.keys.acme, { sellerId: s.id, walletId: s.walletId });
    const read = `query($id: ID!, $seller: ID!) {
      cashIn(id: $id) { status subStatus }
      node(id: $id) { ... on CashIn { subStatus } }
      seller(id: $seller) { cashIns { nodes { id subStatus } } }
    }`;
    expect(await ok(held, s.token, read, { id: cashIn.id, seller: s.id })).toEqual({
      cashIn: { status: 'PROCESSING', subStatus: null },
      node: { subStatus: null },
      seller: { cashIns: { nodes: [{ id: cashIn.id, subStatus: null }] } },
    });
    expect(await ok(held, held.keys.acme, read, { id: cashIn.id, seller: s.id })).toEqual({
      cashIn: { status: 'PROCESSING', subStatus: 'processing.underReview' },
      node: { subStatus: 'processing.underReview' },
      seller: { cashIns: { nodes: [{ id: cashIn.id, subStatus: 'processing.underReview' }] } },
    });
  });
});

describe('developer fees of a virtual account', () => {
  const FEES =
    'query($va: ID!, $seller: ID!) { virtualAccount(id: $va) { developerFees { rate } } seller(id: $seller) { virtualAccounts { developerFees { rate } } } }';

  async function withFees(tenant: 'acme' | 'globex') {
    const platform = await sellerWithWallet(t, tenant);
    const s = await sellerWithWallet(t, tenant);
    return { s, va: await virtualAccount(t, s, [{ rate: '0.010', walletId: platform.walletId }]) };
  }

  it('are empty for a seller token by default, over HTTP and in pushed deposits; the tenant key sees them', async () => {
    const { s, va } = await withFees('acme');
    const seen = { virtualAccount: { developerFees: [{ rate: '0.010' }] }, seller: { virtualAccounts: [{ developerFees: [{ rate: '0.010' }] }] } };
    expect(await ok(t, t.keys.acme, FEES, { va, seller: s.id })).toEqual(seen);
    expect(await ok(t, s.token, FEES, { va, seller: s.id })).toEqual({
      virtualAccount: { developerFees: [] },
      seller: { virtualAccounts: [{ developerFees: [] }] },
    });

    const seller = await watch(t, s.token, 'acme');
    await deposit(t, 'acme', va, '100.00');
    const pushed = await seller.first((p) => p.event.endsWith('.completed'));
    expect(pushed.transaction.virtualAccount).toEqual({ developerFees: [] });
    await seller.close();
  });

  it('are shown to the seller token of a tenant that chose to (seeDeveloperFees)', async () => {
    const { s, va } = await withFees('globex');
    expect(await ok(t, s.token, FEES, { va, seller: s.id })).toEqual({
      virtualAccount: { developerFees: [{ rate: '0.010' }] },
      seller: { virtualAccounts: [{ developerFees: [{ rate: '0.010' }] }] },
    });
  });
});

describe("the metadata of a send between two sellers is the sender's", () => {
  let sender: SellerFixture;
  let recipient: SellerFixture;
  beforeAll(async () => {
    sender = await sellerWithWallet(t);
    recipient = await sellerWithWallet(t);
    await deposit(t, 'acme', await virtualAccount(t, sender), '500.00');
    await t.sandbox.idle();
  });

  it('the sender and its tenant see it; the recipient sees null, over HTTP and graphql-ws', async () => {
    const watchers = {
      sender: await watch(t, sender.token, 'acme'),
      recipient: await watch(t, recipient.token, 'acme'),
      tenant: await watch(t, t.keys.acme, 'acme'),
    };
    const { createQuote } = await ok(
      t,
      t.keys.acme,
      'mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } userErrors { code } } }',
      {
        input: {
          sellerId: sender.id,
          sourceWalletId: sender.walletId,
          sourceAmount: '10.00',
          destinationWalletId: recipient.walletId,
          idempotencyKey: unique('quote'),
        },
      },
    );
    const metadata = { order: 'A-42', note: 'for the sender only' };
    const { executeQuote } = await ok(
      t,
      t.keys.acme,
      'mutation($input: ExecuteQuoteInput!) { executeQuote(input: $input) { transaction { id } userErrors { code } } }',
      {
        input: { quoteId: createQuote.quote.id, metadata, idempotencyKey: unique('execute') },
      },
    );
    const id = executeQuote.transaction.id as string;
    await t.sandbox.idle();

    expect((await ok(t, sender.token, TRANSACTION, { id })).transaction.metadata).toEqual(metadata);
    expect((await ok(t, t.keys.acme, TRANSACTION, { id })).transaction.metadata).toEqual(metadata);
    const asRecipient = await ok(t, recipient.token, `query($id: ID!) { transaction(id: $id) { id status metadata seller { id } } }`, { id });
    expect(asRecipient.transaction, 'the recipient sees the send, not what the sender wrote').toEqual({
      id,
      status: 'COMPLETED',
      metadata: null,
      seller: null,
    });

    const pushed = async (who: keyof typeof watchers) => (await watchers[who].first((p) => p.transaction.id === id)).transaction.metadata;
    expect(await pushed('sender')).toEqual(metadata);
    expect(await pushed('tenant')).toEqual(metadata);
    expect(await pushed('recipient')).toBeNull();
    await Promise.all(Object.values(watchers).map((w) => w.close()));
  });
});
