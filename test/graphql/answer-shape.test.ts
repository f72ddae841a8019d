import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import type { GraphQLResponse, TestGateway } from '../support/gateway.js';
import { startTestGateway } from '../support/gateway.js';
import { missingIdLike, omsRequestRecorder } from '../support/isolation.js';
import { deposit, ok, sellerWithWallet, virtualAccount, type SellerFixture } from '../support/seller-fixtures.js';

/**
 * What an id costs OMS, counted, never timed. The caller's own object costs one call once the gateway
 * knows its customer's stamp (it created or read the customer, or routed a webhook for it): the
 * ownership cache removes the second call. Someone else's object and a missing one cost the same
 * requests and get the same answer, warm or cold: the isolation suite checks that for every id
 * argument of the schema; here are the figures, request by request, with OMS's statuses.
 */

const requests = omsRequestRecorder({ statuses: true });
let t: TestGateway;
let A: SellerFixture & { depositId: string };
let G: SellerFixture;

const WALLET = 'query($id: ID!) { wallet(id: $id) { id } }';
const TRANSACTION = 'query($id: ID!) { transaction(id: $id) { id } }';

/** The answer of one call and the OMS requests it made (sorted, ids blanked, with statuses). */
async function costed(token: string, query: string, variables: Record<string, unknown>): Promise<{ res: GraphQLResponse; oms: string[] }> {
  await t.sandbox.idle(); // webhook deliveries make OMS requests of their own
  requests.take();
  const res = await t.request(token, query, variables);
  return { res, oms: requests.take() };
}

beforeAll(async () => {
  // What each answer costs when nothing is cached across operations: the read cache serves the caller's
  // own objects with fewer calls (test/cache/read-cache.test.ts checks that it never serves anyone else's).
  t = await startTestGateway({ omsFetch: requests.wrap, env: { CACHE_MAX_AGE_MS: '0' } });
  const a = await sellerWithWallet(t, 'acme');
  const va = await virtualAccount(t, a);
  await deposit(t, 'acme', va, '100.00');
  await t.sandbox.idle();
  const { virtualAccount: read } = await ok(t, t.keys.acme, 'query($id: ID!) { virtualAccount(id: $id) { transactions { nodes { id } } } }', { id: va });
  A = { ...a, depositId: read.transactions.nodes[0].id };
  G = await sellerWithWallet(t, 'globex');
});
afterAll(() => t?.close());

describe('the caller’s own object', () => {
  it('costs one OMS call when its seller is known (made through this gateway), two on a cold instance, then one again', async () => {
    expect(await costed(t.keys.acme, WALLET, { id: A.walletId })).toEqual({ res: { data: { wallet: { id: A.walletId } } }, oms: ['GET /wallets/{id} 200'] });
    expect((await costed(t.keys.acme, TRANSACTION, { id: A.depositId })).oms).toEqual(['GET /transactions/{id} 200']);
    expect((await costed(A.token, WALLET, { id: A.walletId })).oms).toEqual(['GET /wallets/{id} 200']);

    t.ownership.clear(); // a restarted instance
    expect(await costed(t.keys.acme, WALLET, { id: A.walletId })).toEqual({
      res: { data: { wallet: { id: A.walletId } } },
      oms: ['GET /customers/{id} 200', 'GET /wallets/{id} 200'],
    });
    expect((await costed(t.keys.acme, WALLET, { id: A.walletId })).oms).toEqual(['GET /wallets/{id} 200']);
    expect((await costed(t.keys.acme, TRANSACTION, { id: A.depositId })).oms).toEqual(['GET /transactions/{id} 200']);
  });

  it('is known from the webhooks the gateway routes: a seller it never read costs one call', async () => {
    // A seller of acme made straight in OMS (another instance, or before this one started): this gateway
    // has never read it, until its deposit's webhook is routed to acme through its customer.
    const customer = await t.oms.customers.create({
      firstName: 'Routed',
      lastName: 'Only',
      endorsements: ['basic', 'cryptoCustody', 'usd'],
      metadata: { [TENANT_METADATA_KEY]: 'acme' },
    });
    await t.sandbox.idle();
    const wallet = await t.oms.wallets.create(customer.id, { asset: 'usdc', chain: 'polygon' });
    const va = await t.oms.virtualAccounts.create(customer.id, {
      source: { asset: 'usd', network: 'usBank' },
      destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
    });
    t.ownership.clear();
    expect(t.ownership.of('shared').get(customer.id)).toBeUndefined();
    await t.oms.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '1000' } });
    await t.sandbox.idle();
    expect(t.ownership.of('shared').get(customer.id)).toEqual({ id: customer.id, metadata: { [TENANT_METADATA_KEY]: 'acme' } });
    expect((await costed(t.keys.acme, WALLET, { id: wallet.id })).oms).toEqual(['GET /wallets/{id} 200']);
  });
});

