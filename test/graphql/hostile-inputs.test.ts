import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostileCashLocationsDocument, HostileNodeDocument, HostileSellersDocument } from '../generated/graphql.js';
import type { GraphQLResponse } from '../support/gateway.js';
import { Deep, type Fixtures, MUTATIONS, type MutationName, post, refusals } from '../support/hostile-inputs.js';
import { sellerOf, startPayoutGateway, type PayoutGateway } from '../support/payouts.js';

/**
 * Bounded inputs at the edge (issue 9): each hostile input is refused with its field named, and not
 * one call reaches OMS for it. Each mutation's base input, sent as it is, does reach OMS (the first
 * describe), so the table's zero is the edge's doing, not a request that stopped early anyway.
 */

let t: PayoutGateway;
let acme: string;
let f: Fixtures;

beforeAll(async () => {
  t = await startPayoutGateway();
  acme = t.keys.acme;
  const seller = await sellerOf(t);
  f = { seller: seller.id, wallet: seller.walletId, va: seller.vaId };
});
afterAll(() => t?.close());

const x = (n: number) => 'x'.repeat(n);
const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

interface Row {
  what: string;
  send: () => Promise<GraphQLResponse>;
  /** "CODE field.path", as refusals() reads the answer. */
  refused: string;
}

const mutation = (name: MutationName, what: string, patch: Record<string, unknown>, refused: string): Row => ({
  what: `${name}: ${what}`,
  refused,
  send: () => post(t, acme, MUTATIONS[name].document, { input: { ...MUTATIONS[name].base(f), ...patch } }),
});
const query = (what: string, send: () => Promise<GraphQLResponse>, refused: string): Row => ({ what, refused, send });
const sellers = (variables: Record<string, unknown>) => () => post(t, acme, HostileSellersDocument, variables);
const cashLocations = (variables: Record<string, unknown>) => () =>
  post(t, acme, HostileCashLocationsDocument, { latitude: 38.5, longitude: -121.5, ...variables });
const address = (patch: Record<string, unknown>) => ({
  residentialAddress: { line1: '1 Main St', city: 'Sacramento', country: 'US', zipCode: '95814', ...patch },
});

