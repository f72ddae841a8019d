import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExecuteQuoteDocument } from '../generated/graphql.js';
import { send } from '../support/documents.js';
import { available, depositInto, quote, sellerOf, type PayoutGateway, startPayoutGateway } from '../support/payouts.js';
import { unique } from '../webhooks/support.js';

/**
 * A write whose answer was lost may have happened all the same: once the mutation answered, however
 * it answered, nothing cached from before the write is shown. Here OMS executes the quote (the wallet
 * is debited at once) and every answer to it is lost; OMS's webhooks are held back, so only the
 * mutation itself can have renewed the cache.
 */

let t: PayoutGateway;
beforeAll(async () => {
  t = await startPayoutGateway();
});
afterAll(async () => {
  await t?.close();
});

it('shows no balance from before an executeQuote whose answer was lost', async () => {
  const s = await sellerOf(t);
  await depositInto(t, s, '100.00');
  await t.sandbox.idle();
  const { quote: made } = await quote(t, s, { sourceAmount: '10.00', destinationBlockchainAddress: `0x${'ab'.repeat(20)}` });
  expect(made, 'quoted').not.toBeNull();
  expect(await available(t, s.walletId)).toBe('99.00');
  const kept = t.gateway.answerCounts!.hits;
  expect(await available(t, s.walletId), 'now cached').toBe('99.00');
  expect(t.gateway.answerCounts!.hits - kept, 'the kept answer').toBe(1);

  // No webhook reaches the gateway during the story; every answer to the execution is lost after the work.
  t.sandbox.faults.webhooks = { delayMs: 600_000 };
  const lose = t.sandbox.faults.add({ method: 'POST', path: '/transactions', status: 500, phase: 'after', times: 100 });
  const executed = await send(t, t.keys.acme, ExecuteQuoteDocument, { input: { quoteId: made!.id, idempotencyKey: unique('execute') } });
  lose();
  expect(executed.data?.executeQuote?.transaction ?? null, JSON.stringify(executed)).toBeNull();
  const atOms = await t.oms.wallets.balance(s.walletId);
  expect(atOms.balance, 'OMS debited the wallet').toBe('89.00');

  expect(await available(t, s.walletId)).toBe('89.00');
});
