import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startSandboxServer, type SandboxServer } from '../../src/sandbox/server.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { hashApiKey, newApiKey } from '../../src/tenancy/api-keys.js';
import { parseTenantsFile } from '../../src/tenancy/tenants-file.js';
import {
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateWalletDocument,
  SellerDocument,
  SellersDocument,
  SimulateKycDecisionDocument,
  UpdateSellerDocument,
  type CreateSellerInput,
  type UpdateSellerInput,
} from '../generated/graphql.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { missingIdLike } from '../support/isolation.js';

/**
 * Sellers after their creation: updating their details (OMS's PATCH /customers/{id}), and KYC, whose
 * outcome shows in Seller.endorsements; in a sandbox the tenant decides it with simulateKycDecision.
 * Also what createSeller shows a seller token (never another seller). Here the sandbox leaves every
 * review pending until it is decided, and counts the PATCHes sent.
 */

let t: TestGateway;
let acme: string;
const patches: string[] = [];

beforeAll(async () => {
  t = await startTestGateway({
    sandbox: { endorsements: { outcome: 'pending' } },
    tenants: { acme: { sellerTokens: { allow: ['updateSeller', 'createSeller'] } } },
    omsFetch: (inner) => async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      if (request.method === 'PATCH') patches.push(new URL(request.url).pathname);
      return inner(input, init);
    },
  });
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

const update = async (input: UpdateSellerInput, token = acme) => (await data(t, token, UpdateSellerDocument, { input })).updateSeller;
const ALL = ['BASIC', 'CRYPTO_CUSTODY', 'USD'] as const;
const endorsementsAll = (status: string) => ALL.map((name) => ({ name, status }));

describe('updateSeller', () => {
  it('changes the fields given, keeps the others, and replaces the metadata while the tenant stamp stays', async () => {
    const seller = await createSeller({ externalId: unique('shop'), phone: '+12125551234', metadata: { shop: 'cakes', tier: '2' } });
    const address = { line1: '12 St James Sq', city: 'London', country: 'GB', zipCode: 'SW1Y 4JH' };
    const updated = await update({
      id: seller.id,
      lastName: 'King',
      email: 'countess@example.com',
      phone: '+442071234567',
      residentialAddress: address,
      metadata: { shop: 'pies' },
    });
    expect(updated.userErrors).toEqual([]);
    expect(updated.seller).toMatchObject({
      id: seller.id,
      externalId: seller.externalId,
      firstName: 'Ada',
      lastName: 'King',
      email: 'countess@example.com',
      phone: '+442071234567',
      metadata: { shop: 'pies' },
      endorsements: seller.endorsements,
    });
    const raw = await t.oms.customers.get(seller.id);
    expect(raw.metadata, 'OMS holds the new metadata and the tenant stamp').toEqual({ shop: 'pies', gatewayTenantId: 'acme' });
    expect(raw.residentialAddress).toEqual(address);

    // Still the tenant's: found by its tenant, and as itself when read again.
    expect((await data(t, acme, SellersDocument, { externalId: seller.externalId! })).sellers.nodes).toEqual([
      { id: seller.id, email: 'countess@example.com' },
    ]);
    expect((await data(t, acme, SellerDocument, { id: seller.id })).seller).toMatchObject({ lastName: 'King', metadata: { shop: 'pies' } });
    expect((await data(t, t.keys.globex, SellerDocument, { id: seller.id })).seller).toBeNull();

    // An empty object clears the tenant's keys; the stamp is not the caller's to remove.
    expect((await update({ id: seller.id, metadata: {} })).seller?.metadata).toEqual({});
    expect((await t.oms.customers.get(seller.id)).metadata).toEqual({ gatewayTenantId: 'acme' });
  });

  it('names the field of bad input and sends nothing to OMS', async () => {
    const seller = await createSeller({ metadata: { shop: 'cakes' } });
    const before = await t.oms.customers.get(seller.id);
    patches.length = 0;
    const tooMany = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, i]));
    const cases: [Partial<UpdateSellerInput>, string[]][] = [
      [{ email: 'not-an-email' }, ['input', 'email']],
      [{ phone: '555-1234' }, ['input', 'phone']],
      [{ firstName: '  ' }, ['input', 'firstName']],
      [{ residentialAddress: { line1: 'x', city: 'y', country: 'Britain', zipCode: 'z' } }, ['input', 'residentialAddress', 'country']],
      [{ metadata: tooMany }, ['input', 'metadata']],
      [{ metadata: { gatewayTenantId: 'globex' } }, ['input', 'metadata']],
      [{ metadata: { gatewayTreasury: true } }, ['input', 'metadata']],
      [{}, ['input']],
    ];
    for (const [change, field] of cases) {
      const answer = await update({ id: seller.id, ...change });
      expect(answer, JSON.stringify(change)).toEqual({ seller: null, userErrors: [{ code: 'INVALID_INPUT', field, message: expect.any(String) }] });
    }
    expect(await update({ id: 'wlt_01ZZZZZZZZZZZZZZZZZZZZZZZZ', lastName: 'X' })).toMatchObject({
      seller: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'id'] }],
    });
    expect(patches, 'no PATCH reached OMS').toEqual([]);
    expect(await t.oms.customers.get(seller.id)).toEqual(before);
  });

  it("answers another tenant's seller exactly like a missing one, and changes nothing", async () => {
    const seller = await createSeller();
    patches.length = 0;
    const foreign = await send(t, t.keys.globex, UpdateSellerDocument, { input: { id: seller.id, lastName: 'Hijacked' } });
    const missing = await send(t, t.keys.globex, UpdateSellerDocument, { input: { id: missingIdLike(seller.id), lastName: 'Hijacked' } });
    expect(foreign).toEqual(missing);
    expect(foreign.data?.updateSeller).toEqual({ seller: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'], message: 'No such seller' }] });
    expect(patches).toEqual([]);
    expect((await t.oms.customers.get(seller.id)).lastName).toBe('Lovelace');
  });

  it('lets a seller token its tenant allows it change its own details, never its metadata nor another seller', async () => {
    const [self, other] = [await createSeller({ metadata: { tier: '1' } }), await createSeller()];
    const { createSellerSession } = await data(t, acme, CreateSellerSessionDocument, { input: { sellerId: self.id } });
    const token = createSellerSession.session!.token;
    expect((await update({ id: self.id, phone: '+12125550000' }, token)).seller).toMatchObject({ id: self.id, phone: '+12125550000', metadata: { tier: '1' } });
    const metadata = await send(t, token, UpdateSellerDocument, { input: { id: self.id, metadata: { tier: '9' } } });
    expect(metadata.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(metadata.errors?.[0]?.message).toContain('input.metadata');
    expect((await update({ id: other.id, lastName: 'Hijacked' }, token)).userErrors).toEqual([
      { code: 'NOT_FOUND', field: ['input', 'id'], message: 'No such seller' },
    ]);
    const raw = await t.oms.customers.get(self.id);
    expect(raw.metadata).toEqual({ tier: '1', gatewayTenantId: 'acme' });
    expect((await t.oms.customers.get(other.id)).lastName).toBe('Lovelace');
    // A KYC decision is never a seller token's, whatever its tenant opens.
    const decide = await send(t, token, SimulateKycDecisionDocument, { input: { sellerId: self.id, outcome: 'APPROVED' } });
    expect(decide.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(raw.endorsements.every((e) => e.status === 'pending')).toBe(true);
  });
});

describe('createSeller from a seller token its tenant opened it to', () => {
  it('never hands it another seller nor names one; a seller it makes is made, but not shown to it', async () => {
    const person = { externalId: unique('shop'), firstName: 'Ann', lastName: 'One', email: `${unique('ann')}@example.com` };
    const a1 = await createSeller({ ...person, phone: '+12125550101', metadata: { riskTier: 'high' } });
    const a2 = await createSeller();
    const token = (await data(t, acme, CreateSellerSessionDocument, { input: { sellerId: a2.id } })).createSellerSession.session!.token;
    const asSeller = async (input: CreateSellerInput) => (await data(t, token, CreateSellerDocument, { input })).createSeller;
    const taken = (message: string) => ({ seller: null, userErrors: [{ code: 'EXTERNAL_ID_TAKEN', field: ['input', 'externalId'], message }] });

    // A1's very details (a retry, to the tenant) and other details alike: taken, by whom unsaid.
    expect(await asSeller(person)).toEqual(taken('externalId is already used by another seller'));
    expect(await asSeller({ ...person, firstName: 'Xavier', email: `${unique('x')}@example.com` })).toEqual(
      taken('externalId is already used by another seller'),
    );
    // The tenant key, which sees A1, is answered A1 on a retry and told whose the externalId is.
    expect((await data(t, acme, CreateSellerDocument, { input: person })).createSeller).toMatchObject({ seller: { id: a1.id }, userErrors: [] });
    expect((await data(t, acme, CreateSellerDocument, { input: { ...person, firstName: 'Xavier' } })).createSeller).toEqual(
      taken(`externalId is already used by seller ${a1.id}`),
    );

    // A new seller is made, yet the token, which sees itself alone, is shown nothing of it.
    const email = `${unique('new')}@example.com`;
    expect(await asSeller({ firstName: 'New', lastName: 'Seller', email })).toEqual({ seller: null, userErrors: [] });
    const made = (await data(t, acme, SellersDocument, { email })).sellers.nodes;
    expect(made).toEqual([{ id: expect.stringMatching(/^cst_/), email }]);
    expect((await data(t, token, SellerDocument, { id: made[0]!.id })).seller).toBeNull();
  });
});

describe('KYC', () => {
  const decide = async (sellerId: string, outcome: 'APPROVED' | 'REJECTED', token = acme) =>
    (await data(t, token, SimulateKycDecisionDocument, { input: { sellerId, outcome } })).simulateKycDecision;
  const createWallet = async (sellerId: string) =>
    (await data(t, acme, CreateWalletDocument, { input: { sellerId, idempotencyKey: unique('wallet') } })).createWallet;

  /** The customer.endorsement.* events the sandbox sent the gateway's webhook subscription about `customerId`. */
  async function announced(customerId: string): Promise<string[]> {
    await t.sandbox.idle();
    const hooks = (await t.oms.webhooks.list()).data;
    return hooks.flatMap((hook) => t.sandbox.webhooks.deliveries(hook.id)).flatMap((d) => (d.objectId === customerId ? [d.event] : []));
  }

  it('a new seller is pending until approved; approval activates every endorsement, and wallets open', async () => {
    const seller = await createSeller();
    expect(seller.endorsements).toEqual(endorsementsAll('PENDING'));
    expect((await createWallet(seller.id)).userErrors).toEqual([
      { code: 'ENDORSEMENT_REQUIRED', field: ['input', 'sellerId'], message: 'The seller does not hold the endorsement this needs' },
    ]);

    expect(await decide(seller.id, 'APPROVED')).toEqual({ seller: { id: seller.id, endorsements: endorsementsAll('ACTIVE') }, userErrors: [] });
    expect((await data(t, acme, SellerDocument, { id: seller.id })).seller?.endorsements).toEqual(endorsementsAll('ACTIVE'));
    expect((await createWallet(seller.id)).wallet).toMatchObject({ seller: { id: seller.id }, status: 'ACTIVE' });
    expect(await announced(seller.id)).toEqual(Array(3).fill('customer.endorsement.granted'));
  });

  it('a rejection rejects every endorsement, and can be decided again', async () => {
    const seller = await createSeller();
    expect(await decide(seller.id, 'REJECTED')).toEqual({ seller: { id: seller.id, endorsements: endorsementsAll('REJECTED') }, userErrors: [] });
    expect((await data(t, acme, SellerDocument, { id: seller.id })).seller?.endorsements).toEqual(endorsementsAll('REJECTED'));
    expect((await createWallet(seller.id)).userErrors[0]?.code).toBe('ENDORSEMENT_REQUIRED');
    expect(await announced(seller.id)).toEqual(Array(3).fill('customer.endorsement.rejected'));
    // The same decisions again are new decisions, not replays of the first.
    expect((await decide(seller.id, 'APPROVED')).seller?.endorsements).toEqual(endorsementsAll('ACTIVE'));
    expect((await decide(seller.id, 'REJECTED')).seller?.endorsements).toEqual(endorsementsAll('REJECTED'));
  });

  it("answers another tenant's seller like a missing one, and bad input by field, deciding nothing", async () => {
    const seller = await createSeller();
    const foreign = await send(t, t.keys.globex, SimulateKycDecisionDocument, { input: { sellerId: seller.id, outcome: 'APPROVED' } });
    const missing = await send(t, t.keys.globex, SimulateKycDecisionDocument, { input: { sellerId: missingIdLike(seller.id), outcome: 'APPROVED' } });
    expect(foreign).toEqual(missing);
    expect(foreign.data?.simulateKycDecision).toEqual({
      seller: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'sellerId'], message: 'No such seller' }],
    });
    expect(await decide('cpUsBank_01ZZZZZZZZZZZZZZZZZZZZZZZZ', 'APPROVED')).toMatchObject({
      seller: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'sellerId'] }],
    });
    expect((await t.oms.customers.get(seller.id)).endorsements.every((e) => e.status === 'pending')).toBe(true);
    expect(await announced(seller.id)).toEqual([]);
  });
});

