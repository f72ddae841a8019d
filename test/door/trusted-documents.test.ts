import type { RequestParams } from 'graphql-sse';
import type { Client, SubscribePayload } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFanoutCounters } from '../../src/graphql/subscription/counters.js';
import { createRedisSessionStore } from '../../src/tenancy/session-store.redis.js';
import { uniquePrefix } from '../e2e/support.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';
import { codegenManifest, documentId, idOf, type Manifest, manifestDir, manifestOf } from '../support/manifests.js';
import { redisUrl } from '../support/redis.js';
import { sseClient } from '../support/sse.js';
import { mark } from '../webhooks/support.js';
import { codeOf, sellerSession, wsClient } from './support.js';

/**
 * Registered (trusted) documents at the door, on every transport: a request names a document of its
 * tenant's manifests by hash (`extensions.persistedQuery` or `documentId`) and gets what its text gets;
 * a tenant that holds its seller tokens to registered documents refuses their other documents with
 * PERSISTED_QUERY_NOT_FOUND, while its key sends anything; a hash of another tenant's manifest is not
 * found; malformed hashes are refused naming the field. The manifest is the client preset's own
 * output for the test documents, as the seller dashboard's codegen writes it. Seller sessions live in Redis.
 */

/** Anything but a registered document. */
const UNREGISTERED = '{ viewer { role } }';
/** Two subscriptions that differ only in what they select: each must get its own answer. */
const SUB_A = 'subscription { transactionUpdated { cursor event transaction { id } } }';
const SUB_B = 'subscription { transactionUpdated { event transaction { id status } } }';
/** In a manifest both tenants were given. */
const SHARED = 'query Shared { viewer { tenant { id } } }';

const hex = (id: string) => id.replace(/^sha256:/, '');
const persistedQuery = (id: string) => ({ persistedQuery: { version: 1, sha256Hash: hex(id) } });
const NOBODYS = documentId('# a document nobody registered');

type Body = Record<string, unknown>;

