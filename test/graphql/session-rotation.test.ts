import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateSellerDocument, SellersDocument, StartSellerSessionDocument, ViewerSessionDocument } from '../generated/graphql.js';
import { createMemorySessionStore } from '../../src/tenancy/session-store.memory.js';
import { keyId } from '../../src/tenancy/session-tokens.js';
import { data, send } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { mintToken } from '../support/session-tokens.js';

/**
 * Rotating SESSION_SECRET: the same sessions on record, seen by a gateway before the rotation (old
 * secret), during it (new secret, old one as SESSION_SECRET_PREVIOUS) and after it (new secret alone).
 */

const OLD = 'the-secret-before-the-rotation-0123456789';
const NEW = 'the-secret-after-the-rotation-0123456789a';
const STRANGER = 'a-secret-no-gateway-was-ever-given-012345';

let before: TestGateway;
let during: TestGateway;
let after: TestGateway;

beforeAll(async () => {
  const sessionStore = createMemorySessionStore();
  before = await startTestGateway({ env: { SESSION_SECRET: OLD }, sessionStore });
  during = await startTestGateway({ env: { SESSION_SECRET: NEW, SESSION_SECRET_PREVIOUS: OLD }, sessionStore });
  after = await startTestGateway({ env: { SESSION_SECRET: NEW }, sessionStore });
});
afterAll(async () => {
  for (const t of [before, during, after]) await t?.close();
});

/** A session made through `t`'s API (so signed with its current secret) for a seller of its sandbox. */
async function sessionOn(t: TestGateway) {
  const { createSeller } = await data(t, t.keys.acme, CreateSellerDocument, { input: { firstName: 'Rota', lastName: 'Tion', email: 'rota@example.com' } });
  const { createSellerSession } = await data(t, t.keys.acme, StartSellerSessionDocument, { input: { sellerId: createSeller.seller!.id } });
  return createSellerSession.session!;
}

/** The code `t` answers a request with `token` with: null when it is admitted (it asks OMS nothing). */
async function refusal(t: TestGateway, token: string): Promise<string | null> {
  const response = await send(t, token, ViewerSessionDocument);
  return response.errors?.[0]?.extensions?.code ?? null;
}

describe('SESSION_SECRET rotation', () => {
  it('during it, tokens signed before it and tokens signed with the new secret are both accepted; after it, only the new', async () => {
    const old = await sessionOn(before);
    const fresh = await sessionOn(during);
    expect(await refusal(during, old.token)).toBeNull();
    expect((await data(during, old.token, ViewerSessionDocument)).viewer.sessionId).toBe(old.id);
    expect(await refusal(during, fresh.token)).toBeNull();
    expect(await refusal(before, fresh.token), 'the old gateway does not know the new key').toBe('UNAUTHENTICATED');
    expect(await refusal(after, old.token), 'the old key is gone').toBe('UNAUTHENTICATED');
    expect(await refusal(after, fresh.token)).toBeNull();
  });

  it('a token signed with a key no gateway has, its session on record, is refused during the rotation whatever key it names', async () => {
    // A session on record, made through the API: only the key its token is signed with differs below.
    const session = await sessionOn(during);
    const { viewer } = await data(during, session.token, ViewerSessionDocument);
    const claims = { sellerId: viewer.seller!.id, sessionId: session.id };
    expect(await refusal(during, await mintToken(NEW, claims)), 'the same minted with the new secret: accepted').toBeNull();
    expect(await refusal(during, await mintToken(OLD, claims)), 'and with the old one').toBeNull();
    // Its own key id, none, and the id of each key the gateway has.
    for (const kid of [undefined, null, keyId(NEW), keyId(OLD)]) {
      expect(await refusal(during, await mintToken(STRANGER, { ...claims, kid })), `kid ${kid}`).toBe('UNAUTHENTICATED');
    }
  });

  it('cursors are sealed with the current secret alone: one given out before the rotation is BAD_USER_INPUT after it (documented)', async () => {
    await sessionOn(before);
    await sessionOn(before);
    const { sellers } = await data(before, before.keys.acme, SellersDocument, { first: 1 });
    const cursor = sellers.pageInfo.endCursor!;
    expect((await send(before, before.keys.acme, SellersDocument, { first: 1, after: cursor })).errors).toBeUndefined();
    const refused = await send(during, during.keys.acme, SellersDocument, { first: 1, after: cursor });
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
