import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateTreasuryWalletDocument,
  CreateVirtualAccountDocument,
  CreateWalletDocument,
  SellersDocument,
  SimulateDepositDocument,
  TreasuryDocument,
  TreasuryLookupsDocument,
  WalletBalanceDocument,
  type CreateTreasuryWalletInput,
  type DeveloperFeeInput,
} from '../generated/graphql.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The tenant's treasury: platform wallets that belong to no seller, made with createTreasuryWallet,
 * where the developer fees of virtual accounts naming no wallet are paid, read back as fee income.
 * It is the tenant key's alone: no seller list, seller lookup, seller token or other tenant sees it.
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

async function createTreasuryWallet(input: CreateTreasuryWalletInput = {}, token = acme) {
  const { createTreasuryWallet } = await data(t, token, CreateTreasuryWalletDocument, { input });
  expect(createTreasuryWallet.userErrors).toEqual([]);
  return createTreasuryWallet.wallet!;
}

/** A seller of acme with a wallet and a virtual account into it carrying `developerFees`. */
async function sellerWithAccount(developerFees: DeveloperFeeInput[]) {
  const { createSeller } = await data(t, acme, CreateSellerDocument, {
    input: { firstName: 'Shop', lastName: 'Keeper', email: `${unique('shop')}@example.com` },
  });
  const sellerId = createSeller.seller!.id;
  const { createWallet } = await data(t, acme, CreateWalletDocument, { input: { sellerId, idempotencyKey: unique('wallet') } });
  const walletId = createWallet.wallet!.id;
  const { createVirtualAccount } = await data(t, acme, CreateVirtualAccountDocument, {
    input: { sellerId, destinationWalletId: walletId, developerFees, idempotencyKey: unique('va') },
  });
  expect(createVirtualAccount.userErrors).toEqual([]);
  return { sellerId, walletId, va: createVirtualAccount.virtualAccount! };
}

async function deposit(virtualAccountId: string, amount: string) {
  const { simulateDeposit } = await data(t, acme, SimulateDepositDocument, { input: { virtualAccountId, amount, idempotencyKey: unique('deposit') } });
  expect(simulateDeposit.userErrors).toEqual([]);
  await t.sandbox.idle();
}

const treasury = async (variables: { first?: number; after?: string | null } = {}, token = acme) =>
  (await data(t, token, TreasuryDocument, variables)).treasury;
const available = async (walletId: string) => (await data(t, acme, WalletBalanceDocument, { id: walletId })).wallet?.balance.available;