async function post(t: TestGateway, token: string, body: Body, accept?: string): Promise<{ status: number; json: GraphQLResponse; requestId: string | null }> {
  const response = await fetch(t.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(accept ? { accept } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as GraphQLResponse, requestId: response.headers.get('x-request-id') };
}

/** A GET with these parameters (objects as JSON text, as the GraphQL-over-HTTP spec encodes them). */
async function get(t: TestGateway, token: string, params: Body): Promise<{ status: number; json: GraphQLResponse }> {
  const search = new URLSearchParams(
    Object.entries(params).map(([name, value]): [string, string] => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
  const response = await fetch(`${t.gateway.url}?${search}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, json: (await response.json()) as GraphQLResponse };
}

/** One operation over graphql-ws with the whole subscribe payload: its first result, or its errors. */
async function overWs(client: Client, payload: Body): Promise<GraphQLResponse> {
  const results = client.iterate(payload as unknown as SubscribePayload);
  try {
    const first = await results.next();
    if (first.done) throw new Error('graphql-ws completed without a result');
    return first.value as GraphQLResponse;
  } catch (error) {
    if (Array.isArray(error)) return { errors: error };
    throw error;
  } finally {
    await results.return?.();
  }
}

/** One operation over Server-Sent Events (graphql-sse's client): its first `next`, refusals of the document included. */
async function overSse(t: TestGateway, token: string, request: Body): Promise<GraphQLResponse> {
  const client = sseClient(t.gateway.url, token);
  try {
    for await (const result of client.iterate(request as unknown as RequestParams)) return result as GraphQLResponse;
    throw new Error('the stream completed without a result');
  } finally {
    client.dispose();
  }
}

describe('registered documents at the door', () => {
  let t: TestGateway;
  let dashboard: Manifest;
  let files: Awaited<ReturnType<typeof manifestDir>>;
  let acmeSeller: { id: string; token: string };
  let globexSeller: { id: string; token: string };
  const clients: Client[] = [];
  const fanout = createFanoutCounters();
  const ws = (token: string) => {
    const client = wsClient(t, token);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    dashboard = await codegenManifest([
      'test/graphql/documents/viewer.graphql',
      'test/graphql/documents/sessions.graphql',
      'test/graphql/documents/sellers.graphql',
    ]);
    files = await manifestDir();
    const manifests = {
      dashboard: await files.write('dashboard.json', dashboard),
      subscriptions: await files.write('subscriptions.json', manifestOf(SUB_A, SUB_B)),
      shared: await files.write('shared.json', manifestOf(SHARED)),
    };
    t = await startTestGateway({
      fanoutCounters: fanout,
      sessionStore: createRedisSessionStore({ redis: redisUrl(), prefix: uniquePrefix('trusted') }),
      tenants: {
        acme: { persistedDocuments: { manifests: [manifests.dashboard, manifests.subscriptions, manifests.shared], sellerTokensRegisteredOnly: true } },
        globex: { persistedDocuments: { manifests: [manifests.shared] } },
      },
    });
    acmeSeller = await sellerSession(t, 'acme');
    globexSeller = await sellerSession(t, 'globex');
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await t?.close();
    await files?.remove();
  });

  it('a hash names the same document as its text: HTTP POST and GET (both wire forms), graphql-ws and Server-Sent Events', async () => {
    const id = idOf(dashboard, 'Viewer');
    for (const token of [t.keys.acme, acmeSeller.token]) {
      // The registered text itself: what every hash-only request below must answer.
      const text = await post(t, token, { query: dashboard[id] });
      expect(text.status).toBe(200);
      expect(text.json.data?.viewer.tenant.id).toBe('acme');
      const expected = text.json;
      const client = ws(token);
      const answers: [string, GraphQLResponse][] = [
        ['POST extensions', (await post(t, token, { extensions: persistedQuery(id) })).json],
        // What Apollo's link sends given the client preset's `__meta__.hash`: the identifier, prefix and all.
        ['POST extensions, prefixed', (await post(t, token, { extensions: { persistedQuery: { version: 1, sha256Hash: id } } })).json],
        ['POST documentId', (await post(t, token, { documentId: id })).json],
        ['POST documentId, bare hex, query null', (await post(t, token, { query: null, documentId: hex(id) })).json],
        ['POST text and its hash', (await post(t, token, { query: dashboard[id], extensions: persistedQuery(id), documentId: id })).json],
        ['GET extensions', (await get(t, token, { extensions: persistedQuery(id) })).json],
        ['GET documentId', (await get(t, token, { documentId: id, operationName: 'Viewer' })).json],
        // graphql-ws's messages must carry `query` as a string: '' with the hash.
        ['graphql-ws extensions', await overWs(client, { query: '', extensions: persistedQuery(id) })],
        ['graphql-ws documentId', await overWs(client, { query: '', documentId: id })],
        ['SSE extensions', await overSse(t, token, { query: '', extensions: persistedQuery(id) })],
        ['SSE documentId', await overSse(t, token, { documentId: id })],
      ];
      // A browser's GET (HTML first) naming a document by hash gets it, not the playground page.
      const browser = await fetch(`${t.gateway.url}?documentId=${id}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/html,application/json;q=0.9' },
      });
      answers.push(['GET documentId, HTML first', (await browser.json()) as GraphQLResponse]);
      for (const [how, answer] of answers) expect(answer, `${how} with ${token === t.keys.acme ? 'the key' : 'a seller token'}`).toEqual(expected);
    }
  });

  it('a seller token of a tenant that holds sellers to registered documents: other text is PERSISTED_QUERY_NOT_FOUND on every transport, its hashes work', async () => {
    const { token } = acmeSeller;
    const refused = await post(t, token, { query: UNREGISTERED });
    expect(refused.status).toBe(400);
    expect(refused.json.data).toBeUndefined();
    expect(refused.json.errors).toEqual([
      {
        message: expect.stringMatching(/only registered documents for seller session tokens/),
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', requestId: refused.requestId },
      },
    ]);
    // A legacy client asking for application/json by name gets 200, as for other GraphQL request errors.
    const legacy = await post(t, token, { query: UNREGISTERED }, 'application/json');
    expect([legacy.status, codeOf(legacy.json)]).toEqual([200, 'PERSISTED_QUERY_NOT_FOUND']);
    expect(codeOf((await get(t, token, { query: UNREGISTERED })).json)).toBe('PERSISTED_QUERY_NOT_FOUND');
    const client = ws(token);
    const overSocket = await overWs(client, { query: UNREGISTERED });
    expect(overSocket.errors?.[0]).toMatchObject({ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', requestId: expect.any(String) } });
    expect(codeOf(await overSse(t, token, { query: UNREGISTERED }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    // A registered subscription's text differs by a space: not the registered text, so refused too.
    expect(codeOf(await overWs(client, { query: `${SUB_A} ` }))).toBe('PERSISTED_QUERY_NOT_FOUND');

    // The same token, naming a registered document, on the same transports.
    const id = idOf(dashboard, 'ViewerSession');
    const mine = { viewer: { role: 'SELLER', seller: { id: acmeSeller.id }, sessionId: expect.any(String) } };
    expect((await post(t, token, { extensions: persistedQuery(id) })).json).toEqual({ data: mine });
    expect((await get(t, token, { documentId: id })).json).toEqual({ data: mine });
    expect(await overWs(client, { query: '', extensions: persistedQuery(id) })).toEqual({ data: mine });
    expect(await overSse(t, token, { query: '', documentId: id })).toEqual({ data: mine });
    // And a hash nobody registered is not found, saying so.
    const unknown = await post(t, token, { documentId: NOBODYS });
    expect([unknown.status, codeOf(unknown.json)]).toEqual([400, 'PERSISTED_QUERY_NOT_FOUND']);
    expect(unknown.json.errors?.[0]?.message).toBe(`No document registered for this tenant has the hash ${hex(NOBODYS)}`);
  });

  it('tenant keys send any text (and unknown hashes are not found for them either); sellers of a tenant that does not hold them too', async () => {
    const key = t.keys.acme;
    expect((await post(t, key, { query: UNREGISTERED })).json).toEqual({ data: { viewer: { role: 'TENANT' } } });
    expect((await get(t, key, { query: UNREGISTERED })).json).toEqual({ data: { viewer: { role: 'TENANT' } } });
    expect(await overWs(ws(key), { query: UNREGISTERED })).toEqual({ data: { viewer: { role: 'TENANT' } } });
    expect(await overSse(t, key, { query: UNREGISTERED })).toEqual({ data: { viewer: { role: 'TENANT' } } });
    expect(codeOf((await post(t, key, { extensions: persistedQuery(NOBODYS) })).json)).toBe('PERSISTED_QUERY_NOT_FOUND');
    // Globex names manifests but does not hold its seller tokens to them.
    expect((await post(t, globexSeller.token, { query: UNREGISTERED })).json).toEqual({ data: { viewer: { role: 'SELLER' } } });
    expect(await overWs(ws(globexSeller.token), { query: UNREGISTERED })).toEqual({ data: { viewer: { role: 'SELLER' } } });
  });

  it("another tenant's hash is not found, exactly as one nobody registered; a manifest both tenants were given works for both", async () => {
    const acmeOnly = idOf(dashboard, 'Viewer');
    const nobodys = await post(t, t.keys.globex, { documentId: NOBODYS });
    for (const token of [t.keys.globex, globexSeller.token]) {
      const theirs = await post(t, token, { documentId: acmeOnly });
      expect([theirs.status, theirs.json.errors?.length, codeOf(theirs.json)]).toEqual([400, 1, 'PERSISTED_QUERY_NOT_FOUND']);
      expect(theirs.json.errors![0]!.message.replace(hex(acmeOnly), '<hash>')).toBe(nobodys.json.errors![0]!.message.replace(hex(NOBODYS), '<hash>'));
      expect(codeOf(await overWs(ws(token), { query: '', extensions: persistedQuery(acmeOnly) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(codeOf(await overSse(t, token, { query: '', extensions: persistedQuery(acmeOnly) }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    }
    const shared = documentId(SHARED);
    expect((await post(t, t.keys.globex, { documentId: shared })).json).toEqual({ data: { viewer: { tenant: { id: 'globex' } } } });
    expect((await post(t, globexSeller.token, { documentId: shared })).json).toEqual({ data: { viewer: { tenant: { id: 'globex' } } } });
    expect((await post(t, acmeSeller.token, { documentId: shared })).json).toEqual({ data: { viewer: { tenant: { id: 'acme' } } } });
  });

  it('malformed hashes, a wrong version, text with another hash: BAD_REQUEST naming the field, on every transport', async () => {
    const viewer = idOf(dashboard, 'Viewer');
    const other = idOf(dashboard, 'ViewerSession');
    const cases: [string, Body, RegExp][] = [
      ['wrong version', { extensions: { persistedQuery: { version: 2, sha256Hash: hex(viewer) } } }, /^`extensions\.persistedQuery\.version`: expected 1/],
      ['no version', { extensions: { persistedQuery: { sha256Hash: hex(viewer) } } }, /^`extensions\.persistedQuery\.version`: expected 1/],
      [
        'short hash',
        { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc123' } } },
        /^`extensions\.persistedQuery\.sha256Hash`: expected 64 lowercase hex/,
      ],
      ['upper-case hash', { extensions: persistedQuery(viewer.toUpperCase()) }, /^`extensions\.persistedQuery\.sha256Hash`: expected 64 lowercase hex/],
      ['no hash', { extensions: { persistedQuery: { version: 1 } } }, /^`extensions\.persistedQuery\.sha256Hash`: expected a string/],
      ['persistedQuery not an object', { extensions: { persistedQuery: hex(viewer) } }, /^`extensions\.persistedQuery`: expected an object/],
      ['another scheme', { documentId: `md5:${'0'.repeat(32)}` }, /^`documentId`: expected 64 lowercase hex/],
      ['documentId not a string', { documentId: 42 }, /^`documentId`: expected a string/],
      [
        'text with the hash of another',
        { query: dashboard[viewer], extensions: persistedQuery(other) },
        /`extensions\.persistedQuery\.sha256Hash` is not the SHA-256 of `query`/,
      ],
      ['text with the id of another', { query: dashboard[viewer], documentId: other }, /`documentId` is not the SHA-256 of `query`/],
      [
        'two hashes that differ',
        { documentId: viewer, extensions: persistedQuery(other) },
        /`documentId` and `extensions\.persistedQuery\.sha256Hash` name different documents/,
      ],
      ['neither text nor hash', { variables: {} }, /Expected `query`, a GraphQL document as a non-empty string, or the hash of a registered document/],
      ['query not a string', { query: 7 }, /Expected `query`, a GraphQL document as a string/],
    ];
    const client = ws(t.keys.acme);
    for (const [name, body, message] of cases) {
      const http = await post(t, t.keys.acme, body);
      expect(http.status, name).toBe(400);
      expect(http.json.errors, name).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST', requestId: http.requestId } }]);
      // graphql-ws itself refuses a `query` that is not a string (closing the socket), so those stay HTTP's.
      if (typeof body.query === 'number') continue;
      const payload = { query: '', ...body };
      const overSocket = await overWs(client, payload);
      expect(overSocket.errors?.[0], `${name} over graphql-ws`).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } });
      const overStream = await overSse(t, t.keys.acme, payload);
      expect(overStream.errors?.[0], `${name} over SSE`).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_REQUEST' } });
    }
    // A GET's extensions must be JSON of an object.
    const garbled = await get(t, t.keys.acme, { extensions: '{"persistedQuery":' });
    expect([garbled.status, garbled.json.errors?.[0]?.message]).toEqual([400, 'Expected `extensions` to be an object']);
  });

  it("a registered document still passes the door's checks: a seller's registered mutation it may not run is FORBIDDEN, a mutation by hash over GET is refused", async () => {
    const session = idOf(dashboard, 'CreateSellerSession');
    const variables = { input: { sellerId: acmeSeller.id } };
    const forbidden = await post(t, acmeSeller.token, { documentId: session, variables });
    expect([forbidden.status, codeOf(forbidden.json)]).toEqual([403, 'FORBIDDEN']);
    const overGet = await get(t, t.keys.acme, { documentId: session, variables });
    expect([overGet.status, codeOf(overGet.json)]).toEqual([400, 'BAD_REQUEST']);
    // The tenant's key runs it by hash, over POST, with its variables.
    const made = await post(t, t.keys.acme, { documentId: session, variables });
    expect(made.json.data?.createSellerSession.session.seller).toEqual({ id: acmeSeller.id });
  });

  it('subscriptions named by hash get their own documents’ answers over graphql-ws and Server-Sent Events (shared executions are keyed by the registered text)', async () => {
    const before = fanout.stats();
    const marker = `txn_marker_trusted_${Date.now()}`;
    const key = t.keys.acme;
    const client = ws(key);
    const sse = sseClient(t.gateway.url, key);
    const request = (text: string) => ({ query: '', extensions: persistedQuery(documentId(text)) });
    const streams = [client.iterate(request(SUB_A)), client.iterate(request(SUB_B)), sse.iterate(request(SUB_A)), sse.iterate(request(SUB_B))];
    const markers = streams.map(async (stream) => {
      try {
        for await (const result of stream) {
          if (result.errors) throw new Error(`errors: ${JSON.stringify(result.errors)}`);
          const pushed = (result.data as { transactionUpdated: { transaction: { id: string } } }).transactionUpdated;
          if (pushed.transaction.id === marker) return pushed;
        }
        throw new Error('the subscription ended before the marker');
      } finally {
        await stream.return?.();
      }
    });
    // From now on: each joins its group at once. Two groups of two, one per document, whatever the transport.
    const live = await fanout.until((s) => s.shared === before.shared + 4 && s.alone === before.alone);
    expect(live.groups - before.groups).toBe(2);
    await mark(t, 'acme', [], marker);
    const [wsA, wsB, sseA, sseB] = await Promise.all(markers);
    const a = { cursor: expect.any(String), event: 'test.marker', transaction: { id: marker } };
    const b = { event: 'test.marker', transaction: { id: marker, status: 'COMPLETED' } };
    expect([wsA, wsB, sseA, sseB]).toEqual([a, b, a, b]);
    sse.dispose();
  });
});
