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
  SellerTransactionsDocument,
  SimulateCryptoDepositDocument,
  UpdateDepositAddressDocument,
  WalletBalanceDocument,
  type CreateDepositAddressInput,
  type SimulateCryptoDepositInput,
} from '../generated/graphql.js';
import { ADDRESS, depositAddressCalls } from '../support/deposit-addresses.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';

/**
 * What deposit addresses refuse: bad input (a userError naming the field, nothing sent to OMS), what a
 * seller token may not do, another tenant's ids (answered like missing ones), and simulating against an
 * OMS account that is not a sandbox.
 */

let t: TestGateway;
let acme: string;
let api: ReturnType<typeof depositAddressCalls>;

beforeAll(async () => {
  // createDepositAddress is opened to acme's seller tokens, to show they still cannot set developer fees.
  t = await startTestGateway({ tenants: { acme: { sellerTokens: { allow: ['createDepositAddress'] } } } });
  acme = t.keys.acme;
  api = depositAddressCalls(t);
});
afterAll(() => t?.close());

describe('bad input, as userErrors naming the field, with nothing sent to OMS', () => {
  let seller: { id: string };
  let wallet: { id: string };
  let da: { id: string };
  beforeAll(async () => {
    seller = await api.createSeller();
    wallet = await api.createWallet(seller.id);
    da = (await api.create({ sellerId: seller.id, destinationWalletId: wallet.id })).depositAddress!;
  });
  const codes = (errors: { code: string; field?: string[] | null }[]) => errors.map(({ code, field }) => `${code} ${field?.join('.')}`);

  it('createDepositAddress', async () => {
    const usdtWallet = await api.createWallet(seller.id, { asset: 'USDT' });
    const otherSellersWallet = await api.createWallet((await api.createSeller()).id);
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
        '21 metadata keys (OMS allows 20; the gateway stamps none here)',
        { destinationWalletId: wallet.id, metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, String(i)])) },
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
    const before = api.writes();
    const got: Record<string, string[]> = {};
    for (const [what, input] of cases) {
      const result = await api.create({ ...base, ...input });
      expect(result.depositAddress, what).toBeNull();
      got[what] = codes(result.userErrors);
    }
    expect(got).toEqual(Object.fromEntries(cases.map(([what, , expected]) => [what, [expected]])));
    const mismatch = await api.create({ sellerId: seller.id, destinationWalletId: usdtWallet.id });
    expect(mismatch.userErrors[0]?.message).toBe('The wallet holds USDT on POLYGON: set asset and network to match');
    expect((await api.create({ sellerId: 'cst_nobody', destinationWalletId: wallet.id })).userErrors).toMatchObject([
      { code: 'NOT_FOUND', field: ['input', 'sellerId'] },
    ]);
    expect(api.writes(), 'nothing reached OMS').toEqual(before);
  });

  it('updateDepositAddress', async () => {
    const otherSellersWallet = await api.createWallet((await api.createSeller()).id);
    const usdtWallet = await api.createWallet(seller.id, { asset: 'USDT' });
    const ethereumWallet = await api.createWallet(seller.id, { network: 'ETHEREUM' });
    const before = api.writes();
    expect(codes((await api.update({ id: da.id, status: 'DELETED' })).userErrors)).toEqual(['INVALID_INPUT input.status']);
    expect(codes((await api.update({ id: da.id })).userErrors)).toEqual(['INVALID_INPUT input.status']);
    expect(codes((await api.update({ id: wallet.id, status: 'PAUSED' })).userErrors)).toEqual(['INVALID_INPUT input.id']);
    expect(codes((await api.update({ id: 'da_01M8RZAW7EE1NVQTY21F3WRZ9J', status: 'PAUSED' })).userErrors)).toEqual(['NOT_FOUND input.id']);
    expect(codes((await api.update({ id: da.id, destinationWalletId: otherSellersWallet.id })).userErrors)).toEqual(['NOT_FOUND input.destinationWalletId']);
    // The address takes USDC on POLYGON, as created: a wallet of another asset or chain is refused, as on creation.
    for (const other of [usdtWallet, ethereumWallet]) {
      expect(await api.update({ id: da.id, destinationWalletId: other.id })).toEqual({
        depositAddress: null,
        userErrors: [
          {
            code: 'INVALID_INPUT',
            field: ['input', 'destinationWalletId'],
            message: 'The deposit address takes USDC on POLYGON: choose a wallet holding that',
          },
        ],
      });
    }
    expect(api.writes(), 'nothing reached OMS').toEqual(before);
    expect((await data(t, acme, DepositAddressDocument, { id: da.id })).depositAddress?.destination.wallet?.id, 'still the first wallet').toBe(wallet.id);
  });

  it('simulateCryptoDeposit', async () => {
    const before = api.writes();
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
      const result = await api.simulate(input);
      expect([result.accepted, result.transaction], what).toEqual([false, null]);
      got[what] = codes(result.userErrors);
    }
    expect(got).toEqual(Object.fromEntries(cases.map(([what, , expected]) => [what, [expected]])));
    expect(api.writes(), 'nothing reached OMS').toEqual(before);
    expect(await api.sellerTransactions(seller.id)).toEqual([]);
  });
});

describe('who may', () => {
  it('a seller token with createDepositAddress opened: its own address, but no developer fees', async () => {
    const seller = await api.createSeller();
    const wallet = await api.createWallet(seller.id);
    const { token } = (await data(t, acme, CreateSellerSessionDocument, { input: { sellerId: seller.id } })).createSellerSession.session!;
    expect((await api.create({ sellerId: seller.id, destinationWalletId: wallet.id }, token)).depositAddress?.seller.id).toBe(seller.id);
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

  it('a seller token whose tenant keeps sendAnywhere off cannot forward deposits to an address (FORBIDDEN), as with a virtual account', async () => {
    const seller = await api.createSeller();
    const { token } = (await data(t, acme, CreateSellerSessionDocument, { input: { sellerId: seller.id } })).createSellerSession.session!;
    const before = api.writes();
    const refused = await send(t, token, CreateDepositAddressDocument, { input: { sellerId: seller.id, destinationBlockchainAddress: ADDRESS } });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(refused.errors?.[0]?.message).toContain('input.destinationBlockchainAddress');
    expect(refused.data ?? null).toBeNull();
    expect(api.writes(), 'nothing reached OMS').toEqual(before);
    const byTenant = await api.create({ sellerId: seller.id, destinationBlockchainAddress: ADDRESS });
    expect(byTenant.userErrors, 'the tenant key may').toEqual([]);
    expect(byTenant.depositAddress?.destination.blockchainAddress).toBe(ADDRESS);
  });

  it("another tenant's deposit address answers like a missing one", async () => {
    const seller = await api.createSeller();
    const da = (await api.create({ sellerId: seller.id, destinationWalletId: (await api.createWallet(seller.id)).id })).depositAddress!;
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
    expect((await api.transactionsOf(da.id)).nodes).toEqual([]);
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
