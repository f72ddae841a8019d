import { afterAll, beforeAll, expect, it } from 'vitest';
import { ViewerSessionDocument } from '../generated/graphql.js';
import { sellerWithWallet } from '../support/cash-ins.js';
import { data } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * A kept answer is its caller's own down to the token: what a seller session token says of itself
 * (its session id, which signing out needs) is never another session's, though both are the same seller's.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

it("answers each session token with its own session, never another session's of the same seller", async () => {
  const { sellerId } = await sellerWithWallet(t, t.keys.acme);
  const [one, two] = [await t.sessions.issue('acme', sellerId, 3_600), await t.sessions.issue('acme', sellerId, 3_600)];
  expect((await data(t, one.token, ViewerSessionDocument)).viewer.sessionId).toBe(one.id);
  expect((await data(t, one.token, ViewerSessionDocument)).viewer.sessionId, 'a repeat of the same token').toBe(one.id);
  expect((await data(t, two.token, ViewerSessionDocument)).viewer.sessionId, 'the same document, another session of the seller').toBe(two.id);
});