describe('simulateKycDecision against an OMS reached over the network', () => {
  let oms: SandboxServer | undefined;
  let gateway: Gateway | undefined;
  afterAll(async () => {
    await gateway?.close();
    await oms?.close();
  });

  const post = async (token: string, query: string, variables: Record<string, unknown>) => {
    const response = await fetch(gateway!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: any; errors?: unknown[] };
  };

  it('answers NOT_ALLOWED_IN_PRODUCTION unless the account is marked as a sandbox, then decides', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars' });
    oms = await startSandboxServer(config, { endorsements: { outcome: 'pending' } });
    const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
    const [production, sandbox] = [newApiKey('production'), newApiKey('sandboxed')];
    const tenants = parseTenantsFile({
      omsAccounts: [
        { kind: 'oms', id: 'live', baseUrl: oms.url, apiKey, apiSecret },
        { kind: 'oms', id: 'test', baseUrl: oms.url, apiKey, apiSecret, sandbox: true },
      ],
      tenants: [
        { id: 'production', name: 'Production', omsAccount: 'live', apiKeyHashes: [hashApiKey(production)] },
        { id: 'sandboxed', name: 'Sandboxed', omsAccount: 'test', apiKeyHashes: [hashApiKey(sandbox)] },
      ],
    });
    gateway = await startGateway({ config, tenants, logger: pino({ level: 'silent' }) });

    const create = 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } userErrors { code } } }';
    const decide =
      'mutation($input: SimulateKycDecisionInput!) { simulateKycDecision(input: $input) { seller { endorsements { status } } userErrors { field code message } } }';
    for (const [token, answer] of [
      [
        production,
        {
          seller: null,
          userErrors: [
            {
              field: null,
              code: 'NOT_ALLOWED_IN_PRODUCTION',
              message: 'KYC decisions can be simulated only against an OMS sandbox (embedded, or marked "sandbox": true in the tenants file)',
            },
          ],
        },
      ],
      [sandbox, { seller: { endorsements: [{ status: 'REJECTED' }, { status: 'REJECTED' }, { status: 'REJECTED' }] }, userErrors: [] }],
    ] as const) {
      const created = await post(token, create, { input: { firstName: 'Remote', lastName: 'Seller', email: `${unique('remote')}@example.com` } });
      const sellerId = created.data.createSeller.seller.id as string;
      expect((await post(token, decide, { input: { sellerId, outcome: 'REJECTED' } })).data.simulateKycDecision).toEqual(answer);
      // Refused before OMS: the production tenant's seller is still under review.
      const { seller } = (await post(token, 'query($id: ID!) { seller(id: $id) { endorsements { status } } }', { id: sellerId })).data;
      expect(seller.endorsements.map((e: { status: string }) => e.status)).toEqual(Array(3).fill(token === production ? 'PENDING' : 'REJECTED'));
    }
  });
});