describe('someone else’s id costs what a missing one costs', () => {
  const kinds = [
    { name: 'wallet', query: WALLET, id: () => A.walletId, lookups: 1 },
    // A transaction may belong to two customers (a send's sender and recipient): both are asked after.
    { name: 'transaction', query: TRANSACTION, id: () => A.depositId, lookups: 2 },
    { name: 'node', query: 'query($id: ID!) { node(id: $id) { id } }', id: () => A.walletId, lookups: 1 },
  ];

  for (const { name, query, id, lookups } of kinds) {
    it(`${name}: to another tenant, the object then ${lookups} customer lookup(s) of a real customer, warm and cold; to a seller token, the object alone`, async () => {
      const field = name;
      const object = name === 'transaction' ? 'GET /transactions/{id}' : 'GET /wallets/{id}';
      const asked = Array.from({ length: lookups }, () => 'GET /customers/{id} 200');
      await ok(t, t.keys.acme, 'query($id: ID!) { seller(id: $id) { id } }', { id: A.id }); // A's stamp known
      for (const cache of ['warm', 'cold'] as const) {
        if (cache === 'cold') t.ownership.clear();
        const foreign = await costed(t.keys.globex, query, { id: id() });
        // Cold, nothing is known but what the foreign call read: a real customer to ask for again.
        const missing = await costed(t.keys.globex, query, { id: missingIdLike(id()) });
        expect(foreign, cache).toEqual({ res: { data: { [field]: null } }, oms: [...asked, `${object} 200`] });
        expect(missing, cache).toEqual({ res: { data: { [field]: null } }, oms: [...asked, `${object} 404`] });
      }
      // A seller token sees no customer but itself: nobody else's need be asked about.
      expect(await costed(G.token, query, { id: id() })).toEqual({ res: { data: { [field]: null } }, oms: [`${object} 200`] });
      expect(await costed(G.token, query, { id: missingIdLike(id()) })).toEqual({ res: { data: { [field]: null } }, oms: [`${object} 404`] });
    });
  }

  it('with nothing known at all, a missing id’s lookup is of a customer nobody has: the same count', async () => {
    t.ownership.clear();
    expect((await costed(t.keys.globex, WALLET, { id: missingIdLike(A.walletId) })).oms).toEqual(['GET /customers/{id} 404', 'GET /wallets/{id} 404']);
  });

  it('within one operation: the same id twice costs what once did, and two ids cost twice, for either alike', async () => {
    const twice = 'query($a: ID!, $b: ID!) { a: wallet(id: $a) { id } b: wallet(id: $b) { id } }';
    const missing = missingIdLike(A.walletId);
    const other = `${missing.slice(0, -1)}Y`;
    const sameForeign = await costed(t.keys.globex, twice, { a: A.walletId, b: A.walletId });
    const sameMissing = await costed(t.keys.globex, twice, { a: missing, b: missing });
    expect(sameForeign.oms).toEqual(['GET /customers/{id} 200', 'GET /wallets/{id} 200']);
    expect(sameMissing.oms).toEqual(['GET /customers/{id} 200', 'GET /wallets/{id} 404']);
    // Two objects of one seller against two missing ids: their lookups are never shared, so the seller
    // being the same shows in nothing.
    const second = await ok(t, t.keys.acme, 'mutation($input: CreateWalletInput!) { createWallet(input: $input) { wallet { id } userErrors { code } } }', {
      input: { sellerId: A.id, idempotencyKey: `second-${A.id}` },
    });
    const both = await costed(t.keys.globex, twice, { a: A.walletId, b: second.createWallet.wallet.id });
    const neither = await costed(t.keys.globex, twice, { a: missing, b: other });
    expect(both).toEqual({
      res: { data: { a: null, b: null } },
      oms: ['GET /customers/{id} 200', 'GET /customers/{id} 200', 'GET /wallets/{id} 200', 'GET /wallets/{id} 200'],
    });
    expect(neither).toEqual({
      res: { data: { a: null, b: null } },
      oms: ['GET /customers/{id} 200', 'GET /customers/{id} 200', 'GET /wallets/{id} 404', 'GET /wallets/{id} 404'],
    });
  });
});
