import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventLog } from '../../src/events/event-log.js';
import { createMemoryEventLog } from '../../src/events/memory-log.js';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import type { TransactionStep } from '../../src/webhooks/order.js';
import { deleteKeys } from '../events/redis-support.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { redisTargets } from '../support/redis.js';
import { deliver, envelope, flaky, rawTransaction, seller, subscribe, unique, type FlakyLog, type Seller, type Subscriber } from './support.js';

/**
 * A strict order per transaction, through POST /webhooks/oms/:omsAccountId with deliveries signed
 * here: each case delivers one transaction's events in the order given and asserts exactly what a
 * tenant token watching the seller is pushed (underReview included: compliance goes to tenant
 * tokens), and what was refused, counted by reason. Over the memory log, one Redis and a Redis Cluster.
 */

/** The transaction a step's event carries, as OMS sends it. */
const CARRIED: Record<TransactionStep, { status: string; subStatus: string | null }> = {
  processing: { status: 'processing', subStatus: 'processing.fundsDetected' },
  underReview: { status: 'processing', subStatus: 'processing.underReview' },
  cashPickupReady: { status: 'cashPickupReady', subStatus: null },
  completed: { status: 'completed', subStatus: null },
  failed: { status: 'failed', subStatus: 'failed.bankRejected' },
  refundCompleted: { status: 'failed', subStatus: 'failed.refunded' },
  refundFailed: { status: 'failed', subStatus: 'failed.refundFailed' },
};

type Delivery = [TransactionStep, number?];
interface Case {
  name: string;
  deliveries: Delivery[];
  pushed: TransactionStep[];
  stale?: { sequence?: number; lifecycle?: number };
  duplicate?: number;
}

const CASES: Case[] = [
  {
    name: 'processing at sequence 5, then completed without one: both pushed',
    deliveries: [['processing', 5], ['completed']],
    pushed: ['processing', 'completed'],
  },
  {
    name: 'completed then failed without sequences: only the first terminal status',
    deliveries: [['completed'], ['failed']],
    pushed: ['completed'],
    stale: { lifecycle: 1 },
  },
  {
    name: 'an underReview hold after processing',
    deliveries: [['processing'], ['underReview'], ['completed']],
    pushed: ['processing', 'underReview', 'completed'],
  },
  { name: 'no underReview hold after completed', deliveries: [['completed'], ['underReview']], pushed: ['completed'], stale: { lifecycle: 1 } },
  { name: 'refundCompleted after failed', deliveries: [['processing'], ['failed'], ['refundCompleted']], pushed: ['processing', 'failed', 'refundCompleted'] },
  { name: 'no refundCompleted after completed', deliveries: [['completed'], ['refundCompleted']], pushed: ['completed'], stale: { lifecycle: 1 } },
  {
    name: 'no refundFailed after refundCompleted',
    deliveries: [['failed'], ['refundCompleted'], ['refundFailed']],
    pushed: ['failed', 'refundCompleted'],
    stale: { lifecycle: 1 },
  },
  { name: 'the same status twice without a sequence: a duplicate', deliveries: [['processing'], ['processing']], pushed: ['processing'], duplicate: 1 },
  {
    name: 'the same status at a higher sequence: news',
    deliveries: [
      ['processing', 1],
      ['processing', 2],
    ],
    pushed: ['processing', 'processing'],
  },
  {
    name: 'out of order by sequence: the late ones are stale',
    deliveries: [
      ['completed', 3],
      ['underReview', 2],
      ['processing', 1],
    ],
    pushed: ['completed'],
    stale: { sequence: 2 },
  },
];

const LOGS: { name: string; open: () => { log: EventLog; cleanup: () => Promise<void> } }[] = [
  { name: 'memory', open: () => ({ log: createMemoryEventLog(), cleanup: async () => {} }) },
  ...redisTargets.map(([name, target]) => ({
    name,
    open: () => {
      const prefix = `test-order-${randomUUID()}`;
      return { log: createRedisEventLog({ url: target(), prefix }), cleanup: () => deleteKeys(target(), `${prefix}:*`) };
    },
  })),
];

