import { afterAll, beforeAll, expect, it } from 'vitest';
import { ViewerDocument, WalletBalanceDocument } from '../generated/graphql.js';
import { sellerWithWallet } from '../support/cash-ins.js';
import { data } from '../support/documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { missingIdLike } from '../support/isolation.js';

/**
 * Kept answers (src/graphql/response-cache.ts) are the caller's own: the same document and variables
 * from another seller or tenant run for that caller; an answer built from anything but the caller's
 * cached objects (someone else's id, a missing one) is never kept, so it costs what it cost the first time.
 */

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(async () => {
  await t?.close();
});

async function token(sellerId: string): Promise<string> {
  return (await t.sessions.issue('acme', sellerId, 3_600)).token;
}

it('keeps an answer per caller: another seller or tenant asking the same gets its own', async () => {
  const [a, b] = [await sellerWithWallet(t, t.keys.acme), await sellerWithWallet(t, t.keys.acme)];
  const [ta, tb] = [await token(a.sellerId), await token(b.sellerId)];
  const counts = t.gateway.answerCounts!;
  const seen = async (who: string) => (await data(t, who, ViewerDocument)).viewer;

  expect((await seen(ta)).seller?.id).toBe(a.sellerId);
  const hits = counts.hits;
  expect((await seen(ta)).seller?.id, 'a repeat, kept').toBe(a.sellerId);
  expect(counts.hits - hits).toBe(1);
  expect((await seen(tb)).seller?.id, 'the same document, another seller').toBe(b.sellerId);
  expect(await seen(t.keys.acme)).toMatchObject({ role: 'TENANT', tenant: { id: 'acme' }, seller: null });
  expect(await seen(t.keys.globex)).toMatchObject({ role: 'TENANT', tenant: { id: 'globex' }, seller: null });
  expect((await seen(tb)).seller?.id).toBe(b.sellerId);
  expect(counts.hits - hits, 'only the repeats of one caller were answered from what was kept').toBe(2);
});

it('never keeps an answer about someone else’s object or a missing one', async () => {
  const mine = await sellerWithWallet(t, t.keys.acme);
  const theirs = await sellerWithWallet(t, t.keys.globex);
  const counts = t.gateway.answerCounts!;
  await t.sandbox.idle();
  const before = { ...counts };
  for (const id of [theirs.walletId, missingIdLike(theirs.walletId), theirs.walletId, missingIdLike(theirs.walletId)]) {
    expect((await data(t, t.keys.acme, WalletBalanceDocument, { id })).wallet).toBeNull();
  }
  expect({ hits: counts.hits - before.hits, stored: counts.stored - before.stored }).toEqual({ hits: 0, stored: 0 });
  // The caller's own is kept, as a marker that the same path keeps what it may.
  await data(t, t.keys.acme, WalletBalanceDocument, { id: mine.walletId });
  await data(t, t.keys.acme, WalletBalanceDocument, { id: mine.walletId });
  expect({ hits: counts.hits - before.hits, stored: counts.stored - before.stored }).toEqual({ hits: 1, stored: 1 });
});
