import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT_ID, demoTenants } from '../../src/demo.js';
import { createOmsClient } from '../../src/oms/index.js';
import { startSandboxServer, type SandboxServer } from '../../src/sandbox/server.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';
import { RegisterExternalAccountDocument, type RegisterExternalAccountInput } from '../generated/graphql.js';
import { send } from '../support/documents.js';
import { comparable, missingIdLike } from '../support/isolation.js';
import { callsDuring, register, sellerOf, startPayoutGateway, US_BANK, type FundedSeller, type PayoutGateway } from '../support/payouts.js';

/**
 * Registering a seller's payout destinations. OMS provisions external accounts itself (early access,
 * no public endpoint), so registerExternalAccount works against a sandbox OMS alone. Bank numbers go
 * in once and come back masked, never in full; bad input is refused before anything reaches OMS.
 */

let t: PayoutGateway;
let seller: FundedSeller;
beforeAll(async () => {
  // Both tenants open registerExternalAccount to their seller tokens; globex lets them send anywhere, acme does not.
  const allow = ['registerExternalAccount' as const];
  t = await startPayoutGateway({ tenants: { acme: { sellerTokens: { allow } }, globex: { sellerTokens: { allow, sendAnywhere: true } } } });
  seller = await sellerOf(t);
});
afterAll(() => t?.close());

type Registration = Omit<RegisterExternalAccountInput, 'sellerId'>;

describe('each kind of account, as it comes back', () => {
  it('an international bank: the IBAN and SWIFT code normalised, WIRE, the last four characters alone', async () => {
    const iban = 'DE89 3704 0044 0532 0130 00';
    const made = await register(t, seller.id, { type: 'INTERNATIONAL_BANK', bankName: 'Commerzbank', iban, swiftCode: 'cobadeffxxx', country: 'DE' });
    expect(made).toMatchObject({
      userErrors: [],
      externalAccount: {
        id: expect.stringMatching(/^cpIntlBank_/),
        type: 'INTERNATIONAL_BANK',
        status: 'VERIFIED',
        network: 'WIRE',
        bankName: 'Commerzbank',
        accountNumberLast4: '3000',
        blockchainAddress: null,
      },
    });
    expect(JSON.stringify(made)).not.toContain('DE89370400440532013000');
  });

  it('a US bank over WIRE when asked, and a saved address on ETHEREUM', async () => {
    expect((await register(t, seller.id, { ...US_BANK, network: 'WIRE' })).externalAccount).toMatchObject({ type: 'US_BANK', network: 'WIRE' });
    const address = `0x${'12'.repeat(20)}`;
    expect((await register(t, seller.id, { type: 'BLOCKCHAIN_ADDRESS', blockchainAddress: address, network: 'ETHEREUM' })).externalAccount).toMatchObject({
      id: expect.stringMatching(/^cpBcAddr_/),
      type: 'BLOCKCHAIN_ADDRESS',
      network: 'ETHEREUM',
      blockchainAddress: address,
      bankName: null,
      accountNumberLast4: null,
    });
  });
});

describe('bad input: a userError naming the field, nothing sent to OMS, no number echoed', () => {
  const cases: [string, Registration, string][] = [
    ['a routing number of five digits', { ...US_BANK, routingNumber: '12345' }, 'routingNumber'],
    ['a US bank without its account number', { type: 'US_BANK', bankName: 'Chase', routingNumber: '021000021' }, 'accountNumber'],
    ['an account number with letters', { ...US_BANK, accountNumber: '0001234x4242' }, 'accountNumber'],
    ['an IBAN on a US bank', { ...US_BANK, iban: 'DE89370400440532013000' }, 'iban'],
    ['a card', { type: 'CARD', bankName: 'Chase' }, 'type'],
    ['a short address', { type: 'BLOCKCHAIN_ADDRESS', blockchainAddress: '0x1234' }, 'blockchainAddress'],
    ['an address on ACH', { type: 'BLOCKCHAIN_ADDRESS', blockchainAddress: `0x${'12'.repeat(20)}`, network: 'ACH' }, 'network'],
    ['a SWIFT code of two letters', { type: 'INTERNATIONAL_BANK', bankName: 'B', iban: 'DE89370400440532013000', swiftCode: 'XX', country: 'DE' }, 'swiftCode'],
    [
      'an international bank over ACH',
      { type: 'INTERNATIONAL_BANK', bankName: 'B', iban: 'DE89370400440532013000', swiftCode: 'COBADEFF', country: 'DE', network: 'ACH' },
      'network',
    ],
  ];
  it.each(cases)('%s', async (_what, input, field) => {
    let answer: Awaited<ReturnType<typeof register>> | undefined;
    expect(await callsDuring(t, async () => (answer = await register(t, seller.id, input)))).toEqual([]);
    expect(answer).toEqual({ externalAccount: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', field], message: expect.any(String) }] });
    expect(JSON.stringify(answer)).not.toMatch(/4242|021000021|DE8937/);
  });

  it('a seller id of another tenant is NOT_FOUND exactly like a missing one', async () => {
    const foreign = await t.request(t.keys.globex, REGISTER, { input: { sellerId: seller.id, ...US_BANK } });
    const missing = await t.request(t.keys.globex, REGISTER, { input: { sellerId: missingIdLike(seller.id), ...US_BANK } });
    expect(foreign.data?.registerExternalAccount).toEqual({
      externalAccount: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'sellerId'], message: 'No such seller' }],
    });
    expect(comparable(foreign)).toEqual(comparable(missing));
  });
});

