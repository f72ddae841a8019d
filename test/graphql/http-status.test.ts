import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefersPlainJson } from '../../src/graphql/http-status.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The HTTP statuses the GraphQL-over-HTTP spec asks for by media type, the request fields a JSON body
 * may carry, and GETs that carry a bearer: what graphql-http's audit checks (http-audit.test.ts), with
 * the cases it does not reach (a real variable coercion failure, which Apollo refuses itself; a kept
 * answer; a GET from a page of a foreign origin).
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t?.close());

async function post(body: unknown, headers: Record<string, string> = {}, token: string | null = t.keys.acme) {
  const response = await fetch(t.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as any };
}

async function get(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.gateway.url}?query=${encodeURIComponent(query)}`, { headers });
  return { status: response.status, json: (await response.json()) as any };
}

const JSON_ONLY = { accept: 'application/json' };
const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };

describe('prefersPlainJson', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['*/*', false],
    ['application/*', false],
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['application/json, */*;q=0.5', true],
    ['application/graphql-response+json', false],
    ['application/graphql-response+json, application/json', false],
    ['application/json, application/graphql-response+json', true],
    ['application/json;q=0.9, application/graphql-response+json', false],
    ['application/graphql-response+json;q=0.5, application/json', true],
    ['application/json;q=0', false],
    ['text/html, application/json', true],
  ])('%j: %s', (accept, expected) => {
    expect(prefersPlainJson(accept)).toBe(expected);
  });
});

describe('GraphQL request errors: 200 for a client preferring application/json, 400 otherwise', () => {
  const parse = { query: '{ viewer {' };
  const validation = { query: '{ viewer { nope } }' };
  // Coerced by Apollo, after the door: a string where an Int belongs.
  const coercion = { query: 'query($first: Int) { sellers(first: $first) { pageInfo { hasNextPage } } }', variables: { first: 'ten' } };

  it.each([
    ['a document that does not parse', parse, 'GRAPHQL_PARSE_FAILED'],
    ['a document that does not validate', validation, 'GRAPHQL_VALIDATION_FAILED'],
    ['variables that do not coerce', coercion, 'BAD_USER_INPUT'],
  ])('%s', async (_name, body, code) => {
    for (const [headers, status] of [
      [JSON_ONLY, 200],
      [GRAPHQL_RESPONSE, 400],
      [{}, 400],
      [{ accept: '*/*' }, 400],
    ] as const) {
      const answer = await post(body, headers);
      expect(answer.status, JSON.stringify(headers)).toBe(status);
      expect(answer.json.data, JSON.stringify(headers)).toBeUndefined();
      expect(answer.json.errors[0].extensions.code, JSON.stringify(headers)).toBe(code);
    }
  });

  it('refusals that are not request errors keep their status for every client', async () => {
    const unauthenticated = await post({ query: '{ viewer { role } }' }, JSON_ONLY, 'gw_not_a_key');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const subscription = await post({ query: 'subscription { transactionUpdated { cursor } }' }, JSON_ONLY);
    expect(subscription.status).toBe(400);
    expect(subscription.json.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('variables and extensions in a JSON body', () => {
  it('must each be an object: refused with BAD_REQUEST even where a kept answer exists', async () => {
    const query = '{ __typename }';
    // Built from no OMS read, the answer is kept; the next identical request is answered from it.
    expect(await post({ query })).toEqual({ status: 200, json: { data: { __typename: 'Query' } } });
    for (const [field, value] of [
      ['extensions', 'x'],
      ['extensions', 1],
      ['extensions', false],
      ['extensions', ['x']],
      ['variables', '{}'],
      ['variables', [1]],
    ] as const) {
      const refused = await post({ query, [field]: value });
      expect(refused.status, `${field}: ${JSON.stringify(value)}`).toBe(400);
      expect(refused.json.errors[0], `${field}: ${JSON.stringify(value)}`).toMatchObject({
        message: `Expected \`${field}\` to be an object`,
        extensions: { code: 'BAD_REQUEST' },
      });
    }
    for (const body of [
      { query, extensions: { some: 'value' } },
      { query, extensions: null, variables: null },
      { query, variables: {} },
    ]) {
      expect(await post(body), JSON.stringify(body)).toEqual({ status: 200, json: { data: { __typename: 'Query' } } });
    }
  });
});

describe('GET', () => {
  it('runs a query with a bearer and no preflight header, variables as URL-encoded JSON', async () => {
    expect(await get('{ viewer { role } }', { authorization: `Bearer ${t.keys.acme}` })).toEqual({
      status: 200,
      json: { data: { viewer: { role: 'TENANT' } } },
    });
    const url = new URL(t.gateway.url);
    url.searchParams.set('query', 'query($first: Int) { sellers(first: $first) { pageInfo { hasNextPage } } }');
    url.searchParams.set('variables', JSON.stringify({ first: 1 }));
    const response = await fetch(url, { headers: { authorization: `Bearer ${t.keys.acme}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).errors).toBeUndefined();
  });

  it('stays safe: queries only, a bearer required, and a foreign page’s origin refused', async () => {
    const mutation = 'mutation { createSellerSession(input: { sellerId: "cst_x" }) { userErrors { code } } }';
    const refused = await get(mutation, { authorization: `Bearer ${t.keys.acme}` });
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringContaining('POST') });
    // What a cross-site page can make a browser send without a preflight: no bearer (at most Basic credentials it keeps).
    for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }] as Record<string, string>[]) {
      const anonymous = await get('{ viewer { role } }', headers);
      expect(anonymous.status, JSON.stringify(headers)).toBe(401);
      expect(anonymous.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const foreign = await get('{ viewer { role } }', { authorization: `Bearer ${t.keys.acme}`, origin: 'https://elsewhere.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.json.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
