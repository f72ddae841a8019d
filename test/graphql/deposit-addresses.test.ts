import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT_ID, demoTenants } from '../../src/demo.js';
import { startSandboxServer } from '../../src/sandbox/server.js';
import { startGateway } from '../../src/server.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';
import {
  CreateDepositAddressDocument,
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateWalletDocument,
  DeleteDepositAddressDocument,
  DepositAddressDocument,
  DepositAddressNodeDocument,
  DepositAddressTransactionsDocument,
  SellerDepositAddressesDocument,
  SellerTransactionsDocument,
  SimulateCryptoDepositDocument,
  TransactionDepositAddressDocument,
  UpdateDepositAddressDocument,
  WalletBalanceDocument,
  type CreateDepositAddressInput,
  type CreateWalletInput,
  type SimulateCryptoDepositInput,
  type UpdateDepositAddressInput,
} from '../generated/graphql.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';

/**
 * Deposit addresses as a marketplace uses them: an on-chain address per seller whose deposits are
 * forwarded, less fees, to the seller's wallet as CRYPTO_TO_CRYPTO transactions. Typed documents over
 * HTTP to a real gateway on the in-process sandbox (OMS fee on these deposits: 0.1%).
 */

let t: TestGateway;
let acme: string;

beforeAll(async () => {
  // createDepositAddress is opened to acme's seller tokens, to show they still cannot set developer fees.
  t = await startTestGateway({ tenants: { acme: { sellerTokens: { allow: ['createDepositAddress'] } } } });
  acme = t.keys.acme;
});
afterAll(() => t?.close());

let counter = 0;
const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;
const ADDRESS = `0x${'ab'.repeat(20)}`;

async function createSeller() {
  const input = { firstName: 'Satoshi', lastName: 'Seller', email: `${unique('da')}@example.com` };
  const { createSeller } = await data(t, acme, CreateSellerDocument, { input });
  expect(createSeller.userErrors).toEqual([]);
  return createSeller.seller!;
}

async function createWallet(sellerId: string, overrides: Partial<CreateWalletInput> = {}) {
  const { createWallet } = await data(t, acme, CreateWalletDocument, { input: { sellerId, idempotencyKey: unique('wallet'), ...overrides } });
  expect(createWallet.userErrors).toEqual([]);
  return createWallet.wallet!;
}

const create = async (input: CreateDepositAddressInput, token = acme) => (await data(t, token, CreateDepositAddressDocument, { input })).createDepositAddress;
const update = async (input: UpdateDepositAddressInput) => (await data(t, acme, UpdateDepositAddressDocument, { input })).updateDepositAddress;
const simulate = async (input: Omit<SimulateCryptoDepositInput, 'idempotencyKey'>) =>
  (await data(t, acme, SimulateCryptoDepositDocument, { input: { idempotencyKey: unique('deposit'), ...input } })).simulateCryptoDeposit;
const available = async (walletId: string) => (await data(t, acme, WalletBalanceDocument, { id: walletId })).wallet?.balance.available;
const transactionsOf = async (id: string, first = 20, after: string | null = null) =>
  (await data(t, acme, DepositAddressTransactionsDocument, { id, first, after })).depositAddress!.transactions;
const sellerTransactions = async (id: string) => (await data(t, acme, SellerTransactionsDocument, { id, first: 100 })).seller!.transactions.nodes;

/** OMS calls that change something, by endpoint: bad input must add none. */
function writes(): Record<string, number> {
  return Object.fromEntries(Object.entries(t.account.client.stats().byEndpoint).filter(([endpoint]) => !endpoint.startsWith('GET ')));
}

