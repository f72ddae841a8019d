import type { Client } from 'graphql-sse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFanoutCounters } from '../../src/graphql/subscription/counters.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { type SseWatcher, sseClient, watchSse } from '../support/sse.js';
import { mark, unique } from '../webhooks/support.js';
import { closeCodeAfterInit, sellerSession } from './support.js';

/**
 * Server-Sent Events at the door, with graphql-sse's own client: the same admission as graphql-ws
 * (authentication, origins, the socket caps, budgets, the document's checks), refusals of the caller
 * as HTTP answers them and refusals of the document inside the stream, as the protocol asks; a
 * seller session's end ends its stream; shutdown ends every stream so that clients reconnect.
 */

const SUBSCRIPTION = 'subscription($after: String) { transactionUpdated(after: $after) { cursor event transaction { id status } } }';
const ALLOWED = 'http://dashboard.allowed.example';
const GLOBEX_ONLY = 'http://dashboard.globex.example';

const clients: Client[] = [];
const watchers: SseWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
  for (const c of clients.splice(0)) c.dispose();
});

function watch(t: TestGateway, token: string | undefined, request: { query: string; variables?: Record<string, unknown> }, headers?: Record<string, string>) {
  const client = sseClient(t.gateway.url, token, headers);
  clients.push(client);
  const watcher = watchSse(client, request);
  watchers.push(watcher);
  return watcher;
}

const codes = (w: SseWatcher) => w.results.map((r) => r.errors?.map((e) => (e.extensions as { code?: string })?.code));