describe.each(LOGS)('a strict order per transaction through the webhook route ($name log)', ({ open }) => {
  let t: TestGateway;
  let log: FlakyLog;
  let cleanup: () => Promise<void>;
  let s: Seller;
  let watching: Subscriber;
  beforeAll(async () => {
    const opened = open();
    cleanup = opened.cleanup;
    log = flaky(opened.log);
    t = await startTestGateway({ events: log });
    s = await seller(t, 'acme');
    watching = await subscribe(t, t.keys.acme, { tenant: 'acme', sellerId: s.id }, { sellerId: s.id });
  });
  afterEach(() => {
    watching.received.length = 0;
  });
  afterAll(async () => {
    await watching?.close();
    await t?.close();
    await cleanup?.();
  });

  const body = (id: string, [step, sequence]: Delivery) =>
    envelope(`transaction.fiatToCrypto.${step}`, rawTransaction({ id, customerId: s.id, ...CARRIED[step] }), sequence === undefined ? {} : { sequence });
  const stale = async () => ({ sequence: await log.staleCount('acme', 'sequence'), lifecycle: await log.staleCount('acme', 'lifecycle') });

  it.each(CASES)('$name', async ({ deliveries, pushed, stale: refused = {}, duplicate = 0 }) => {
    const id = `txn_${unique('order')}`;
    const [staleBefore, before] = [await stale(), t.webhooks.stats()];
    for (const delivery of deliveries) expect((await deliver(t, body(id, delivery))).status).toBe(200);

    const got = await watching.quiet();
    expect(got.map((p) => `${p.transaction.id} ${p.event}`)).toEqual(pushed.map((step) => `${id} transaction.fiatToCrypto.${step}`));
    const after = t.webhooks.stats();
    expect({ appended: after.appended - before.appended, duplicate: after.duplicate - before.duplicate, stale: after.stale - before.stale }).toEqual({
      appended: pushed.length,
      duplicate,
      stale: (refused.sequence ?? 0) + (refused.lifecycle ?? 0),
    });
    const staleAfter = await stale();
    expect({ sequence: staleAfter.sequence - staleBefore.sequence, lifecycle: staleAfter.lifecycle - staleBefore.lifecycle }).toEqual({
      sequence: refused.sequence ?? 0,
      lifecycle: refused.lifecycle ?? 0,
    });
  });

  it('pushes once five concurrent deliveries of one change under five event ids (same transaction and sequence)', async () => {
    const id = `txn_${unique('five')}`;
    const before = t.webhooks.stats();
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(t, body(id, ['completed', 2]))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await watching.quiet()).map((p) => `${p.transaction.id} ${p.event}`)).toEqual([`${id} transaction.fiatToCrypto.completed`]);
    const after = t.webhooks.stats();
    expect({ appended: after.appended - before.appended, duplicate: after.duplicate - before.duplicate, stale: after.stale - before.stale }).toEqual({
      appended: 1,
      duplicate: 4,
      stale: 0,
    });
  });

  it('orders a cash-in by its sequence where there is one, else by its status rank', async () => {
    const id = `ci_${unique('order')}`;
    const cashIn = (status: string) => ({
      id,
      object: 'cashIn',
      status,
      customerId: s.id,
      source: { asset: 'usd', network: 'cash', indicatedAmount: '20.00' },
      destination: { wallet: { wallet: 'wlt_test' }, asset: 'usdc', network: 'polygon' },
      cash: {},
      depositInstructions: { code: '1234', expiresAt: new Date().toISOString() },
      omsFeeSchedule: { feeCurrency: 'usd', entries: [] },
      createdAt: new Date().toISOString(),
    });
    const deliveries: [string, number?][] = [
      ['processing', 5],
      ['completed'], // no sequence to compare: rank 3 after 2, taken
      ['expired', 6],
      ['pending', 7], // refreshed: the sequence decides, though the rank falls
      ['processing'], // no sequence: rank 2 after 1, taken
      ['pending'], // rank 1 after 2: stale
    ];
    const eventIds: string[] = [];
    for (const [status, sequence] of deliveries) {
      const eventId = `whk_evt_${unique('ci')}`;
      eventIds.push(eventId);
      const delivery = envelope(`cashIn.${status}`, cashIn(status), sequence === undefined ? { id: eventId } : { id: eventId, sequence });
      expect((await deliver(t, delivery)).status).toBe(200);
    }
    const outcomes = eventIds.map((eventId) => {
      const { result } = log.accepted.find((a) => a.guard.eventId === eventId)!;
      return result.outcome === 'stale' ? `stale:${result.reason}` : result.outcome;
    });
    expect(outcomes).toEqual(['appended', 'appended', 'appended', 'appended', 'appended', 'stale:position']);
  });
});
