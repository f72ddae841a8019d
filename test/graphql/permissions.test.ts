import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import { SELLER_WIDENABLE_MUTATIONS } from '../../src/tenancy/tenants-file.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';
import { sellerWithWallet } from '../support/seller-fixtures.js';

/**
 * Every mutation of the schema, by role, over HTTP. The mutations are read from the built schema and
 * each operation is generated from its arguments, so a new mutation is covered without a line here:
 * a seller token is refused it (FORBIDDEN, naming it) until it is added to the seller defaults or a
 * tenant opens it. The generated inputs are well-typed but refused by validation (ids name nothing,
 * "x" is no email), so no call changes anything.
 */

const schema = await buildGatewaySchema();
const mutationType = schema.getMutationType()!;
const MUTATIONS = Object.values(mutationType.getFields()).sort((a, b) => a.name.localeCompare(b.name));

/** What a seller token may run without its tenant's leave. */
const SELLER_DEFAULTS = ['createQuote', 'executeQuote', 'revokeSellerSession'];

let t: TestGateway;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  // globex opens every mutation a tenant may open to its seller tokens; acme keeps the default.
  t = await startTestGateway({ tenants: { globex: { sellerTokens: { allow: [...SELLER_WIDENABLE_MUTATIONS] } } } });
  tokens['tenant key'] = t.keys.acme;
  tokens['seller token'] = (await sellerWithWallet(t, 'acme')).token;
  tokens['seller token of a tenant that opened every widenable mutation'] = (await sellerWithWallet(t, 'globex')).token;
}, 30_000);
afterAll(() => t?.close());

/** Whether the role may run the mutation, as the rules say it (the door enforces it). */
const ROLES: Record<string, (mutation: string) => boolean> = {
  'tenant key': () => true,
  'seller token': (name) => SELLER_DEFAULTS.includes(name),
  'seller token of a tenant that opened every widenable mutation': (name) =>
    SELLER_DEFAULTS.includes(name) || (SELLER_WIDENABLE_MUTATIONS as readonly string[]).includes(name),
};

describe.each(Object.keys(ROLES))('%s', (role) => {
  it.each(MUTATIONS.map((field) => [field.name, field] as const))('%s', async (name, field) => {
    const res = await t.request(tokens[role], operationOf(field), variablesOf(field));
    if (ROLES[role]!(name)) {
      expect(forbidden(res), JSON.stringify(res)).toEqual([]);
      expect(res.data?.[name], 'it ran and answered its payload').toBeTruthy();
    } else {
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toBe('FORBIDDEN');
      expect(res.errors?.[0]?.message).toContain(name);
      expect(res.data?.[name] ?? null).toBeNull();
    }
  });
});

it('the schema has the mutations this suite is known to cover at least', () => {
  expect(MUTATIONS.map((m) => m.name)).toEqual(expect.arrayContaining([...SELLER_DEFAULTS, ...SELLER_WIDENABLE_MUTATIONS]));
});

const forbidden = (res: GraphQLResponse) => (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');

// ---- Operations generated from the schema ----

function operationOf(field: GraphQLField<unknown, unknown>): string {
  const declared = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const type = getNamedType(field.type);
  const selection = isObjectType(type) ? ' { __typename }' : '';
  return `mutation${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
}

function variablesOf(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  return Object.fromEntries(field.args.map((arg) => [arg.name, filler(arg.type)]));
}

/** A value of the type that GraphQL accepts and the gateway's validation refuses: required fields only. */
function filler(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return filler(type.ofType);
  if (isListType(type)) return [filler(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(required.map((f) => [f.name, filler(f.type)]));
  }
  if (isScalarType(type)) {
    const values: Record<string, unknown> = { Int: 1, Float: 1, Boolean: false, Decimal: '1.00', DateTime: new Date().toISOString(), JSONObject: {} };
    return type.name in values ? values[type.name] : type.name === 'ID' ? 'none_01ZZZZZZZZZZZZZZZZZZZZZZZZ' : 'x';
  }
  throw new Error(`no filler for ${String(type)}`);
}