describe('admission of event streams', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ env: { CORS_ALLOWED_ORIGINS: ALLOWED }, tenants: { globex: { allowedOrigins: [GLOBEX_ONLY] } } });
  });
  afterAll(() => t?.close());

  it('no token, a bad key, a bad session token: 401 UNAUTHENTICATED with a request id, as over HTTP; no stream opens', async () => {
    for (const token of [undefined, 'gw_acme_not-a-real-key-0000000000000', 'not.a.jwt']) {
      const ending = await watch(t, token, { query: SUBSCRIPTION }).ended;
      expect(ending, String(token)).toMatchObject({ kind: 'error', status: 401, body: { errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] } });
      if (ending.kind !== 'error') throw new Error('refused');
      expect(ending.headers?.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(ending.body?.errors?.[0]?.extensions?.requestId).toBe(ending.headers?.get('x-request-id'));
    }
  });

  it('a document the door refuses is a `next` with its errors, then `complete`, in an accepted stream', async () => {
    const deep =
      'subscription { transactionUpdated { transaction { seller { wallets { seller { wallets { seller { wallets { seller { wallets { seller { id } } } } } } } } } } } }';
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      [deep, undefined, 'QUERY_TOO_COMPLEX'],
      ['subscription { transactionUpdated { nope } }', undefined, 'GRAPHQL_VALIDATION_FAILED'],
      ['subscription {', undefined, 'GRAPHQL_PARSE_FAILED'],
      // Raised by the subscription's stream once running: the error result, then complete.
      [SUBSCRIPTION, { after: 'not-a-cursor' }, 'BAD_USER_INPUT'],
    ];
    for (const [query, variables, code] of cases) {
      const w = watch(t, t.keys.acme, { query, ...(variables ? { variables } : {}) });
      expect(await w.ended, code).toEqual({ kind: 'complete' });
      expect(codes(w), code).toEqual([[code]]);
      expect(w.results[0]!.errors![0]!.extensions).toMatchObject({ requestId: expect.any(String) });
    }
  });

  it('a seller token may not run what its tenant did not allow: FORBIDDEN in the stream; a query runs and completes', async () => {
    const seller = await sellerSession(t);
    const forbidden = watch(t, seller.token, {
      query: 'mutation { createSeller(input: { firstName: "A", lastName: "B", email: "ab@example.com" }) { seller { id } } }',
    });
    expect(await forbidden.ended).toEqual({ kind: 'complete' });
    expect(codes(forbidden)).toEqual([['FORBIDDEN']]);
    const query = watch(t, seller.token, { query: '{ viewer { role seller { id } } }' });
    expect(await query.ended).toEqual({ kind: 'complete' });
    expect(query.results).toEqual([{ data: { viewer: { role: 'SELLER', seller: { id: seller.id } } } }]);
  });

  it('origins as for HTTP: an allowed origin gets the stream with CORS headers; an origin the tenant does not allow is 403', async () => {
    const open = async (origin: string, key: string) => {
      const controller = new AbortController();
      const response = await fetch(t.gateway.url, {
        method: 'POST',
        signal: controller.signal,
        headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${key}`, origin },
        body: JSON.stringify({ query: SUBSCRIPTION }),
      });
      const answer = {
        status: response.status,
        type: response.headers.get('content-type'),
        allowOrigin: response.headers.get('access-control-allow-origin'),
        code: response.status === 200 ? undefined : ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      };
      controller.abort();
      return answer;
    };
    expect(await open(ALLOWED, t.keys.acme)).toEqual({ status: 200, type: 'text/event-stream; charset=utf-8', allowOrigin: ALLOWED, code: undefined });
    expect(await open(GLOBEX_ONLY, t.keys.globex)).toMatchObject({ status: 200, allowOrigin: GLOBEX_ONLY });
    expect(await open(GLOBEX_ONLY, t.keys.acme)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await open('http://stranger.example', t.keys.acme)).toMatchObject({ status: 403, code: 'FORBIDDEN', allowOrigin: null });
  });

  it('a subscription POSTed for JSON is still refused, naming both transports', async () => {
    const response = await t.request(t.keys.acme, SUBSCRIPTION);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/graphql-ws.*text\/event-stream/) });
  });

  it('ends the stream of a revoked session with UNAUTHENTICATED, then complete; the token is refused from then on', async () => {
    const seller = await sellerSession(t);
    const session = await t.request(t.keys.acme, 'mutation($id: ID!) { createSellerSession(input: { sellerId: $id }) { session { id token } } }', {
      id: seller.id,
    });
    const { id, token } = session.data!.createSellerSession.session as { id: string; token: string };
    const w = watch(t, token, { query: SUBSCRIPTION, variables: { after: await mark(t, 'acme', [seller.id]) } });
    const running = `txn_marker_${unique('running')}`;
    await mark(t, 'acme', [seller.id], running);
    await w.marker(running);

    const revoked = await t.request(token, 'mutation($id: ID!) { revokeSellerSession(input: { sessionId: $id }) { revokedSessionId } }', { id });
    expect(revoked.data).toEqual({ revokeSellerSession: { revokedSessionId: id } });
    expect(await w.ended).toEqual({ kind: 'complete' });
    expect(w.results.at(-1)!.errors).toEqual([{ message: 'The session was revoked', extensions: { code: 'UNAUTHENTICATED', requestId: expect.any(String) } }]);
    expect(await watch(t, token, { query: SUBSCRIPTION }).ended).toMatchObject({ kind: 'error', status: 401 });
  });

  it('ends the stream when its session token expires', async () => {
    const seller = await sellerSession(t);
    // Two seconds. On a machine slow enough that the token expires before the stream is admitted, the
    // answer is a 401 with no stream opened: that attempt proves nothing, so it is made again, longer.
    let w: SseWatcher | undefined;
    let expiry = 0;
    for (const ttlSeconds of [2, 8, 32]) {
      const { token, expiresAt } = await t.sessions.issue('acme', seller.id, ttlSeconds);
      w = watch(t, token, { query: SUBSCRIPTION });
      expiry = expiresAt.getTime();
      const opened = await Promise.race([w.opened.then(() => true), w.ended.then(() => false)]);
      if (opened) break;
      // Refused at the door: only an expired token may explain it.
      expect(await w.ended).toMatchObject({ kind: 'error', status: 401 });
      expect(Date.now()).toBeGreaterThanOrEqual(expiry - 50);
    }
    expect(await w!.ended).toEqual({ kind: 'complete' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiry - 50);
    expect(codes(w!)).toEqual([['UNAUTHENTICATED']]);
    expect(w!.results[0]!.errors![0]!.message).toBe('The session token has expired');
  });
});

describe('event streams count under the socket caps', () => {
  const counters = createFanoutCounters();
  let t: TestGateway;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    t = await startTestGateway({ fanoutCounters: counters, env: { WS_MAX_SOCKETS_PER_TENANT: '3', WS_MAX_SOCKETS_PER_SELLER: '2' } });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.terminate();
    await t?.close();
  });

  /** A raw graphql-ws socket acknowledged by the server, kept open. */
  function acknowledged(token: string): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(t.gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      sockets.push(socket);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('message', (data) => (JSON.parse(String(data)).type === 'connection_ack' ? resolve(socket) : reject(new Error(String(data)))));
      socket.on('close', (code) => reject(new Error(`closed with ${code}`)));
    });
  }

  it('a seller’s stream and socket fill its cap of 2: a third stream is 429 RATE_LIMITED, a third socket 4429; a stream closed frees its slot', async () => {
    const seller = await sellerSession(t);
    const stream = watch(t, seller.token, { query: SUBSCRIPTION });
    await stream.opened;
    await acknowledged(seller.token);
    const third = await watch(t, seller.token, { query: SUBSCRIPTION }).ended;
    expect(third).toMatchObject({ kind: 'error', status: 429, body: { errors: [{ extensions: { code: 'RATE_LIMITED' } }] } });
    if (third.kind === 'error') expect(third.body!.errors![0]!.message).toBe('Too many open sockets for this seller (at most 2)');
    expect(await closeCodeAfterInit(t, seller.token)).toBe(4429);

    // The stream running is one member of the fan-out; once it has left, its slot has been given back.
    await counters.until((stats) => stats.shared + stats.alone === 1);
    stream.stop();
    await counters.until((stats) => stats.shared + stats.alone === 0);
    const again = watch(t, seller.token, { query: SUBSCRIPTION });
    await again.opened;
    // The tenant's cap of 3 counts streams too: the seller's two, and one of the key; the next is refused.
    const key = watch(t, t.keys.acme, { query: SUBSCRIPTION });
    await key.opened;
    expect(await watch(t, t.keys.acme, { query: SUBSCRIPTION }).ended).toMatchObject({ kind: 'error', status: 429 });
    expect(await watch(t, t.keys.globex, { query: SUBSCRIPTION }).opened).toBeUndefined();
  });
});

describe('shutdown', () => {
  it('ends every open stream without complete, so its client reconnects elsewhere; the gateway closes without waiting for them', async () => {
    const t = await startTestGateway();
    const w = watch(t, t.keys.globex, { query: SUBSCRIPTION });
    await w.opened;
    await t.close();
    expect(await w.ended).toMatchObject({ kind: 'error', message: 'Connection closed while having active streams' });
  });
});