describe('fee income', () => {
  let feeWallet: string;
  let shop: Awaited<ReturnType<typeof sellerWithAccount>>;

  it('before any treasury wallet: none, and no fee income', async () => {
    expect(await treasury()).toEqual({ wallets: [], feeIncome: { edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } });
    expect(await t.oms.customers.list({ externalId: 'gateway-treasury-acme' })).toMatchObject({ data: [] });
  });

  it('createTreasuryWallet makes a wallet of no seller, once for the same input', async () => {
    const wallet = await createTreasuryWallet();
    expect(wallet).toEqual({ id: expect.stringMatching(/^wlt_/), asset: 'USDC', network: 'POLYGON', status: 'ACTIVE', treasury: true, seller: null });
    expect((await createTreasuryWallet()).id, 'the same input again is a retry').toBe(wallet.id);
    feeWallet = wallet.id;
    const bad = (await data(t, acme, CreateTreasuryWalletDocument, { input: { asset: 'USD' } })).createTreasuryWallet;
    expect(bad).toMatchObject({ wallet: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'asset'] }] });
  });

  it('a 1% fee naming no wallet goes to the treasury: 5.00 of a 500.00 deposit, which nets 494.00', async () => {
    shop = await sellerWithAccount([{ rate: '0.010' }]);
    expect(shop.va.developerFees).toEqual([{ type: 'PERCENTAGE', rate: '0.010', amount: null, wallet: { id: feeWallet } }]);
    await deposit(shop.va.id, '500.00');
    expect(await available(shop.walletId)).toBe('494.00');

    const { wallets, feeIncome } = (await treasury())!;
    expect(wallets).toEqual([
      { id: feeWallet, asset: 'USDC', network: 'POLYGON', treasury: true, seller: null, balance: { available: '5.00', pending: '0.00' } },
    ]);
    expect(feeIncome.nodes).toEqual([{ amount: '5.00' }]);
    expect(feeIncome.edges[0]?.node).toEqual({
      amount: '5.00',
      occurredAt: expect.any(String),
      wallet: { id: feeWallet },
      transaction: {
        id: expect.stringMatching(/^txn_/),
        status: 'COMPLETED',
        seller: { id: shop.sellerId },
        virtualAccount: { id: shop.va.id },
        source: { amountGross: '500.00', fees: { developer: '5.00' } },
      },
    });
  });

  it('newest first, paged with cursors; a failed deposit pays no fee; a fee naming a wallet goes there', async () => {
    await deposit(shop.va.id, '1250.00'); // 12.50
    await deposit(shop.va.id, '13.13'); // fails: nothing credited
    const elsewhere = await sellerWithAccount([{ rate: '0.020', walletId: shop.walletId }]);
    await deposit(elsewhere.va.id, '100.00'); // 2.00 to the shop's wallet, not the treasury

    const all = (await treasury())!.feeIncome;
    expect(all.nodes).toEqual([{ amount: '12.50' }, { amount: '5.00' }]);
    expect(all.pageInfo.hasNextPage).toBe(false);
    expect(await available(feeWallet), 'the balance is the income').toBe('17.50');

    const first = (await treasury({ first: 1 }))!.feeIncome;
    expect(first.nodes).toEqual([{ amount: '12.50' }]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[0]!.cursor });
    const second = (await treasury({ first: 1, after: first.pageInfo.endCursor }))!.feeIncome;
    expect(second.nodes).toEqual([{ amount: '5.00' }]);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('one deposit paying two treasury wallets is two credits, each exact, that pages can split', async () => {
    const other = await createTreasuryWallet({ idempotencyKey: unique('second') });
    const split = await sellerWithAccount([{ rate: '0.015' }, { rate: '0.0025', walletId: other.id }]);
    expect(split.va.developerFees.map((f) => f.wallet?.id)).toEqual([feeWallet, other.id]); // the oldest matching wallet is the default
    await deposit(split.va.id, '333.33'); // 1.5% = 4.99995 -> 5.00; 0.25% = 0.8333 -> 0.83

    const credits: { amount: string; wallet: string; transaction: string }[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const income: NonNullable<Awaited<ReturnType<typeof treasury>>>['feeIncome'] = (await treasury({ first: 1, after }))!.feeIncome;
      credits.push(...income.edges.map((e) => ({ amount: e.node.amount, wallet: e.node.wallet.id, transaction: e.node.transaction.id })));
      if (!income.pageInfo.hasNextPage) break;
      after = income.pageInfo.endCursor!;
    }
    const [a, b] = credits;
    expect(credits.map((c) => c.amount).sort()).toEqual(['0.83', '12.50', '5.00', '5.00']);
    expect(a!.transaction).toBe(b!.transaction);
    expect(new Set([a!.wallet, b!.wallet])).toEqual(new Set([feeWallet, other.id]));
    expect([a, b].find((c) => c!.wallet === other.id)!.amount).toBe('0.83');
    expect(await available(other.id)).toBe('0.83');
    expect(await available(feeWallet)).toBe('22.50');
  });
});

