import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSellerDocument,
  RevokeSellerSessionDocument,
  RevokeSellerSessionsDocument,
  StartSellerSessionDocument,
  ViewerSessionDocument,
} from '../generated/graphql.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { mintToken } from '../support/session-tokens.js';
import { openSocket } from '../support/sockets.js';

/**
 * Seller sessions end before their expiry: a seller signs itself out, a tenant ends one session or
 * all of a seller's. The token is refused from then on and its open sockets close with 4403. (Across
 * two instances: sessions-cluster.test.ts; the token's own checks: test/tenancy/session-tokens.test.ts.)
 */

const SECRET = 'test-session-secret-of-at-least-32-chars';
let t: TestGateway;
let acme: string;
/** OMS calls the gateway made, as "METHOD /path". */
const sent: string[] = [];

beforeAll(async () => {
  t = await startTestGateway({
    omsFetch: (inner) => async (input, init) => {
      sent.push(`${init?.method ?? 'GET'} ${new URL(input instanceof Request ? input.url : String(input)).pathname}`);
      return inner(input, init);
    },
  });
  acme = t.keys.acme;
});
afterAll(() => t?.close());

let counter = 0;
const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;

async function createSeller(token = acme): Promise<string> {
  const { createSeller } = await data(t, token, CreateSellerDocument, {
    input: { firstName: 'Sam', lastName: 'Session', email: `${unique('sam')}@example.com` },
  });
  expect(createSeller.userErrors).toEqual([]);
  return createSeller.seller!.id;
}

async function startSession(sellerId: string, token = acme) {
  const { createSellerSession } = await data(t, token, StartSellerSessionDocument, { input: { sellerId } });
  expect(createSellerSession.userErrors).toEqual([]);
  return createSellerSession.session!;
}

/** The code a request with `token` is answered with: null when it is admitted. */
async function refusal(token: string): Promise<string | null> {
  const response = await send(t, token, ViewerSessionDocument);
  return response.errors?.[0]?.extensions?.code ?? null;
}

describe('a session names itself', () => {
  it('createSellerSession answers the session id, and the token’s viewer names the same; a tenant key has none', async () => {
    const sellerId = await createSeller();
    const session = await startSession(sellerId);
    expect(session.id).toMatch(/^ses_[0-9a-f]{32}$/);
    expect((await data(t, session.token, ViewerSessionDocument)).viewer).toEqual({ role: 'SELLER', sessionId: session.id, seller: { id: sellerId } });
    expect((await data(t, acme, ViewerSessionDocument)).viewer).toEqual({ role: 'TENANT', sessionId: null, seller: null });
  });
});