describe('a deposit address with a developer fee', () => {
  it('forwards a 200.00 USDC deposit as a CRYPTO_TO_CRYPTO transaction: 197.80 to the seller, 2.00 to the platform', async () => {
    const platformWallet = await createWallet((await createSeller()).id);
    const seller = await createSeller();
    const wallet = await createWallet(seller.id);
    const created = await create({
      sellerId: seller.id,
      destinationWalletId: wallet.id,
      developerFees: [{ rate: '0.010', walletId: platformWallet.id }],
      label: 'Crypto checkout',
      metadata: { order: 'A-1' },
    });
    expect(created.userErrors).toEqual([]);
    const da = created.depositAddress!;
    expect(da).toMatchObject({
      status: 'ACTIVE',
      label: 'Crypto checkout',
      depositInstructions: { asset: 'USDC', network: 'POLYGON' },
      destination: { wallet: { id: wallet.id }, blockchainAddress: null, asset: 'USDC', network: 'POLYGON' },
      developerFees: [{ type: 'PERCENTAGE', rate: '0.010', amount: null, wallet: { id: platformWallet.id } }],
      metadata: { order: 'A-1' },
      seller: { id: seller.id },
    });
    expect(da.depositInstructions.address).toMatch(/^0x[0-9a-f]{40}$/);
    expect((await data(t, acme, DepositAddressDocument, { id: da.id })).depositAddress).toEqual(da);
    expect((await data(t, acme, DepositAddressNodeDocument, { id: da.id })).node).toEqual({ __typename: 'DepositAddress', id: da.id, status: 'ACTIVE' });

    const deposited = await simulate({ depositAddressId: da.id, amount: '200.00' });
    expect(deposited).toMatchObject({ accepted: true, userErrors: [] });
    const fields = {
      type: 'CRYPTO_TO_CRYPTO',
      seller: { id: seller.id },
      quote: null,
      virtualAccount: null,
      depositAddress: { id: da.id },
      source: {
        asset: 'USDC',
        network: 'POLYGON',
        amountGross: '200.00',
        amountNet: '197.80',
        fees: { total: '2.20', developer: '2.00', oms: '0.20', gas: '0.00' },
      },
      destination: { asset: 'USDC', network: 'POLYGON', amountGross: '197.80', amountNet: '197.80', wallet: { id: wallet.id } },
      rates: { pair: 'USDC/USDC', exchangeRate: '1.0000', effectiveRate: '0.9890' },
      metadata: { order: 'A-1' },
      error: null,
    };
    expect(deposited.transaction).toMatchObject({ ...fields, status: 'PROCESSING', completedAt: null });
    expect(deposited.transaction!.source.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    await t.sandbox.idle();

    const { nodes, edges, pageInfo } = await transactionsOf(da.id);
    expect(nodes).toMatchObject([{ ...fields, id: deposited.transaction!.id, status: 'COMPLETED', subStatus: null }]);
    expect(nodes[0]!.completedAt).not.toBeNull();
    expect(edges.map((e) => e.node.id)).toEqual([deposited.transaction!.id]);
    expect(pageInfo.hasNextPage).toBe(false);
    const { transaction } = await data(t, acme, TransactionDepositAddressDocument, { id: deposited.transaction!.id });
    expect(transaction).toEqual({ id: deposited.transaction!.id, depositAddress: { id: da.id, status: 'ACTIVE' } });
    expect(await available(wallet.id)).toBe('197.80');
    expect(await available(platformWallet.id)).toBe('2.00');
  });

  it('lists only its own deposits, newest first, page by page', async () => {
    const seller = await createSeller();
    const wallet = await createWallet(seller.id);
    const [one, other] = [
      (await create({ sellerId: seller.id, destinationWalletId: wallet.id })).depositAddress!,
      (await create({ sellerId: seller.id, destinationWalletId: wallet.id, idempotencyKey: unique('da') })).depositAddress!,
    ];
    for (const amount of ['10.00', '20.00', '30.00']) expect((await simulate({ depositAddressId: one.id, amount })).accepted).toBe(true);
    expect((await simulate({ depositAddressId: other.id, amount: '99.00' })).accepted).toBe(true);
    await t.sandbox.idle();

    const first = await transactionsOf(one.id, 2);
    expect(first.nodes.map((n) => n.source.amountGross)).toEqual(['30.00', '20.00']);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[1]!.cursor });
    const rest = await transactionsOf(one.id, 2, first.pageInfo.endCursor);
    expect(rest.nodes.map((n) => n.source.amountGross)).toEqual(['10.00']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect((await transactionsOf(other.id)).nodes.map((n) => n.source.amountGross)).toEqual(['99.00']);
    // 60.00 less 0.1% (0.06) and 99.00 less 0.1% (0.10, rounded half-up from 0.099).
    expect(await available(wallet.id)).toBe('158.84');
  });

  it('forwards to a blockchain address outside OMS', async () => {
    const seller = await createSeller();
    const { depositAddress: da, userErrors } = await create({ sellerId: seller.id, destinationBlockchainAddress: ADDRESS });
    expect(userErrors).toEqual([]);
    expect(da!.destination).toEqual({ wallet: null, blockchainAddress: ADDRESS, asset: 'USDC', network: 'POLYGON' });
    const { transaction } = await simulate({ depositAddressId: da!.id, amount: '50.00' });
    expect(transaction!.destination).toMatchObject({ wallet: null, blockchainAddress: ADDRESS, amountNet: '49.95' });
  });
});