describe('the treasury is the tenant key’s alone', () => {
  it('is no seller: not listed, not found by id or as a node; its wallet is the tenant’s', async () => {
    const walletId = (await treasury())!.wallets[0]!.id;
    const customerId = (await t.oms.wallets.get(walletId)).customerId;
    expect(await data(t, acme, TreasuryLookupsDocument, { customerId, walletId })).toEqual({
      seller: null,
      customer: null,
      walletNode: { __typename: 'Wallet', id: walletId },
      wallet: { id: walletId, treasury: true, seller: null },
    });
    const listed: string[] = [];
    let after: string | null | undefined = null;
    do {
      const { sellers }: { sellers: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } } } = await data(
        t,
        acme,
        SellersDocument,
        { first: 100, after },
      );
      listed.push(...sellers.nodes.map((s) => s.id));
      after = sellers.pageInfo.hasNextPage ? sellers.pageInfo.endCursor : undefined;
    } while (after);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).not.toContain(customerId);
    expect((await data(t, acme, SellersDocument, { externalId: 'gateway-treasury-acme' })).sellers.nodes).toEqual([]);
  });

  it('a seller token sees no treasury, no treasury wallet, and may not create one', async () => {
    const walletId = (await treasury())!.wallets[0]!.id;
    const customerId = (await t.oms.wallets.get(walletId)).customerId;
    const shop = await sellerWithAccount([{ rate: '0.010' }]);
    const { createSellerSession } = await data(t, acme, CreateSellerSessionDocument, { input: { sellerId: shop.sellerId } });
    const token = createSellerSession.session!.token;
    expect(await treasury({}, token)).toBeNull();
    expect(await data(t, token, TreasuryLookupsDocument, { customerId, walletId })).toEqual({ seller: null, customer: null, walletNode: null, wallet: null });
    const refused = await send(t, token, CreateTreasuryWalletDocument, { input: {} });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.message).toContain('createTreasuryWallet');
  });

  it('another tenant sees none of it, and its own treasury apart', async () => {
    const walletId = (await treasury())!.wallets[0]!.id;
    const customerId = (await t.oms.wallets.get(walletId)).customerId;
    const globex = t.keys.globex;
    expect(await data(t, globex, TreasuryLookupsDocument, { customerId, walletId })).toEqual({ seller: null, customer: null, walletNode: null, wallet: null });
    expect(await treasury({}, globex)).toEqual({ wallets: [], feeIncome: { edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } });
    const own = await createTreasuryWallet({}, globex);
    expect(own.id).not.toBe(walletId);
    expect((await t.oms.wallets.get(own.id)).customerId).not.toBe(customerId);
    expect((await treasury({}, globex))!.wallets.map((w) => w.id)).toEqual([own.id]);
    expect((await treasury({}, globex))!.feeIncome.nodes).toEqual([]);
  });
});

describe('the first treasury wallet, asked for twice at once', () => {
  let slow: TestGateway;
  const creates: string[] = [];
  beforeAll(async () => {
    // The first create is held until the second call asks to create too: both found no treasury, on a
    // slow machine as on a fast one. Every OMS call then takes 40 ms, so one create is still in flight
    // when the other reaches OMS.
    let bothAsked!: () => void;
    const held = new Promise<void>((resolve) => {
      bothAsked = resolve;
    });
    slow = await startTestGateway({
      sandbox: { faults: { latencyMs: 40 } },
      omsFetch: (inner) => async (input, init) => {
        const request = input instanceof Request ? input : new Request(input, init);
        if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/customers')) {
          creates.push(request.method);
          if (creates.length === 2) bothAsked();
          if (creates.length === 1) await held;
        }
        return inner(input, init);
      },
    });
  });
  afterAll(() => slow?.close());

  it('makes one treasury customer holding both wallets', async () => {
    const make = (key: string) => data(slow, slow.keys.acme, CreateTreasuryWalletDocument, { input: { idempotencyKey: key } });
    const [one, two] = await Promise.all([make('first'), make('second')]);
    expect(one.createTreasuryWallet.userErrors).toEqual([]);
    expect(two.createTreasuryWallet.userErrors).toEqual([]);
    expect(creates.length, 'both calls did try to create it').toBeGreaterThanOrEqual(2);
    const treasuries = (await slow.oms.customers.list({ externalId: 'gateway-treasury-acme' })).data;
    expect(treasuries).toHaveLength(1);
    const owners = await Promise.all([one, two].map(async (r) => (await slow.oms.wallets.get(r.createTreasuryWallet.wallet!.id)).customerId));
    expect(owners).toEqual([treasuries[0]!.id, treasuries[0]!.id]);
    expect((await data(slow, slow.keys.acme, TreasuryDocument, {})).treasury?.wallets).toHaveLength(2);
  });
});
