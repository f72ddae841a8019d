import { Writable } from 'node:stream';
import { type GraphQLObjectType, type GraphQLSchema, introspectionFromSchema, isObjectType, printSchema } from 'graphql';
import { pino } from 'pino';
import { isPlainRead, jitSchema, plainReadsAreSafe } from '../../src/graphql/jit-schema.js';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestGateway, startTestGateway } from '../support/gateway.js';
import { deposit, ok, sellerWithWallet, virtualAccount, createWallet, type SellerFixture } from '../support/seller-fixtures.js';

/**
 * The compiled executor (graphql-jit, the default) answers byte for byte as graphql-js: two gateways
 * over one OMS account, one of each, are asked the same operations, and their HTTP answers (status
 * and body, request ids blanked) must be equal. The executor's debug log says which executor ran, so
 * each case also checks that it went the way it is meant to.
 */

let jit: TestGateway;
let graphqlJs: TestGateway;
let seller: SellerFixture;
let second: string;
const ran: string[] = [];

beforeAll(async () => {
  const lines = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { component?: string; msg: string; why?: string };
        if (entry.component === 'executor') ran.push(entry.why ? `graphql-js: ${entry.why}` : 'graphql-jit');
      }
      done();
    },
  });
  // No read cache: both gateways ask OMS every time (kept answers would skip execution).
  jit = await startTestGateway({ env: { CACHE_MAX_AGE_MS: '0' }, logger: pino({ level: 'debug' }, lines) });
  graphqlJs = await startTestGateway({ env: { CACHE_MAX_AGE_MS: '0', GRAPHQL_EXECUTOR: 'graphql-js' }, twinOf: jit });
  seller = await sellerWithWallet(jit, 'acme');
  second = await createWallet(jit, 'acme', seller.id);
  const va = await virtualAccount(jit, seller);
  await deposit(jit, 'acme', va, '120.50');
  await deposit(jit, 'acme', va, '3.07');
  await jit.sandbox.idle();
});
afterAll(async () => {
  await graphqlJs?.close();
  await jit?.close();
});

/**
 * Both gateways' answers to one request: HTTP status and body, request ids blanked; and how the jit
 * gateway ran it. The jit gateway is asked once before, as a document is compiled when it runs again.
 */
async function both(token: string, query: string, variables?: Record<string, unknown>): Promise<{ answer: string; ran: string[] }> {
  await post(jit, token, query, variables);
  ran.length = 0;
  const [a, b] = await Promise.all([jit, graphqlJs].map((t) => post(t, token, query, variables)));
  expect(a).toBe(b);
  return { answer: a!, ran: [...ran] };
}

