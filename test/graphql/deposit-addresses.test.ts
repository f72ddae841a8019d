import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT_ID, demoTenants, seedDemo } from '../../src/demo.js';
import { embeddedAccount } from '../../src/sandbox/account.js';
import { createSandbox } from '../../src/sandbox/app.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';
import {
  DeleteDepositAddressDocument,
  DepositAddressDocument,
  DepositAddressNodeDocument,
  SellerDepositAddressesDocument,
  TransactionDepositAddressDocument,
} from '../generated/graphql.js';
import { ADDRESS, depositAddressCalls, unique } from '../support/deposit-addresses.js';
import { data } from '../support/documents.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';

/**
 * Deposit addresses as a marketplace uses them: an on-chain address per seller whose deposits are
 * forwarded, less fees, to the seller's wallet as CRYPTO_TO_CRYPTO transactions. Typed documents over
 * HTTP to a real gateway on the in-process sandbox (OMS fee on these deposits: 0.1%). Refusals are in
 * deposit-address-refusals.test.ts.
 */

let t: TestGateway;
let acme: string;
let api: ReturnType<typeof depositAddressCalls>;

beforeAll(async () => {
  // Long enough that a deposit is still processing when its mutation reads it back, on a slow machine
  // too; idle() waits it out.
  t = await startTestGateway({ sandbox: { completionDelayMs: 500 } });
  acme = t.keys.acme;
  api = depositAddressCalls(t);
});
afterAll(() => t?.close());

describe('a deposit address with a developer fee', () => {
  it('forwards a 200.00 USDC deposit as a CRYPTO_TO_CRYPTO transaction: 197.80 to the seller, 2.00 to the platform', async () => {
    const platformWallet = await api.createWallet((await api.createSeller()).id);
    const seller = await api.createSeller();
    const wallet = await api.createWallet(seller.id);
    const created = await api.create({
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

    const deposited = await api.simulate({ depositAddressId: da.id, amount: '200.00' });
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

    const { nodes, edges, pageInfo } = await api.transactionsOf(da.id);
    expect(nodes).toMatchObject([{ ...fields, id: deposited.transaction!.id, status: 'COMPLETED', subStatus: null }]);
    expect(nodes[0]!.completedAt).not.toBeNull();
    expect(edges.map((e) => e.node.id)).toEqual([deposited.transaction!.id]);
    expect(pageInfo.hasNextPage).toBe(false);
    const { transaction } = await data(t, acme, TransactionDepositAddressDocument, { id: deposited.transaction!.id });
    expect(transaction).toEqual({ id: deposited.transaction!.id, depositAddress: { id: da.id, status: 'ACTIVE' } });
    expect(await api.available(wallet.id)).toBe('197.80');
    expect(await api.available(platformWallet.id)).toBe('2.00');
  });

  it('lists only its own deposits, newest first, page by page', async () => {
    const seller = await api.createSeller();
    const wallet = await api.createWallet(seller.id);
    const [one, other] = [
      (await api.create({ sellerId: seller.id, destinationWalletId: wallet.id })).depositAddress!,
      (await api.create({ sellerId: seller.id, destinationWalletId: wallet.id, idempotencyKey: unique('da') })).depositAddress!,
    ];
    for (const amount of ['10.00', '20.00', '30.00']) expect((await api.simulate({ depositAddressId: one.id, amount })).accepted).toBe(true);
    expect((await api.simulate({ depositAddressId: other.id, amount: '99.00' })).accepted).toBe(true);
    await t.sandbox.idle();

    const first = await api.transactionsOf(one.id, 2);
    expect(first.nodes.map((n) => n.source.amountGross)).toEqual(['30.00', '20.00']);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[1]!.cursor });
    const rest = await api.transactionsOf(one.id, 2, first.pageInfo.endCursor);
    expect(rest.nodes.map((n) => n.source.amountGross)).toEqual(['10.00']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect((await api.transactionsOf(other.id)).nodes.map((n) => n.source.amountGross)).toEqual(['99.00']);
    // 60.00 less 0.1% (0.06) and 99.00 less 0.1% (0.10, rounded half-up from 0.099).
    expect(await api.available(wallet.id)).toBe('158.84');
  });

  it('forwards to a blockchain address outside OMS', async () => {
    const seller = await api.createSeller();
    const { depositAddress: da, userErrors } = await api.create({ sellerId: seller.id, destinationBlockchainAddress: ADDRESS });
    expect(userErrors).toEqual([]);
    expect(da!.destination).toEqual({ wallet: null, blockchainAddress: ADDRESS, asset: 'USDC', network: 'POLYGON' });
    const { transaction } = await api.simulate({ depositAddressId: da!.id, amount: '50.00' });
    expect(transaction!.destination).toMatchObject({ wallet: null, blockchainAddress: ADDRESS, amountNet: '49.95' });
  });
});

describe('the life of a deposit address', () => {
  it('lists by status, pauses, resumes, changes destination and deletes', async () => {
    const seller = await api.createSeller();
    const [first, second] = [await api.createWallet(seller.id), await api.createWallet(seller.id)];
    const da = (await api.create({ sellerId: seller.id, destinationWalletId: first.id })).depositAddress!;
    const kept = (await api.create({ sellerId: seller.id, destinationWalletId: first.id, idempotencyKey: unique('da') })).depositAddress!;
    const listed = async (status?: 'ACTIVE' | 'PAUSED' | 'DELETED') =>
      (await data(t, acme, SellerDepositAddressesDocument, { id: seller.id, status })).seller!.depositAddresses.map((d) => `${d.id}:${d.status}`).sort();

    expect(await api.update({ id: da.id, status: 'PAUSED' })).toMatchObject({ depositAddress: { id: da.id, status: 'PAUSED' }, userErrors: [] });
    expect(await listed()).toEqual([`${da.id}:PAUSED`, `${kept.id}:ACTIVE`].sort());
    expect(await listed('PAUSED')).toEqual([`${da.id}:PAUSED`]);
    expect(await listed('ACTIVE')).toEqual([`${kept.id}:ACTIVE`]);

    const before = api.writes();
    expect(await api.simulate({ depositAddressId: da.id, amount: '100.00' })).toEqual({
      accepted: false,
      transaction: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'depositAddressId'], message: 'The deposit address is paused: resume it first' }],
    });
    expect(api.writes(), 'nothing reached OMS').toEqual(before);

    expect((await api.update({ id: da.id, status: 'ACTIVE' })).depositAddress?.status).toBe('ACTIVE');
    const moved = await api.update({ id: da.id, destinationWalletId: second.id });
    expect(moved.depositAddress?.destination).toMatchObject({ wallet: { id: second.id }, asset: 'USDC', network: 'POLYGON' });
    expect((await api.simulate({ depositAddressId: da.id, amount: '100.00' })).accepted).toBe(true);
    await t.sandbox.idle();
    expect(await api.available(second.id)).toBe('99.90');
    expect(await api.available(first.id)).toBe('0.00');

    expect((await data(t, acme, DeleteDepositAddressDocument, { input: { id: da.id } })).deleteDepositAddress).toEqual({ deletedId: da.id, userErrors: [] });
    expect((await data(t, acme, DepositAddressDocument, { id: da.id })).depositAddress?.status).toBe('DELETED');
    expect(await listed()).toEqual([`${kept.id}:ACTIVE`]);
    expect(await listed('DELETED')).toEqual([`${da.id}:DELETED`]);
    expect(await api.simulate({ depositAddressId: da.id, amount: '1.00' })).toMatchObject({
      accepted: false,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'depositAddressId'], message: 'The deposit address is deleted: it cannot receive' }],
    });
    expect(await api.update({ id: da.id, status: 'ACTIVE' })).toMatchObject({
      depositAddress: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'id'] }],
    });
    // Its deposit stays, and still names it.
    expect((await api.transactionsOf(da.id)).nodes.map((n) => n.depositAddress?.id)).toEqual([da.id]);
  });
});