const ROWS: Row[] = [
  // Amounts: positive, at the asset's scale, at most a trillion; strings, never numbers.
  mutation('createQuote', 'amount -1', { sourceAmount: '-1' }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', 'amount 0', { sourceAmount: '0' }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', 'seven decimal places', { sourceAmount: '1.0000001' }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', 'a 40-digit amount', { sourceAmount: '9'.repeat(40) }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', '10^29 in digits', { sourceAmount: `1${'0'.repeat(29)}` }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', 'one cent over a trillion', { sourceAmount: '1000000000000.01' }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', 'exponent notation', { sourceAmount: '1e29' }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', 'a JSON number', { sourceAmount: 12.5 }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', 'a padded amount', { sourceAmount: ' 1.00' }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createQuote', 'destination amount -0.01', { sourceAmount: null, destinationAmount: '-0.01' }, 'INVALID_AMOUNT input.destinationAmount'),
  mutation('createQuote', 'a negative fixed fee', { developerFees: [{ type: 'FIXED', amount: '-5' }] }, 'INVALID_AMOUNT input.developerFees.0.amount'),
  mutation(
    'createQuote',
    'a fixed fee of 10^20',
    { developerFees: [{ type: 'FIXED', amount: `1${'0'.repeat(20)}` }] },
    'INVALID_AMOUNT input.developerFees.0.amount',
  ),
  mutation('createQuote', 'a rate of five decimals', { developerFees: [{ type: 'PERCENTAGE', rate: '0.00001' }] }, 'INVALID_AMOUNT input.developerFees.0.rate'),
  mutation('createQuote', 'a rate of 100%', { developerFees: [{ type: 'PERCENTAGE', rate: '1' }] }, 'INVALID_AMOUNT input.developerFees.0.rate'),
  mutation('simulateDeposit', 'USD with 3 decimals', { amount: '0.001' }, 'INVALID_AMOUNT input.amount'),
  mutation('simulateDeposit', 'a negative deposit', { amount: '-500' }, 'INVALID_AMOUNT input.amount'),
  mutation('simulateDeposit', 'a 40-digit deposit', { amount: '9'.repeat(40) }, 'INVALID_AMOUNT input.amount'),
  mutation('simulateDeposit', 'zero', { amount: '0.00' }, 'INVALID_AMOUNT input.amount'),
  mutation('simulateCryptoDeposit', 'seven decimals of USDC', { amount: '0.0000001' }, 'INVALID_AMOUNT input.amount'),
  mutation('simulateCryptoDeposit', '10^13', { amount: '10000000000000' }, 'INVALID_AMOUNT input.amount'),
  mutation('createCashIn', 'a tenth of a cent', { amount: '100.001' }, 'INVALID_AMOUNT input.amount'),
  mutation('createCashIn', 'two trillion', { amount: '2000000000000' }, 'INVALID_AMOUNT input.amount'),
  mutation('simulateCashDeposit', 'a negative cash deposit', { amount: '-1' }, 'INVALID_AMOUNT input.amount'),
  mutation('createVirtualAccount', 'a negative rate', { developerFees: [{ rate: '-0.01' }] }, 'INVALID_AMOUNT input.developerFees.0.rate'),
  mutation('createDepositAddress', 'a rate of five decimals', { developerFees: [{ rate: '0.12345' }] }, 'INVALID_AMOUNT input.developerFees.0.rate'),

  // Metadata: at most 20 keys (19 on sellers) of 1 to 40 characters, flat string values of at most 500.
  mutation('createQuote', 'a 100 KB value', { metadata: { note: x(100_000) } }, 'INVALID_INPUT input.metadata.note'),
  mutation('createQuote', 'a 10,000-element array', { metadata: { list: Array(10_000).fill('x') } }, 'INVALID_INPUT input.metadata.list'),
  mutation('createQuote', 'two levels of nesting', { metadata: { order: { id: '1' } } }, 'INVALID_INPUT input.metadata.order'),
  mutation('createQuote', '1,000 levels of nesting', { metadata: new Deep(1_000) }, 'BAD_USER_INPUT input.metadata'),
  mutation('createQuote', '5,000 levels of nesting', { metadata: new Deep(5_000) }, 'BAD_USER_INPUT input.metadata'),
  mutation('createQuote', 'a number value', { metadata: { tier: 2 } }, 'INVALID_INPUT input.metadata.tier'),
  mutation('createQuote', 'a boolean value', { metadata: { vip: true } }, 'INVALID_INPUT input.metadata.vip'),
  mutation('createQuote', 'a null value', { metadata: { gone: null } }, 'INVALID_INPUT input.metadata.gone'),
  mutation('createQuote', 'a 41-character key', { metadata: { [x(41)]: 'v' } }, 'INVALID_INPUT input.metadata'),
  mutation('createQuote', 'an empty key', { metadata: { '': 'v' } }, 'INVALID_INPUT input.metadata'),
  mutation('createQuote', 'a key with a line break', { metadata: { 'a\nb': 'v' } }, 'INVALID_INPUT input.metadata'),
  mutation('createQuote', '21 keys', { metadata: keys(21) }, 'INVALID_INPUT input.metadata'),
  mutation('createQuote', '10,000 keys', { metadata: keys(10_000) }, 'INVALID_INPUT input.metadata'),
  mutation('createQuote', 'a string for an object', { metadata: 'order=1' }, 'BAD_USER_INPUT input.metadata'),
  // Deep values where no JSONObject is expected: the JSON body parses them, and nothing walks them.
  mutation('createQuote', 'an amount nested 20,000 levels', { sourceAmount: new Deep(20_000) }, 'INVALID_AMOUNT input.sourceAmount'),
  mutation('createSeller', 'a first name nested 20,000 levels', { firstName: new Deep(20_000) }, 'BAD_USER_INPUT input.firstName'),
  mutation('createQuote', 'an array for an object', { metadata: ['order'] }, 'BAD_USER_INPUT input.metadata'),
  mutation('executeQuote', 'a nested value', { metadata: { order: { id: '1' } } }, 'INVALID_INPUT input.metadata.order'),
  mutation('executeQuote', 'a value with NUL', { metadata: { order: 'A\u0000' } }, 'INVALID_INPUT input.metadata.order'),
  mutation('createSeller', '20 keys (the gateway keeps the 20th)', { metadata: keys(20) }, 'INVALID_INPUT input.metadata'),
  mutation('createSeller', 'the tenant stamp', { metadata: { gatewayTenantId: 'globex' } }, 'INVALID_INPUT input.metadata'),
  mutation('updateSeller', 'a 501-character value', { metadata: { note: x(501) } }, 'INVALID_INPUT input.metadata.note'),
  mutation('createVirtualAccount', 'nested metadata', { metadata: { x: [[['deep']]] } }, 'INVALID_INPUT input.metadata.x'),
  mutation('createDepositAddress', 'a list value', { metadata: { tags: ['a', 'b'] } }, 'INVALID_INPUT input.metadata.tags'),

  // Names, emails, labels, memos, references: one line, bounded.
  mutation('createSeller', 'a 101-character first name', { firstName: x(101) }, 'INVALID_INPUT input.firstName'),
  mutation('createSeller', 'a first name of two lines', { firstName: 'Ada\nLovelace' }, 'INVALID_INPUT input.firstName'),
  mutation('createSeller', 'a blank first name', { firstName: '   ' }, 'INVALID_INPUT input.firstName'),
  mutation('createSeller', 'a last name with NUL', { lastName: 'Love\u0000lace' }, 'INVALID_INPUT input.lastName'),
  mutation('createSeller', 'a lone surrogate', { lastName: 'Love\uD800lace' }, 'INVALID_INPUT input.lastName'),
  mutation('createSeller', 'a 300-character email', { email: `${x(290)}@example.com` }, 'INVALID_INPUT input.email'),
  mutation('createSeller', 'not an email', { email: 'ada at example.com' }, 'INVALID_INPUT input.email'),
  mutation('createSeller', 'a 22-digit phone', { phone: `+1${'2'.repeat(21)}` }, 'INVALID_INPUT input.phone'),
  mutation('createSeller', 'born in 990', { birthDate: '0990-01-01' }, 'INVALID_INPUT input.birthDate'),
  mutation('createSeller', 'born in 2990', { birthDate: '2990-01-01' }, 'INVALID_INPUT input.birthDate'),
  mutation('createSeller', 'a three-letter nationality', { nationality: 'USA' }, 'INVALID_INPUT input.nationality'),
  mutation('createSeller', 'a 201-character externalId', { externalId: x(201) }, 'INVALID_INPUT input.externalId'),
  mutation('createSeller', 'a 201-character address line', address({ line1: x(201) }), 'INVALID_INPUT input.residentialAddress.line1'),
  mutation('createSeller', 'markup for a postal code', address({ zipCode: '<script>' }), 'INVALID_INPUT input.residentialAddress.zipCode'),
  mutation('createSeller', 'an empty city', address({ city: '' }), 'INVALID_INPUT input.residentialAddress.city'),
  mutation('updateSeller', 'a 1,000-character last name', { lastName: x(1_000) }, 'INVALID_INPUT input.lastName'),
  mutation('createVirtualAccount', 'a 201-character label', { label: x(201) }, 'INVALID_INPUT input.label'),
  mutation('createVirtualAccount', 'a label with a bell', { label: 'ding\u0007' }, 'INVALID_INPUT input.label'),
  mutation('createVirtualAccount', 'a 141-character bank memo', { bankMemo: x(141) }, 'INVALID_INPUT input.bankMemo'),
  mutation('createVirtualAccount', 'a memo of two lines', { bankMemo: 'rent\r\nBCC: x' }, 'INVALID_INPUT input.bankMemo'),
  mutation('createVirtualAccount', 'six fees', { developerFees: Array(6).fill({ rate: '0.01' }) }, 'INVALID_INPUT input.developerFees'),
  mutation('createDepositAddress', 'a 10,000-character label', { label: x(10_000) }, 'INVALID_INPUT input.label'),
  mutation('createCashIn', 'a 201-character reference', { cashLocationReference: x(201) }, 'INVALID_INPUT input.cashLocationReference'),
  mutation('registerExternalAccount', 'a 101-character bank name', { bankName: x(101) }, 'INVALID_INPUT input.bankName'),
  mutation('registerExternalAccount', 'a label of two lines', { label: 'a\nb' }, 'INVALID_INPUT input.label'),
  mutation('registerExternalAccount', 'an 18-digit account number', { accountNumber: '1'.repeat(18) }, 'INVALID_INPUT input.accountNumber'),

  // Ids, addresses, idempotency keys, lifetimes.
  mutation('createQuote', 'a seller id of 10,000 characters', { sellerId: `cst_${x(10_000)}` }, 'INVALID_INPUT input.sellerId'),
  mutation('createQuote', 'a wallet id with a path', { sourceWalletId: 'wlt_../../customers' }, 'INVALID_INPUT input.sourceWalletId'),
  mutation('createQuote', 'a seller id with a lone surrogate', { sellerId: 'cst_\uDC00' }, 'INVALID_INPUT input.sellerId'),
  mutation('createQuote', 'a short address', { destinationBlockchainAddress: '0x123' }, 'INVALID_INPUT input.destinationBlockchainAddress'),
  mutation(
    'createQuote',
    'an external account id of 100 characters',
    { destinationBlockchainAddress: null, destinationExternalAccountId: `cpUsBank_${x(100)}` },
    'INVALID_INPUT input.destinationExternalAccountId',
  ),
  mutation('createQuote', 'a 201-character idempotency key', { idempotencyKey: x(201) }, 'INVALID_INPUT input.idempotencyKey'),
  mutation('createQuote', 'an empty idempotency key', { idempotencyKey: '' }, 'INVALID_INPUT input.idempotencyKey'),
  mutation('executeQuote', 'an idempotency key with a line break', { idempotencyKey: 'key\nX-Injected: 1' }, 'INVALID_INPUT input.idempotencyKey'),
  mutation('executeQuote', 'a 68-character quote id', { quoteId: `qt_${x(65)}` }, 'INVALID_INPUT input.quoteId'),
  mutation('createWallet', 'an idempotency key with a tab', { idempotencyKey: 'a\tb' }, 'INVALID_INPUT input.idempotencyKey'),
  mutation('createWallet', 'a seller id with spaces', { sellerId: 'cst_ 1' }, 'INVALID_INPUT input.sellerId'),
  mutation('updateVirtualAccount', 'a 68-character id', { id: `va_${x(65)}` }, 'INVALID_INPUT input.id'),
  mutation(
    'createVirtualAccount',
    'a fee wallet id of 100 characters',
    { developerFees: [{ rate: '0.01', walletId: `wlt_${x(100)}` }] },
    'INVALID_INPUT input.developerFees.0.walletId',
  ),
  mutation('refreshCashIn', 'an id with markup', { id: 'ci_<b>' }, 'INVALID_INPUT input.id'),
  mutation('createCashIn', 'a location id with a query', { cashLocationId: 'loc_1?x=1' }, 'INVALID_INPUT input.cashLocationId'),
  mutation('createSellerSession', 'a lifetime of 30 years', { ttlSeconds: 1_000_000_000 }, 'INVALID_INPUT input.ttlSeconds'),
  mutation('createSellerSession', 'a lifetime beyond an Int', { ttlSeconds: 2 ** 40 }, 'BAD_USER_INPUT input.ttlSeconds'),

  // Query arguments: refused as BAD_USER_INPUT naming the argument.
  query('sellers: first 0', sellers({ first: 0 }), 'BAD_USER_INPUT first'),
  query('sellers: first 1,000', sellers({ first: 1_000 }), 'BAD_USER_INPUT first'),
  query('sellers: a forged cursor of 1,000 characters', sellers({ after: x(1_000) }), 'BAD_USER_INPUT after'),
  query('sellers: a 300-character email', sellers({ email: `${x(290)}@example.com` }), 'BAD_USER_INPUT email'),
  query('sellers: a 201-character externalId', sellers({ externalId: x(201) }), 'BAD_USER_INPUT externalId'),
  query('sellers: last -1', sellers({ last: -1, before: 'x' }), 'BAD_USER_INPUT last'),
  query('cashLocations: latitude 91', cashLocations({ latitude: 91 }), 'BAD_USER_INPUT latitude'),
  query('cashLocations: a 41-character provider', cashLocations({ provider: x(41) }), 'BAD_USER_INPUT provider'),
  query('cashLocations: a string for a latitude', cashLocations({ latitude: 'north' }), 'BAD_USER_INPUT latitude'),
  query('sellers: an email nested 20,000 levels', sellers({ email: new Deep(20_000) }), 'BAD_USER_INPUT email'),

  // Literals in the document itself, not variables.
  query(
    'a nested metadata literal',
    () =>
      post(
        t,
        acme,
        `mutation { executeQuote(input: { quoteId: "qt_1", idempotencyKey: "k", metadata: { order: { id: "1" } } }) { userErrors { code field } } }`,
      ),
    'INVALID_INPUT input.metadata.order',
  ),
  query(
    'a number literal for an amount',
    () => post(t, acme, `mutation { simulateDeposit(input: { virtualAccountId: "${f.va}", amount: 500 }) { userErrors { code field } } }`),
    'INVALID_AMOUNT input.amount',
  ),
];

describe('each base input, sent as it is, reaches OMS', () => {
  it.each(Object.keys(MUTATIONS) as MutationName[])('%s', async (name) => {
    const before = t.omsCalls.length;
    const response = await post(t, acme, MUTATIONS[name].document, { input: MUTATIONS[name].base(f) });
    expect(response.errors, name).toBeUndefined();
    expect(t.omsCalls.length, `${name} asked OMS`).toBeGreaterThan(before);
  });
});

describe('hostile inputs: refused with the field named, nothing sent to OMS', () => {
  it('are at least 60', () => expect(ROWS.length).toBeGreaterThanOrEqual(60));

  it.each(ROWS)('$what', async ({ send, refused }) => {
    // Deposits and sellers made before send webhooks the gateway looks up in OMS: those calls end first.
    await t.sandbox.idle();
    const before = t.omsCalls.length;
    const answer = refusals(await send());
    expect({ answer, omsCalls: t.omsCalls.slice(before) }).toEqual({ answer: [refused], omsCalls: [] });
  });
});

describe('beyond the table', () => {
  it('answers an id no OMS object can have as missing, asking OMS nothing', async () => {
    await t.sandbox.idle();
    const ids = [`cst_${x(10_000)}`, 'wlt_../../customers', 'cpUsBank_<script>', `cst_${'\uD800'}`];
    const before = t.omsCalls.length;
    for (const id of ids) {
      const response = await post(t, acme, HostileNodeDocument, { id });
      expect(response, id.slice(0, 20)).toEqual({ data: { node: null, seller: null, wallet: null, externalAccount: null } });
    }
    expect(t.omsCalls.slice(before)).toEqual([]);
  });

  it('refuses a JSONObject literal nested past 32 levels where it stands in the document', async () => {
    const literal = `${'{a: '.repeat(40)}"x"${' }'.repeat(40)}`;
    const document = `mutation {\n  executeQuote(input: { quoteId: "qt_1", idempotencyKey: "k", metadata: ${literal} }) { userErrors { code } }\n}`;
    // The error's location is the metadata value's.
    const column = document.split('\n')[1]!.indexOf('metadata: ') + 'metadata: '.length + 1;
    await t.sandbox.idle();
    const before = t.omsCalls.length;
    const response = await post(t, acme, document);
    expect(response.errors).toMatchObject([
      {
        message: 'JSONObject nests at most 32 levels deep; this one nests deeper',
        locations: [{ line: 2, column }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
    expect(t.omsCalls.slice(before)).toEqual([]);
  });

  it('refuses a document nesting its brackets past 100 levels before parsing it', async () => {
    await t.sandbox.idle();
    const before = t.omsCalls.length;
    const response = await post(
      t,
      acme,
      `mutation { executeQuote(input: { quoteId: "qt_1", idempotencyKey: "k", metadata: { a: ${'['.repeat(100)}1${']'.repeat(100)} } }) { userErrors { code } } }`,
    );
    expect(response.errors).toMatchObject([
      { message: 'The document nests its brackets more than 100 levels deep', extensions: { code: 'QUERY_TOO_COMPLEX' } },
    ]);
    expect(t.omsCalls.slice(before)).toEqual([]);
  });
});