async function post(t: TestGateway, token: string, query: string, variables?: Record<string, unknown>): Promise<string> {
  const response = await fetch(t.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return `${response.status} ${(await response.text()).replace(/"requestId":"[^"]*"/g, '"requestId":"…"')}`;
}

const DASHBOARD = `query($first: Int!) { sellers(first: $first) { nodes { id firstName createdAt metadata status
  wallets { id address asset network balance { available pending } }
  transactions(first: 5) { nodes { id type status createdAt destination { amountNet wallet { id } } } pageInfo { hasNextPage } } } } }`;

describe('GRAPHQL_EXECUTOR=jit answers as graphql-js', () => {
  it('the dashboard: lists, connections, enums and the Decimal, DateTime and JSONObject scalars', async () => {
    const { answer, ran } = await both(jit.keys.acme, DASHBOARD, { first: 10 });
    expect(answer).toContain('"amountNet":"');
    expect(answer).toContain('"createdAt":"20');
    expect(ran).toEqual(['graphql-jit']);
  });

  it('the Node interface, fragments, aliases, __typename, @include and @skip', async () => {
    const query = `query($w: ID!, $s: ID!, $yes: Boolean!) {
      w: node(id: $w) { __typename id ... on Wallet { address balance { available } seller { id } } }
      s: node(id: $s) { ...bits ... on Wallet { address } }
      gone: node(id: "wal_000000000000000000000000") { id }
      viewer { role name: role @include(if: $yes) skipped: role @skip(if: $yes) } }
      fragment bits on Seller { __typename firstName wallets { id } }`;
    const { answer, ran } = await both(jit.keys.acme, query, { w: seller.walletId, s: seller.id, yes: true });
    expect(answer).toContain('"__typename":"Wallet"');
    expect(answer).toContain('"gone":null');
    expect(ran).toEqual(['graphql-jit']);
  });

  it('an error a resolver raises (a cursor the gateway never gave), with its code and path', async () => {
    const { answer, ran } = await both(jit.keys.acme, '{ viewer { role } sellers(first: 2, after: "nonsense") { nodes { id } } }');
    expect(answer).toMatch(/^200 .*"code":"BAD_USER_INPUT"/);
    expect(ran).toEqual(['graphql-jit']);
  });

  it('a non-null field failing: the null reaches the nearest nullable field', async () => {
    const stop = jit.sandbox.faults.add({ method: 'GET', path: `/wallets/${second}/balance`, status: 500 });
    try {
      const { answer, ran } = await both(jit.keys.acme, 'query($id: ID!) { seller(id: $id) { id wallets { id balance { available } } } }', { id: seller.id });
      expect(answer).toMatch(/^200 .*"path":\["seller","wallets",\d,"balance"\].*"code":"OMS_UNAVAILABLE".*"data":\{"seller":null\}/);
      expect(ran).toEqual(['graphql-jit']);
    } finally {
      stop();
    }
  });

  it('two errors nulling one field: graphql-js answers, with the first (graphql-jit would report each)', async () => {
    const query = `query($id: ID!) { seller(id: $id) { id
      a: transactions(first: 1, after: "junk") { nodes { id } }
      b: transactions(first: 1, after: "more junk") { nodes { id } } } }`;
    const { answer, ran } = await both(jit.keys.acme, query, { id: seller.id });
    expect(answer).toMatch(/^200 .*"seller":null/);
    expect(answer.match(/BAD_USER_INPUT/g)).toHaveLength(1);
    expect(ran).toEqual(['graphql-js: errors']);
  });

  it('variables that do not coerce: 400 BAD_USER_INPUT from graphql-js, no resolver run', async () => {
    const { answer, ran } = await both(jit.keys.acme, DASHBOARD, { first: 'ten' });
    expect(answer).toMatch(/^400 .*"code":"BAD_USER_INPUT"/);
    expect(ran).toEqual(['graphql-js: variables']);
  });

  it('a seller token: someone else’s seller is null, its own visible', async () => {
    const other = await sellerWithWallet(jit, 'acme');
    const query = 'query($mine: ID!, $theirs: ID!) { mine: seller(id: $mine) { id wallets { id } } theirs: seller(id: $theirs) { id } }';
    const { answer, ran } = await both(seller.token, query, { mine: seller.id, theirs: other.id });
    expect(answer).toContain('"theirs":null');
    expect(ran).toEqual(['graphql-jit']);
  });

  it('introspection and mutations run under graphql-js', async () => {
    expect((await both(jit.keys.acme, '{ __type(name: "Wallet") { fields { name } } }')).ran).toEqual(['graphql-js: not compiled, or seen once']);
    const mutation = 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } userErrors { field code message } } }';
    const { answer, ran } = await both(jit.keys.acme, mutation, { input: { firstName: 'X', lastName: 'Y', email: 'not an email' } });
    expect(answer).toContain('"userErrors":[{');
    expect(ran).toEqual(['graphql-js: not compiled, or seen once']);
  });

  it('a document runs under graphql-js the first time, compiled from the second on', async () => {
    const query = 'query Once { viewer { role } sellers(first: 1) { nodes { id createdAt } } }';
    ran.length = 0;
    const first = await post(jit, jit.keys.acme, query);
    expect(ran).toEqual(['graphql-js: not compiled, or seen once']);
    ran.length = 0;
    expect(await post(jit, jit.keys.acme, query)).toBe(first);
    expect(await post(jit, jit.keys.acme, query)).toBe(first);
    expect(ran).toEqual(['graphql-jit', 'graphql-jit']);
    expect((await ok(jit, jit.keys.acme, DASHBOARD, { first: 10 })).sellers.nodes.length).toBeGreaterThan(1);
  });
});

describe('the schema graphql-jit compiles against', () => {
  it('is the gateway’s, less type-graphql’s plain reads of a property', async () => {
    const schema = await buildGatewaySchema();
    const copy = jitSchema(schema);
    expect(printSchema(copy)).toBe(printSchema(schema));
    expect(JSON.stringify(introspectionFromSchema(copy))).toBe(JSON.stringify(introspectionFromSchema(schema)));
    expect(plainReadsAreSafe()).toBe(true);
    const fields = (s: GraphQLSchema) =>
      Object.values(s.getTypeMap()).flatMap((type) => (isObjectType(type) && !type.name.startsWith('__') ? Object.values(type.getFields()) : []));
    const plain = fields(schema).filter((field) => field.resolve && isPlainRead(field.resolve));
    expect(plain.length).toBeGreaterThan(100);
    // Every field keeps its resolver but the plain reads; Wallet.balance (a @FieldResolver) keeps its own.
    const kept = new Set(fields(copy).flatMap((field) => (field.resolve ? [field.resolve] : [])));
    expect(fields(schema).filter((field) => field.resolve && kept.has(field.resolve))).toEqual(fields(schema).filter((field) => !plain.includes(field)));
    expect(kept.has((schema.getType('Wallet') as GraphQLObjectType).getFields().balance!.resolve!)).toBe(true);
  });
});