describe("a deposit to a wallet's raw address", () => {
  it('credits the wallet as it is, creates no transaction, and fires wallet.depositDetected', async () => {
    const seller = await api.createSeller();
    const wallet = await api.createWallet(seller.id);
    expect(await api.simulate({ walletId: wallet.id, amount: '25.50' })).toEqual({ accepted: true, transaction: null, userErrors: [] });
    await t.sandbox.idle();
    expect(await api.available(wallet.id)).toBe('25.50');
    expect(await api.sellerTransactions(seller.id)).toEqual([]);
    const hooks = (await t.oms.webhooks.list()).data;
    const deliveries = hooks.flatMap((hook) => t.sandbox.webhooks.deliveries(hook.id)).filter((d) => d.objectId === wallet.id);
    expect(deliveries.map((d) => [d.event, d.state])).toEqual([['wallet.depositDetected', 'delivered']]);
  });
});

describe('the demo of npm start', () => {
  it('gives Alan a deposit address with a completed 250.00 deposit: 247.25 to him, 2.50 to the platform', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars' });
    const key = newApiKey(DEMO_TENANT_ID);
    const sandbox = createSandbox({ completionDelayMs: 5, followUpDelayMs: 5 });
    const account = embeddedAccount('sandbox', sandbox, { timeoutMs: 10_000 });
    const gateway: Gateway = await startGateway({ config, tenants: demoTenants(key), logger: pino({ level: 'silent' }), accounts: [account] });
    try {
      await seedDemo(account.client, sandbox);
      await sandbox.idle();
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          query:
            '{ sellers(externalId: "seller-3") { nodes { firstName depositAddresses { label status transactions { nodes { type status source { amountGross fees { developer oms } } destination { amountNet } } } } } } }',
        }),
      });
      const { data: result, errors } = (await response.json()) as GraphQLResponse;
      expect(errors).toBeUndefined();
      expect(result?.sellers.nodes).toEqual([
        {
          firstName: 'Alan',
          depositAddresses: [
            {
              label: "Alan's crypto checkout",
              status: 'ACTIVE',
              transactions: {
                nodes: [
                  {
                    type: 'CRYPTO_TO_CRYPTO',
                    status: 'COMPLETED',
                    source: { amountGross: '250.00', fees: { developer: '2.50', oms: '0.25' } },
                    destination: { amountNet: '247.25' },
                  },
                ],
              },
            },
          ],
        },
      ]);
    } finally {
      await gateway.close();
      sandbox.close();
    }
  });
});
