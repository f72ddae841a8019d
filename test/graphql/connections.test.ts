import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateVirtualAccountDocument,
  CreateWalletDocument,
  SellersPageDocument,
  SellerTransactionsPageDocument,
  SimulateDepositTransactionDocument,
  type SellersPageQueryVariables,
  type SellerTransactionsPageQueryVariables,
} from '../generated/graphql.js';
import { data } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * Relay connections both ways: `first`/`after` towards older items, `last`/`before` towards newer
 * ones, over OMS's startingAfter/endingBefore. Every page is checked by its exact ids and pageInfo.
 */

let t: TestGateway;
/** `METHOD /path?query` of every request the gateway sent to OMS. */
const sent: string[] = [];

let counter = 0;
const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;

async function createSeller(key: string, firstName: string): Promise<string> {
  const { createSeller } = await data(t, key, CreateSellerDocument, { input: { firstName, lastName: 'Pages', email: `${unique(firstName)}@example.com` } });
  expect(createSeller.userErrors).toEqual([]);
  return createSeller.seller!.id;
}

/** acme's sellers oldest first, with two of globex's made among them. */
const acme: string[] = [];
const globex: string[] = [];
/** The deposits into acme's first seller, oldest first. */
const deposits: string[] = [];

beforeAll(async () => {
  t = await startTestGateway({
    omsFetch: (inner) => async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      sent.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/^\/v0\.9/, '')}${url.search}`);
      return inner(input, init);
    },
  });
  for (const [tenant, name] of [
    ['acme', 'S1'],
    ['globex', 'G1'],
    ['acme', 'S2'],
    ['acme', 'S3'],
    ['globex', 'G2'],
    ['acme', 'S4'],
  ] as const) {
    (tenant === 'acme' ? acme : globex).push(await createSeller(t.keys[tenant], name));
  }
  const { createWallet } = await data(t, t.keys.acme, CreateWalletDocument, { input: { sellerId: acme[0]!, idempotencyKey: unique('wallet') } });
  const { createVirtualAccount } = await data(t, t.keys.acme, CreateVirtualAccountDocument, {
    input: { sellerId: acme[0]!, destinationWalletId: createWallet.wallet!.id },
  });
  for (const amount of ['10.00', '20.00', '30.00', '40.00', '50.00']) {
    const { simulateDeposit } = await data(t, t.keys.acme, SimulateDepositTransactionDocument, {
      input: { virtualAccountId: createVirtualAccount.virtualAccount!.id, amount, idempotencyKey: unique('deposit') },
    });
    deposits.push(simulateDeposit.transaction!.id);
  }
  await t.sandbox.idle();
}, 30_000);
afterAll(() => t?.close());

const transactions = async (variables: Omit<SellerTransactionsPageQueryVariables, 'id'>) =>
  (await data(t, t.keys.acme, SellerTransactionsPageDocument, { id: acme[0]!, ...variables })).seller!.transactions;
const sellers = async (variables: SellersPageQueryVariables, key = t.keys.acme) => (await data(t, key, SellersPageDocument, variables)).sellers;
const ids = (connection: { nodes: { id: string }[] }) => connection.nodes.map((node) => node.id);
const ends = (connection: { pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean } }) => ({
  next: connection.pageInfo.hasNextPage,
  previous: connection.pageInfo.hasPreviousPage,
});

describe("a seller's transactions", () => {
  it('page forward to the oldest and back to the newest, with the same cursors both ways', async () => {
    const [d1, d2, d3, d4, d5] = deposits;
    const p1 = await transactions({ first: 2 });
    expect({ ids: ids(p1), ...ends(p1) }).toEqual({ ids: [d5, d4], next: true, previous: false });
    expect(p1.pageInfo.startCursor).toBe(p1.edges[0]!.cursor);
    expect(p1.pageInfo.endCursor).toBe(p1.edges[1]!.cursor);
    const p2 = await transactions({ first: 2, after: p1.pageInfo.endCursor });
    expect({ ids: ids(p2), ...ends(p2) }).toEqual({ ids: [d3, d2], next: true, previous: true });
    const p3 = await transactions({ first: 2, after: p2.pageInfo.endCursor });
    expect({ ids: ids(p3), ...ends(p3) }).toEqual({ ids: [d1], next: false, previous: true });

    // Back from the oldest: `first` is left to its default, so `last` alone decides.
    const b1 = await transactions({ last: 2, before: p3.pageInfo.startCursor });
    expect({ ids: ids(b1), ...ends(b1) }).toEqual({ ids: [d3, d2], next: true, previous: true });
    expect(b1.edges.map((e) => e.cursor)).toEqual(p2.edges.map((e) => e.cursor));
    const b2 = await transactions({ last: 2, before: b1.pageInfo.startCursor });
    expect({ ids: ids(b2), ...ends(b2) }).toEqual({ ids: [d5, d4], next: true, previous: false });
    expect(b2.pageInfo, 'the first page again, reached from behind').toEqual(p1.pageInfo);
  });

  it('take 20 back from `before` alone, and stop at the newest when `last` asks for more', async () => {
    const [d1, d2, d3, d4, d5] = deposits;
    const oldest = (await transactions({ first: 5 })).edges[4]!;
    expect(oldest.node.id).toBe(d1);
    const all = await transactions({ before: oldest.cursor });
    expect({ ids: ids(all), ...ends(all) }).toEqual({ ids: [d5, d4, d3, d2], next: true, previous: false });
    const third = (await transactions({ first: 3 })).edges[2]!;
    const rest = await transactions({ last: 10, before: third.cursor, first: null });
    expect({ ids: ids(rest), ...ends(rest) }).toEqual({ ids: [d5, d4], next: true, previous: false });
    const filtered = await transactions({ last: 1, before: third.cursor, status: 'COMPLETED' });
    expect({ ids: ids(filtered), ...ends(filtered) }).toEqual({ ids: [d4], next: true, previous: true });
  });
});

describe("the tenant's sellers", () => {
  it('page both ways past the other tenant’s, which share the OMS account', async () => {
    const [s1, s2, s3, s4] = acme;
    const p1 = await sellers({ first: 2 });
    expect({ ids: ids(p1), ...ends(p1) }).toEqual({ ids: [s4, s3], next: true, previous: false });
    const p2 = await sellers({ first: 2, after: p1.pageInfo.endCursor });
    expect({ ids: ids(p2), ...ends(p2) }).toEqual({ ids: [s2, s1], next: false, previous: true });
    const b1 = await sellers({ last: 2, before: p2.pageInfo.startCursor });
    expect({ ids: ids(b1), ...ends(b1) }).toEqual({ ids: [s4, s3], next: true, previous: false });
    const b2 = await sellers({ last: 1, before: p2.pageInfo.endCursor });
    expect({ ids: ids(b2), ...ends(b2) }).toEqual({ ids: [s2], next: true, previous: true });
    const other = await sellers({ first: 10 }, t.keys.globex);
    expect({ ids: ids(other), ...ends(other) }).toEqual({ ids: [...globex].reverse(), next: false, previous: false });
  });

  it('are, to a seller token, itself alone on the first page and nothing on either side of it', async () => {
    const { createSellerSession } = await data(t, t.keys.acme, CreateSellerSessionDocument, { input: { sellerId: acme[1]! } });
    const token = createSellerSession.session!.token;
    const own = await sellers({ first: 5 }, token);
    expect({ ids: ids(own), ...ends(own) }).toEqual({ ids: [acme[1]], next: false, previous: false });
    const before = await sellers({ last: 5, before: own.pageInfo.startCursor }, token);
    expect({ ids: ids(before), ...ends(before) }).toEqual({ ids: [], next: false, previous: false });
  });
});

describe('paging arguments that do not fit together', () => {
  const page = 'nodes { id } pageInfo { hasNextPage }';
  const cases: [string, string][] = [
    ['first: 2, last: 2, before: $c', '`first` and `last` cannot be given together: page forward with `first`/`after` or backward with `last`/`before`'],
    ['after: $c, before: $c', '`after` and `before` cannot be given together: page forward with `first`/`after` or backward with `last`/`before`'],
    ['last: 2, after: $c', '`last` pages backward from `before`; with `after` use `first`'],
    ['first: 2, before: $c', '`first` pages forward from `after`; with `before` use `last`'],
    ['last: 2', '`last` counts back from `before`: give `before` too (a cursor of this connection)'],
    ['last: 0, before: $c', '`last` must be between 1 and 100'],
    ['last: 101, before: $c', '`last` must be between 1 and 100'],
    ['first: 0', '`first` must be between 1 and 100'],
    ['last: 2, before: "bm90LWEtY3Vyc29y"', '`before` is not a cursor of this connection'],
  ];

  it('are BAD_USER_INPUT with a message saying what fits, and OMS lists nothing', async () => {
    const c = (await transactions({ first: 2 })).pageInfo.endCursor;
    const answers: Record<string, unknown> = {};
    sent.length = 0;
    for (const [args, message] of cases) {
      const given = args.replaceAll('$c', JSON.stringify(c));
      const seller = await t.request(t.keys.acme, `query($id: ID!) { seller(id: $id) { transactions(${given}) { ${page} } } }`, { id: acme[0] });
      const all = await t.request(t.keys.acme, `{ sellers(${given}) { ${page} } }`);
      answers[args] = [seller.errors?.map((e) => [e.extensions?.code, e.message]), all.errors?.map((e) => [e.extensions?.code, e.message])];
      expect.soft(answers[args], args).toEqual([[['BAD_USER_INPUT', message]], [['BAD_USER_INPUT', message]]]);
    }
    expect(
      sent.filter((request) => request.startsWith('GET /customers?') || request.includes('/transactions')),
      'no list was asked of OMS',
    ).toEqual([]);
  });

  it('count `first: null` as not given, like a `first` left to its default', async () => {
    const fourth = (await transactions({ first: 2 })).pageInfo.endCursor;
    const res = await t.request(
      t.keys.acme,
      'query($id: ID!, $c: String) { seller(id: $id) { transactions(first: null, last: 1, before: $c) { nodes { id } } } }',
      { id: acme[0], c: fourth },
    );
    expect(res).toEqual({ data: { seller: { transactions: { nodes: [{ id: deposits[4] }] } } } });
  });

  it('refuse a cursor given to another caller, whichever way it is used', async () => {
    const acmeCursor = (await sellers({ first: 1 })).pageInfo.endCursor;
    for (const variables of [
      { last: 1, before: acmeCursor },
      { first: 1, after: acmeCursor },
    ]) {
      const res = await t.request(
        t.keys.globex,
        'query($first: Int, $after: String, $last: Int, $before: String) { sellers(first: $first, after: $after, last: $last, before: $before) { nodes { id } } }',
        variables,
      );
      const argument = 'before' in variables ? 'before' : 'after';
      expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', `\`${argument}\` is not a cursor of this connection`]]);
    }
  });
});