describe('revokeSellerSession', () => {
  it('a seller signs itself out: its token is refused from then on, its open socket closes with 4403, its other session lives', async () => {
    const sellerId = await createSeller();
    const current = await startSession(sellerId);
    const other = await startSession(sellerId);
    const socket = await openSocket(t.gateway.url, current.token);
    const otherSocket = await openSocket(t.gateway.url, other.token);

    const { revokeSellerSession } = await data(t, current.token, RevokeSellerSessionDocument, { input: { sessionId: current.id } });
    expect(revokeSellerSession).toEqual({ revokedSessionId: current.id, userErrors: [] });
    expect(await socket.closed).toEqual({ code: 4403, reason: 'Forbidden: the session was revoked' });
    expect(await refusal(current.token)).toBe('UNAUTHENTICATED');
    const response = await fetch(t.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${current.token}` },
      body: JSON.stringify({ query: print(ViewerSessionDocument) }),
    });
    expect(response.status).toBe(401);

    expect(await refusal(other.token)).toBeNull();
    // The other session's socket was still open: it ends now by the client's own close (1000), not the server's 4403.
    await otherSocket.dispose();
    expect((await otherSocket.closed).code).toBe(1000);
    await socket.dispose();
  });

  it('the tenant ends one session by id; a second time it is NOT_FOUND', async () => {
    const sellerId = await createSeller();
    const [one, two] = [await startSession(sellerId), await startSession(sellerId)];
    expect((await data(t, acme, RevokeSellerSessionDocument, { input: { sessionId: one.id } })).revokeSellerSession).toEqual({
      revokedSessionId: one.id,
      userErrors: [],
    });
    expect(await refusal(one.token)).toBe('UNAUTHENTICATED');
    expect(await refusal(two.token)).toBeNull();
    expect((await data(t, acme, RevokeSellerSessionDocument, { input: { sessionId: one.id } })).revokeSellerSession).toEqual({
      revokedSessionId: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'sessionId'], message: 'No such session' }],
    });
  });

  it('another tenant’s session, another seller’s (to a seller token) and one never issued are NOT_FOUND alike, and live on', async () => {
    const mine = await createSeller();
    const sibling = await startSession(await createSeller());
    const foreign = await startSession(await createSeller(t.keys.globex), t.keys.globex);
    const token = (await startSession(mine)).token;
    const notFound = { revokedSessionId: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'sessionId'], message: 'No such session' }] };
    const revoke = async (who: string, sessionId: string) => (await data(t, who, RevokeSellerSessionDocument, { input: { sessionId } })).revokeSellerSession;
    expect(await revoke(acme, foreign.id)).toEqual(notFound);
    expect(await revoke(token, foreign.id)).toEqual(notFound);
    expect(await revoke(token, sibling.id)).toEqual(notFound);
    expect(await revoke(acme, `ses_${'0'.repeat(32)}`)).toEqual(notFound);
    expect(await refusal(foreign.token)).toBeNull();
    expect(await refusal(sibling.token)).toBeNull();
  });

  it('names the field of a malformed id, and asks OMS nothing', async () => {
    const before = sent.length;
    for (const sessionId of ['', 'nope', 'cst_0123456789abcdef0123', `ses_${'x'.repeat(65)}`, 'ses_../../etc']) {
      const { revokeSellerSession } = await data(t, acme, RevokeSellerSessionDocument, { input: { sessionId } });
      expect(revokeSellerSession, sessionId).toMatchObject({ revokedSessionId: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'sessionId'] }] });
    }
    expect(sent.slice(before)).toEqual([]);
  });
});

describe('revokeSellerSessions', () => {
  it('ends every session of the seller and closes each of its sockets; another seller’s lives; a session made afterwards works', async () => {
    const sellerId = await createSeller();
    const sessions = [await startSession(sellerId), await startSession(sellerId)];
    const sockets = [await openSocket(t.gateway.url, sessions[0]!.token), await openSocket(t.gateway.url, sessions[1]!.token)];
    const bystander = await startSession(await createSeller());

    const { revokeSellerSessions } = await data(t, acme, RevokeSellerSessionsDocument, { input: { sellerId } });
    expect(revokeSellerSessions.userErrors).toEqual([]);
    expect(revokeSellerSessions.seller).toEqual({ id: sellerId });
    expect([...revokeSellerSessions.revokedSessionIds!].sort()).toEqual(sessions.map((s) => s.id).sort());
    for (const socket of sockets) expect(await socket.closed).toEqual({ code: 4403, reason: 'Forbidden: the session was revoked' });
    for (const session of sessions) expect(await refusal(session.token)).toBe('UNAUTHENTICATED');
    expect(await refusal(bystander.token)).toBeNull();

    const after = await startSession(sellerId);
    expect(await refusal(after.token)).toBeNull();
    expect((await data(t, acme, RevokeSellerSessionsDocument, { input: { sellerId: await createSeller() } })).revokeSellerSessions).toEqual({
      seller: { id: expect.any(String) },
      revokedSessionIds: [],
      userErrors: [],
    });
  });

  it('is FORBIDDEN to a seller token by default (its tenant may open it); revokeSellerSession is not', async () => {
    const sellerId = await createSeller();
    const session = await startSession(sellerId);
    const response = await send(t, session.token, RevokeSellerSessionsDocument, { input: { sellerId } });
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await refusal(session.token)).toBeNull();
  });

  it('answers another tenant’s seller like a missing one, and a malformed id by its field with no OMS call', async () => {
    const foreign = await createSeller(t.keys.globex);
    const foreignSession = await startSession(foreign, t.keys.globex);
    const answer = async (sellerId: string) => (await data(t, acme, RevokeSellerSessionsDocument, { input: { sellerId } })).revokeSellerSessions;
    const missing = await answer('cst_01ZZZZZZZZZZZZZZZZZZZZZZZZ');
    expect(missing).toEqual({
      seller: null,
      revokedSessionIds: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'sellerId'], message: 'No such seller' }],
    });
    expect(await answer(foreign)).toEqual(missing);
    expect(await refusal(foreignSession.token)).toBeNull();
    const before = sent.length;
    expect(await answer('wlt_0123')).toMatchObject({ seller: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'sellerId'] }] });
    expect(sent.slice(before)).toEqual([]);
  });
});

describe('tokens the gateway would not issue', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('a token of ten years, signed with the gateway’s key and its session on record, is refused; the same for an hour is accepted', async () => {
    const sellerId = await createSeller();
    for (const [lifetime, expected] of [
      [10 * 365 * 86_400, 'UNAUTHENTICATED'],
      [86_401, 'UNAUTHENTICATED'],
      [3600, null],
    ] as const) {
      const sessionId = `ses_${unique('long').replace(/[^0-9a-z]/g, '')}`;
      const exp = now() + lifetime;
      await t.sessionStore.record({ id: sessionId, tenantId: 'acme', sellerId, expiresAt: new Date(exp * 1000) });
      const token = await mintToken(SECRET, { sellerId, sessionId, iat: now(), exp });
      expect(await refusal(token), `${lifetime} s`).toBe(expected);
    }
  });

  it('a well-formed token whose session was never recorded is refused (the secret alone mints no session)', async () => {
    expect(await refusal(await mintToken(SECRET, { sellerId: await createSeller(), sessionId: 'ses_neverrecorded00000000' }))).toBe('UNAUTHENTICATED');
  });
});