describe('the life of a deposit address', () => {
  it('lists by status, pauses, resumes, changes destination and deletes', async () => {
    const seller = await createSeller();
    const [first, second] = [await createWallet(seller.id), await createWallet(seller.id)];
    const da = (await create({ sellerId: seller.id, destinationWalletId: first.id })).depositAddress!;
    const kept = (await create({ sellerId: seller.id, destinationWalletId: first.id, idempotencyKey: unique('da') })).depositAddress!;
    const listed = async (status?: 'ACTIVE' | 'PAUSED' | 'DELETED') =>
      (await data(t, acme, SellerDepositAddressesDocument, { id: seller.id, status })).seller!.depositAddresses.map((d) => `${d.id}:${d.status}`).sort();

    expect(await update({ id: da.id, status: 'PAUSED' })).toMatchObject({ depositAddress: { id: da.id, status: 'PAUSED' }, userErrors: [] });
    expect(await listed()).toEqual([`${da.id}:PAUSED`, `${kept.id}:ACTIVE`].sort());
    expect(await listed('PAUSED')).toEqual([`${da.id}:PAUSED`]);
    expect(await listed('ACTIVE')).toEqual([`${kept.id}:ACTIVE`]);

    const before = writes();
    expect(await simulate({ depositAddressId: da.id, amount: '100.00' })).toEqual({
      accepted: false,
      transaction: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'depositAddressId'], message: 'The deposit address is paused: resume it first' }],
    });
    expect(writes(), 'nothing reached OMS').toEqual(before);

    expect((await update({ id: da.id, status: 'ACTIVE' })).depositAddress?.status).toBe('ACTIVE');
    const moved = await update({ id: da.id, destinationWalletId: second.id });
    expect(moved.depositAddress?.destination).toMatchObject({ wallet: { id: second.id }, asset: 'USDC', network: 'POLYGON' });
    expect((await simulate({ depositAddressId: da.id, amount: '100.00' })).accepted).toBe(true);
    await t.sandbox.idle();
    expect(await available(second.id)).toBe('99.90');
    expect(await available(first.id)).toBe('0.00');

    expect((await data(t, acme, DeleteDepositAddressDocument, { input: { id: da.id } })).deleteDepositAddress).toEqual({ deletedId: da.id, userErrors: [] });
    expect((await data(t, acme, DepositAddressDocument, { id: da.id })).depositAddress?.status).toBe('DELETED');
    expect(await listed()).toEqual([`${kept.id}:ACTIVE`]);
    expect(await listed('DELETED')).toEqual([`${da.id}:DELETED`]);
    expect(await simulate({ depositAddressId: da.id, amount: '1.00' })).toMatchObject({
      accepted: false,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'depositAddressId'], message: 'The deposit address is deleted: it cannot receive' }],
    });
    expect(await update({ id: da.id, status: 'ACTIVE' })).toMatchObject({
      depositAddress: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'id'] }],
    });
    // Its deposit stays, and still names it.
    expect((await transactionsOf(da.id)).nodes.map((n) => n.depositAddress?.id)).toEqual([da.id]);
  });
});