describe('from a seller token its tenant opened registerExternalAccount to', () => {
  const ELSEWHERE: Registration = { type: 'BLOCKCHAIN_ADDRESS', blockchainAddress: `0x${'ee'.repeat(20)}` };

  it('a blockchain address is FORBIDDEN unless the tenant lets its sellers send anywhere: a saved address would be "its own" destination', async () => {
    let refused: Awaited<ReturnType<typeof send>> | undefined;
    expect(
      await callsDuring(
        t,
        async () => (refused = await send(t, seller.token, RegisterExternalAccountDocument, { input: { sellerId: seller.id, ...ELSEWHERE } })),
      ),
      'nothing reached OMS',
    ).toEqual([]);
    expect(refused?.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(refused?.errors?.[0]?.message).toContain('input.blockchainAddress');
    expect(refused?.data ?? null).toBeNull();
    const saved = (await t.oms.externalAccounts.list(seller.id)).data.map((account) => account.address);
    expect(saved).not.toContain(ELSEWHERE.blockchainAddress);
  });

  it('its own bank account is registered; where its tenant lets it send anywhere, an address too', async () => {
    expect((await register(t, seller.id, US_BANK, seller.token)).externalAccount).toMatchObject({ type: 'US_BANK', status: 'VERIFIED' });
    const g1 = await sellerOf(t, [], 'globex');
    expect((await register(t, g1.id, ELSEWHERE, g1.token)).externalAccount).toMatchObject({
      type: 'BLOCKCHAIN_ADDRESS',
      blockchainAddress: ELSEWHERE.blockchainAddress,
    });
  });
});

const REGISTER =
  'mutation($input: RegisterExternalAccountInput!) { registerExternalAccount(input: $input) { externalAccount { id } userErrors { field code message } } }';

describe('against an OMS over the network', () => {
  let oms: SandboxServer | undefined;
  const gateways: Gateway[] = [];
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await oms?.close();
  });
  const config = () => loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars' });
  const post = async (gateway: Gateway, key: string, query: string, variables: object) =>
    (await (
      await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      })
    ).json()) as {
      data: Record<string, any>;
    };

  /** A gateway on the sandbox served over HTTP, as a production OMS account or one marked as a sandbox; a seller made through it. */
  async function over(sandbox: boolean) {
    oms ??= await startSandboxServer(config(), { completionDelayMs: 5 });
    const key = newApiKey(DEMO_TENANT_ID);
    const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
    const gateway = await startGateway({
      config: config(),
      tenants: demoTenants(key, { kind: 'oms', id: 'remote', baseUrl: oms.url, apiKey, apiSecret, sandbox }),
      logger: pino({ level: 'silent' }),
    });
    gateways.push(gateway);
    const made = await post(gateway, key, 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } } }', {
      input: { firstName: 'Remote', lastName: 'Seller', email: `remote-${sandbox}@example.com` },
    });
    return { gateway, key, sellerId: made.data.createSeller.seller.id as string, client: createOmsClient({ baseUrl: oms.url, apiKey, apiSecret }) };
  }

  it('not marked as a sandbox: NOT_ALLOWED_IN_PRODUCTION, and OMS holds no account', async () => {
    const { gateway, key, sellerId, client } = await over(false);
    const res = await post(gateway, key, REGISTER, { input: { sellerId, ...US_BANK } });
    expect(res.data.registerExternalAccount).toEqual({
      externalAccount: null,
      userErrors: [{ code: 'NOT_ALLOWED_IN_PRODUCTION', field: null, message: expect.stringContaining('only against an OMS sandbox') }],
    });
    expect((await client.externalAccounts.list(sellerId)).data).toEqual([]);
  });

  it('marked as a sandbox ("sandbox": true): the account is registered', async () => {
    const { gateway, key, sellerId, client } = await over(true);
    const res = await post(gateway, key, REGISTER, { input: { sellerId, ...US_BANK } });
    expect(res.data.registerExternalAccount).toEqual({ externalAccount: { id: expect.stringMatching(/^cpUsBank_/) }, userErrors: [] });
    expect((await client.externalAccounts.list(sellerId)).data.map((account) => account.id)).toEqual([res.data.registerExternalAccount.externalAccount.id]);
  });
});
