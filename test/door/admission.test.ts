import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { codeOf, overWs, sellerSession, wsClient } from './support.js';

/**
 * What the door refuses before anything runs, and that the same refusal has the same code over HTTP
 * and graphql-ws: document bytes, lexical tokens, query limits, syntax, validation, permissions, and
 * the transport rules (a subscription over HTTP, a mutation over GET).
 */

async function post(t: TestGateway, token: string, body: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const response = await fetch(t.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json(), headers: response.headers };
}

describe('documents and operations, over both transports', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { GRAPHQL_MAX_DOCUMENT_BYTES: '2000', GRAPHQL_MAX_TOKENS: '200' } });
  });
  afterAll(() => t?.close());

  const cases: { name: string; query: string; code: string; status: number; message: RegExp }[] = [
    {
      name: 'a document over the byte limit',
      query: `{ viewer { role } } #${'x'.repeat(2_000)}`,
      code: 'REQUEST_TOO_LARGE',
      status: 413,
      message: /larger than 2000 bytes/,
    },
    {
      name: 'a document over the token limit',
      query: `{ ${'viewer { role } '.repeat(60)}}`,
      code: 'QUERY_TOO_COMPLEX',
      status: 400,
      message: /more than 200 tokens/,
    },
    {
      name: 'a document nested too deep',
      query: '{ sellers { nodes { wallets { seller { wallets { seller { wallets { seller { wallets { seller { id } } } } } } } } } } }',
      code: 'QUERY_TOO_COMPLEX',
      status: 400,
      message: /depth limit of 10/,
    },
    { name: 'a syntax error', query: '{ viewer { role }', code: 'GRAPHQL_PARSE_FAILED', status: 400, message: /Syntax Error/ },
    { name: 'an unknown field', query: '{ viewer { rolez } }', code: 'GRAPHQL_VALIDATION_FAILED', status: 400, message: /Cannot query field "rolez"/ },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.code} over HTTP (status ${c.status}) and over graphql-ws`, async () => {
      const http = await post(t, t.keys.acme, { query: c.query });
      expect(http.status).toBe(c.status);
      expect(http.json.errors[0].extensions).toMatchObject({ code: c.code, requestId: http.headers.get('x-request-id') });
      expect(http.json.errors[0].message).toMatch(c.message);
      const client = wsClient(t, t.keys.acme);
      const ws = await overWs(client, c.query);
      expect(ws.errors![0]!.extensions).toMatchObject({ code: c.code, requestId: expect.any(String) });
      expect(ws.errors![0]!.message).toMatch(c.message);
      await client.dispose();
    });
  }

  it('a seller token’s forbidden mutation is FORBIDDEN, naming it, over HTTP (403) and graphql-ws alike', async () => {
    const seller = await sellerSession(t);
    const mutation = 'mutation { createSeller(input: { firstName: "No", lastName: "Way", email: "no@example.com" }) { seller { id } } }';
    const http = await post(t, seller.token, { query: mutation });
    expect(http.status).toBe(403);
    expect(http.json.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('createSeller') });
    const client = wsClient(t, seller.token);
    const ws = await overWs(client, mutation);
    expect(ws.errors![0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('createSeller') });
    // Hidden behind a fragment, the same.
    const hidden = await post(t, seller.token, { query: `mutation { ...M } fragment M on Mutation { ... on Mutation { ${mutation.slice(11, -2)} } }` });
    expect(codeOf(hidden.json)).toBe('FORBIDDEN');
    await client.dispose();
  });

  it('a subscription over HTTP is a 400 that says to use graphql-ws; a mutation over GET is refused', async () => {
    const sub = await post(t, t.keys.acme, { query: 'subscription { transactionUpdated { cursor } }' });
    expect(sub.status).toBe(400);
    expect(sub.json.errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringContaining('graphql-ws') });
    const url = `${t.gateway.url}?query=${encodeURIComponent('mutation { createSellerSession(input: { sellerId: "cst_x" }) { userErrors { code } } }')}`;
    const get = await fetch(url, { headers: { authorization: `Bearer ${t.keys.acme}`, 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(400);
    expect(((await get.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringContaining('POST') });
    const query = await fetch(`${t.gateway.url}?query=${encodeURIComponent('{ viewer { role } }')}`, {
      headers: { authorization: `Bearer ${t.keys.acme}`, 'apollo-require-preflight': 'true' },
    });
    expect((await query.json()) as any).toEqual({ data: { viewer: { role: 'TENANT' } } });
  });

  it('a body that is not JSON, or over the body limit, is refused with a GraphQL error and no stack', async () => {
    const garbled = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.acme}` },
      body: '{"query":',
    });
    expect(garbled.status).toBe(400);
    expect(((await garbled.json()) as any).errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
    const huge = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.acme}` },
      body: JSON.stringify({ query: '{ viewer { role } }', variables: { pad: 'x'.repeat(200 * 1024) } }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as any).errors[0].extensions).toEqual({ code: 'REQUEST_TOO_LARGE' });
  });

  it('a valid document is admitted over both transports, again and again (from the cache)', async () => {
    const client = wsClient(t, t.keys.acme);
    for (let i = 0; i < 3; i += 1) {
      expect((await post(t, t.keys.acme, { query: '{ viewer { role } }' })).json).toEqual({ data: { viewer: { role: 'TENANT' } } });
      expect(await overWs(client, '{ viewer { role } }')).toEqual({ data: { viewer: { role: 'TENANT' } } });
    }
    await client.dispose();
  });
});

describe('under NODE_ENV=production', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => t?.close());

  it('introspection is refused over HTTP and graphql-ws, and validation suggests no field names', async () => {
    const http = await post(t, t.keys.acme, { query: '{ __schema { types { name } } }' });
    expect(http.json.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(http.json.errors[0].message).toMatch(/introspection/i);
    const client = wsClient(t, t.keys.acme);
    expect(codeOf(await overWs(client, '{ __type(name: "Seller") { name } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
    await client.dispose();
    const typo = await post(t, t.keys.acme, { query: '{ viewer { rol } }' });
    expect(typo.json.errors[0].message).toBe('Cannot query field "rol" on type "Viewer".');
    // __typename is not introspection of the schema: it stays.
    expect((await post(t, t.keys.acme, { query: '{ viewer { __typename } }' })).json).toEqual({ data: { viewer: { __typename: 'Viewer' } } });
  });

  it('GRAPHQL_INTROSPECTION=true turns it back on', async () => {
    const on = await startTestGateway({ env: { NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' } });
    const http = await post(on, on.keys.acme, { query: '{ __type(name: "Seller") { name } }' });
    expect(http.json).toEqual({ data: { __type: { name: 'Seller' } } });
    await on.close();
  });
});