describe("a deposit to a wallet's raw address", () => {
  it('credits the wallet as it is, creates no transaction, and fires wallet.depositDetected', async () => {
    const seller = await createSeller();
    const wallet = await createWallet(seller.id);
    expect(await simulate({ walletId: wallet.id, amount: '25.50' })).toEqual({ accepted: true, transaction: null, userErrors: [] });
    await t.sandbox.idle();
    expect(await available(wallet.id)).toBe('25.50');
    expect(await sellerTransactions(seller.id)).toEqual([]);
    const hooks = (await t.oms.webhooks.list()).data;
    const deliveries = hooks.flatMap((hook) => t.sandbox.webhooks.deliveries(hook.id)).filter((d) => d.objectId === wallet.id);
    expect(deliveries.map((d) => [d.event, d.state])).toEqual([['wallet.depositDetected', 'delivered']]);
  });
});

describe('bad input, as userErrors naming the field, with nothing sent to OMS', () => {
  let seller: { id: string };
  let wallet: { id: string };
  let da: { id: string };
  beforeAll(async () => {
    seller = await createSeller();
    wallet = await createWallet(seller.id);
    da = (await create({ sellerId: seller.id, destinationWalletId: wallet.id })).depositAddress!;
  });
  const codes = (errors: { code: string; field?: string[] | null }[]) => errors.map(({ code, field }) => `${code} ${field?.join('.')}`);

  it('createDepositAddress', async () => {
    const usdtWallet = await createWallet(seller.id, { asset: 'USDT' });
    const otherSellersWallet = await createWallet((await createSeller()).id);
    const base = { sellerId: seller.id };
    const cases: [string, Partial<CreateDepositAddressInput>, string][] = [
      ['both destinations', { destinationWalletId: wallet.id, destinationBlockchainAddress: ADDRESS }, 'INVALID_INPUT input.destinationWalletId'],
      ['no destination', {}, 'INVALID_INPUT input.destinationWalletId'],
      ['a bad address', { destinationBlockchainAddress: '0x1234' }, 'INVALID_INPUT input.destinationBlockchainAddress'],
      ['a wallet id of another kind', { destinationWalletId: 'va_123' }, 'INVALID_INPUT input.destinationWalletId'],
      ['USD', { destinationWalletId: wallet.id, asset: 'USD' }, 'INVALID_INPUT input.asset'],
      ['a bank rail', { destinationWalletId: wallet.id, network: 'ACH' }, 'INVALID_INPUT input.network'],
      ['a rate of 150%', { destinationWalletId: wallet.id, developerFees: [{ rate: '1.5' }] }, 'INVALID_AMOUNT input.developerFees.0.rate'],
      [
        '20 metadata keys',
        { destinationWalletId: wallet.id, metadata: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])) },
        'INVALID_INPUT input.metadata',
      ],
      ["another seller's wallet", { destinationWalletId: otherSellersWallet.id }, 'NOT_FOUND input.destinationWalletId'],
      ['a wallet of another asset', { destinationWalletId: usdtWallet.id }, 'INVALID_INPUT input.destinationWalletId'],
      [
        'a missing fee wallet',
        { destinationWalletId: wallet.id, developerFees: [{ rate: '0.01', walletId: 'wlt_01M8RZAW7EE1NVQTY21F3WRZ9J' }] },
        'NOT_FOUND input.developerFees.0.walletId',
      ],
    ];
    const before = writes();
    const got: Record<string, string[]> = {};
    for (const [what, input] of cases) {
      const result = await create({ ...base, ...input });
      expect(result.depositAddress, what).toBeNull();
      got[what] = codes(result.userErrors);
    }
    expect(got).toEqual(Object.fromEntries(cases.map(([what, , expected]) => [what, [expected]])));
    expect((await create({ sellerId: 'cst_nobody', destinationWalletId: wallet.id })).userErrors).toMatchObject([
      { code: 'NOT_FOUND', field: ['input', 'sellerId'] },
    ]);
    expect(writes(), 'nothing reached OMS').toEqual(before);
  });

  it('updateDepositAddress', async () => {
    const otherSellersWallet = await createWallet((await createSeller()).id);
    const before = writes();
    expect(codes((await update({ id: da.id, status: 'DELETED' })).userErrors)).toEqual(['INVALID_INPUT input.status']);
    expect(codes((await update({ id: da.id })).userErrors)).toEqual(['INVALID_INPUT input.status']);
    expect(codes((await update({ id: wallet.id, status: 'PAUSED' })).userErrors)).toEqual(['INVALID_INPUT input.id']);
    expect(codes((await update({ id: 'da_01M8RZAW7EE1NVQTY21F3WRZ9J', status: 'PAUSED' })).userErrors)).toEqual(['NOT_FOUND input.id']);
    expect(codes((await update({ id: da.id, destinationWalletId: otherSellersWallet.id })).userErrors)).toEqual(['NOT_FOUND input.destinationWalletId']);
    expect(writes(), 'nothing reached OMS').toEqual(before);
  });

  it('simulateCryptoDeposit', async () => {
    const before = writes();
    const cases: [string, Omit<SimulateCryptoDepositInput, 'idempotencyKey'>, string][] = [
      ['both ids', { depositAddressId: da.id, walletId: wallet.id, amount: '1.00' }, 'INVALID_INPUT input.depositAddressId'],
      ['neither id', { amount: '1.00' }, 'INVALID_INPUT input.depositAddressId'],
      ['a wallet as the deposit address', { depositAddressId: wallet.id, amount: '1.00' }, 'INVALID_INPUT input.depositAddressId'],
      ['a missing deposit address', { depositAddressId: 'da_01M8RZAW7EE1NVQTY21F3WRZ9J', amount: '1.00' }, 'NOT_FOUND input.depositAddressId'],
      ['a missing wallet', { walletId: 'wlt_01M8RZAW7EE1NVQTY21F3WRZ9J', amount: '1.00' }, 'NOT_FOUND input.walletId'],
      ...['0', '0.000', '-5.00', '1e3', '12.', '1.1234567', 'ten'].map((amount): [string, Omit<SimulateCryptoDepositInput, 'idempotencyKey'>, string] => [
        `amount ${amount}`,
        { depositAddressId: da.id, amount },
        'INVALID_AMOUNT input.amount',
      ]),
    ];
    const got: Record<string, string[]> = {};
    for (const [what, input] of cases) {
      const result = await simulate(input);
      expect([result.accepted, result.transaction], what).toEqual([false, null]);
      got[what] = codes(result.userErrors);
    }
    expect(got).toEqual(Object.fromEntries(cases.map(([what, , expected]) => [what, [expected]])));
    expect(writes(), 'nothing reached OMS').toEqual(before);
    expect(await sellerTransactions(seller.id)).toEqual([]);
  });
});

describe('who may', () => {
  it('a seller token with createDepositAddress opened: its own address, but no developer fees', async () => {
    const seller = await createSeller();
    const wallet = await createWallet(seller.id);
    const { token } = (await data(t, acme, CreateSellerSessionDocument, { input: { sellerId: seller.id } })).createSellerSession.session!;
    expect((await create({ sellerId: seller.id, destinationWalletId: wallet.id }, token)).depositAddress?.seller.id).toBe(seller.id);
    const withFees = await send(t, token, CreateDepositAddressDocument, {
      input: { sellerId: seller.id, destinationWalletId: wallet.id, developerFees: [{ rate: '0.05' }] },
    });
    expect(withFees.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const simulated = await send(t, token, SimulateCryptoDepositDocument, { input: { walletId: wallet.id, amount: '1.00' } });
    expect(
      simulated.errors?.map((e) => e.extensions?.code),
      'not opened to sellers here',
    ).toEqual(['FORBIDDEN']);
  });

  it("another tenant's deposit address answers like a missing one", async () => {
    const seller = await createSeller();
    const da = (await create({ sellerId: seller.id, destinationWalletId: (await createWallet(seller.id)).id })).depositAddress!;
    const missing = 'da_01M8RZAW7EE1NVQTY21F3WRZ9J';
    const globex = t.keys.globex;
    for (const document of [DepositAddressDocument, DepositAddressNodeDocument] as const) {
      expect(await send(t, globex, document, { id: da.id })).toEqual(await send(t, globex, document, { id: missing }));
    }
    const asGlobex = async (id: string) => ({
      update: await send(t, globex, UpdateDepositAddressDocument, { input: { id, status: 'PAUSED' } }),
      remove: await send(t, globex, DeleteDepositAddressDocument, { input: { id } }),
      simulate: await send(t, globex, SimulateCryptoDepositDocument, { input: { depositAddressId: id, amount: '5.00', idempotencyKey: 'same' } }),
    });
    const foreign = await asGlobex(da.id);
    expect(foreign).toEqual(await asGlobex(missing));
    expect(foreign.update.data?.updateDepositAddress.userErrors).toMatchObject([{ code: 'NOT_FOUND', field: ['input', 'id'] }]);
    expect((await data(t, acme, DepositAddressDocument, { id: da.id })).depositAddress?.status).toBe('ACTIVE');
    expect((await transactionsOf(da.id)).nodes).toEqual([]);
  });
});

describe('against an OMS account not marked as a sandbox', () => {
  it('creates deposit addresses but refuses simulateCryptoDeposit with NOT_ALLOWED_IN_PRODUCTION, sending nothing', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars' });
    const oms = await startSandboxServer(config, { completionDelayMs: 5 });
    const key = newApiKey(DEMO_TENANT_ID);
    const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
    const gateway = await startGateway({
      config,
      tenants: demoTenants(key, { kind: 'oms', id: 'remote', baseUrl: oms.url, apiKey, apiSecret }),
      logger: pino({ level: 'silent' }),
    });
    // The typed documents, over HTTP to this gateway.
    const remote = {
      async request(token: string | undefined, query: string, variables?: Record<string, unknown>) {
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as GraphQLResponse;
      },
    } as TestGateway;
    try {
      const { seller } = (await data(remote, key, CreateSellerDocument, { input: { firstName: 'Remote', lastName: 'Seller', email: 'remote-da@example.com' } }))
        .createSeller;
      const { wallet } = (await data(remote, key, CreateWalletDocument, { input: { sellerId: seller!.id } })).createWallet;
      const { depositAddress, userErrors } = (
        await data(remote, key, CreateDepositAddressDocument, { input: { sellerId: seller!.id, destinationWalletId: wallet!.id } })
      ).createDepositAddress;
      expect(userErrors).toEqual([]);
      const refused = {
        accepted: false,
        transaction: null,
        userErrors: [
          {
            code: 'NOT_ALLOWED_IN_PRODUCTION',
            field: null,
            message: 'Crypto deposits can be simulated only against an OMS sandbox (embedded, or marked "sandbox": true in the tenants file)',
          },
        ],
      };
      for (const input of [{ depositAddressId: depositAddress!.id }, { walletId: wallet!.id }]) {
        expect((await data(remote, key, SimulateCryptoDepositDocument, { input: { ...input, amount: '10.00' } })).simulateCryptoDeposit).toEqual(refused);
      }
      // Either simulation would show: a deposit address's as a transaction, a wallet's in its balance.
      await oms.sandbox.idle();
      expect((await data(remote, key, WalletBalanceDocument, { id: wallet!.id })).wallet?.balance.available).toBe('0.00');
      expect((await data(remote, key, SellerTransactionsDocument, { id: seller!.id })).seller?.transactions.nodes).toEqual([]);
    } finally {
      await gateway.close();
      await oms.close();
    }
  });
});
