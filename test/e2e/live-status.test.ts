import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookFaults } from '../../src/sandbox/faults.js';
import type { Delivery } from '../../src/sandbox/webhooks/sender.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { redisServer, type RedisServer } from '../support/redis-server.js';
import { redisUrl } from '../support/redis.js';
import {
  deposit,
  movesForward,
  seller,
  signalled,
  statusesOf,
  subscribe,
  summary,
  uniquePrefix,
  type Pushed,
  type Seller,
  type Subscriber,
  type Who,
} from './support.js';

/**
 * Live status end to end: the OMS (the sandbox over HTTP, treated as a real OMS) delivers real
 * signed webhooks to instance A (0); every instance reads the per-tenant log in one real Redis, and
 * real graphql-ws clients subscribed on any instance see each deposit's status changes.
 */

const A = 0;
const B = 1;
const open: Subscriber[] = [];

async function listen(c: Cluster, instance: number, token: string, who: Who, variables: { after?: string; sellerId?: string } = {}): Promise<Subscriber> {
  const subscriber = await subscribe(c, instance, token, who, variables);
  open.push(subscriber);
  return subscriber;
}

const closeOpen = () => Promise.all(open.splice(0).map((s) => s.close()));

/** Until the subscriber has seen `transactionId` reach completed. */
const completedOf = (transactionId: string) => (pushed: Pushed[]) => pushed.some((p) => p.transaction.id === transactionId && p.event.endsWith('.completed'));
const completedAll = (transactionIds: string[]) => (pushed: Pushed[]) => transactionIds.every((id) => completedOf(id)(pushed));

async function hookIds(c: Cluster): Promise<{ normal: string; compliance: string }> {
  const { data: hooks } = await c.admin.webhooks.list();
  return { normal: hooks.find((h) => !h.complianceOnly)!.id, compliance: hooks.find((h) => h.complianceOnly)!.id };
}

async function deliveriesOf(c: Cluster, transactionIds: string[]): Promise<Delivery[]> {
  const { normal, compliance } = await hookIds(c);
  return [...c.oms.sandbox.webhooks.deliveries(normal), ...c.oms.sandbox.webhooks.deliveries(compliance)].filter((d) => transactionIds.includes(d.objectId));
}

describe('live status over two instances sharing one Redis', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster({ redisUrl: redisUrl(), prefix: uniquePrefix('live') });
  });
  afterEach(async () => {
    c.oms.sandbox.faults.clear();
    await c.oms.sandbox.idle();
    await closeOpen();
  });
  afterAll(async () => {
    await closeOpen();
    await c?.close();
  });

  it('pushes processing then completed of a 500.00 deposit reaching A to its seller on B, with the OMS amounts, and nothing to a neighbour or another tenant', async () => {
    const s = await seller(c, 'acme', B);
    const neighbour = await seller(c, 'acme', A);
    const stranger = await seller(c, 'globex', A);
    const own = await listen(c, B, s.token, { tenant: 'acme', sellerId: s.id });
    const theirs = await listen(c, B, neighbour.token, { tenant: 'acme', sellerId: neighbour.id });
    const other = await listen(c, A, c.keys.globex, { tenant: 'globex' });
    // Connected and live before the deposit: each has its own marker and nothing else.
    for (const subscriber of [own, theirs, other]) expect(await subscriber.quiet()).toEqual([]);

    const txn = await deposit(c, s, '500.00');
    const pushed = await own.until(`completed of ${txn}`, completedOf(txn));
    expect(summary(pushed)).toEqual([`processing ${txn}`, `completed ${txn}`]);
    await c.oms.sandbox.idle();
    expect(summary(await own.quiet()), 'each status exactly once').toEqual([`processing ${txn}`, `completed ${txn}`]);

    // The amounts pushed are the OMS's own: 500.00 gross, the virtual account's 1.00 fixed fee, no developer fee.
    const oms = await c.admin.transactions.get(txn);
    expect({ gross: oms.source.amountGross, net: oms.source.amountNet }).toEqual({ gross: '500.00', net: '499.00' });
    for (const [p, status, subStatus] of [
      [pushed[0]!, 'PROCESSING', 'processing.fundsDetected'],
      [pushed[1]!, 'COMPLETED', null],
    ] as const) {
      expect(p.transaction).toEqual({
        id: txn,
        status,
        subStatus,
        seller: { id: s.id },
        source: {
          amountGross: '500.00',
          amountNet: '499.00',
          fees: oms.source.feesDeducted,
        },
        destination: { amountGross: oms.destination.amountGross, amountNet: oms.destination.amountNet },
      });
    }
    expect(pushed[1]!.transaction.source.fees).toEqual({ total: '1.00', developer: '0.00', oms: '1.00', gas: '0.00' });
    expect(oms.status).toBe('completed');

    // Silence proven by their own deposits: the log is ordered, so anything of txn meant for them would have come first.
    const neighbourTxn = await deposit(c, neighbour, '500.00');
    const strangerTxn = await deposit(c, stranger, '500.00');
    await theirs.until(`completed of ${neighbourTxn}`, completedOf(neighbourTxn));
    await other.until(`completed of ${strangerTxn}`, completedOf(strangerTxn));
    await c.oms.sandbox.idle();
    expect(summary(await theirs.quiet())).toEqual([`processing ${neighbourTxn}`, `completed ${neighbourTxn}`]);
    expect(summary(await other.quiet())).toEqual([`processing ${strangerTxn}`, `completed ${strangerTxn}`]);
    expect(summary(await own.quiet())).toEqual([`processing ${txn}`, `completed ${txn}`]);
  });

  describe('faulty deliveries: each status at most once, never backwards, ending completed', () => {
    let s: Seller;
    beforeAll(async () => {
      s = await seller(c, 'acme', A);
    });

    const scenarios: { name: string; faults: WebhookFaults; amount: '500.00' | '77.77' }[] = [
      { name: 'every delivery duplicated', faults: { duplicateRate: 1 }, amount: '500.00' },
      { name: 'every delivery delayed', faults: { delayMs: 40 }, amount: '500.00' },
      { name: 'deliveries reordered', faults: { reorderWindowMs: 60 }, amount: '500.00' },
      { name: 'dup+delay+reorder', faults: { duplicateRate: 1, delayMs: 40, reorderWindowMs: 60 }, amount: '500.00' },
      { name: '77.77 duplicated and delayed', faults: { duplicateRate: 1, delayMs: 40 }, amount: '77.77' },
      { name: '77.77 dup+delay+reorder', faults: { duplicateRate: 1, delayMs: 40, reorderWindowMs: 60 }, amount: '77.77' },
    ];

    // 77.77 is held for review: processing, underReview, completed (underReview to tenant tokens alone).
    it.each(scenarios)('$name, to a tenant token on B', async ({ faults, amount }) => {
      const tenant = await listen(c, B, c.keys.acme, { tenant: 'acme' });
      expect(await tenant.quiet()).toEqual([]);
      const before = c.webhooks[A]!.stats();
      const staleBefore = await c.events[A]!.staleCount('acme');
      c.oms.sandbox.faults.webhooks = faults;

      const txns = await Promise.all([deposit(c, s, amount), deposit(c, s, amount), deposit(c, s, amount)]);
      await c.oms.sandbox.idle();
      await tenant.until('every deposit completed', completedAll(txns));
      const pushed = await tenant.quiet();

      expect(new Set(pushed.map((p) => p.transaction.id)), 'only these deposits').toEqual(new Set(txns));
      for (const txn of txns) {
        const statuses = statusesOf(pushed, txn);
        expect(movesForward(statuses), `${txn}: ${statuses.join(', ')}`).toBe(true);
        expect(statuses.at(-1)).toBe('completed');
        const completed = pushed.find((p) => p.transaction.id === txn && p.event.endsWith('.completed'))!;
        expect(completed.transaction).toMatchObject({ status: 'COMPLETED', source: { amountGross: amount } });
      }

      // Every event OMS published reached the log exactly once: appended (and pushed) or, arriving
      // behind its transaction, counted stale; every extra copy was a duplicate.
      const published = (amount === '77.77' ? 3 : 2) * txns.length;
      const after = c.webhooks[A]!.stats();
      const stale = after.stale - before.stale;
      expect(after.appended - before.appended).toBe(pushed.length);
      expect(pushed.length + stale).toBe(published);
      // The log's own count also holds balance reads that lost a race to a newer one (logged apart from OMS's events).
      expect(await c.events[A]!.staleCount('acme')).toBe(staleBefore + stale + after.balances.stale - before.balances.stale);
      expect(after.duplicate - before.duplicate).toBe(faults.duplicateRate ? published : 0);
      // processing and completed of a 500.00 deposit are published 20 ms apart; only reordering swaps them.
      // (underReview is published with processing, to the other subscription, so those two may cross.)
      if (!faults.reorderWindowMs && amount === '500.00') expect(stale, 'nothing reordered, nothing stale').toBe(0);

      const deliveries = await deliveriesOf(c, txns);
      expect(deliveries.length).toBe(faults.duplicateRate ? 2 * published : published);
      expect(deliveries.every((d) => d.state === 'delivered')).toBe(true);
      expect(deliveries.filter((d) => d.duplicate).length).toBe(faults.duplicateRate ? published : 0);
    });
  });

  // Alone, the client's leaving stops B's reader and resuming starts a new one; with another
  // subscriber on B, the resumed subscription joins a reader that kept reading meanwhile.
  it.each([
    { name: 'alone on B', keeper: false },
    { name: 'while another subscriber on B stays', keeper: true },
  ])('a client disconnected during a burst resumes with its last cursor: every missed event once, no gap, no repeat ($name)', async ({ keeper }) => {
    const s = await seller(c, 'acme', A);
    const first = await listen(c, B, c.keys.acme, { tenant: 'acme' });
    expect(await first.quiet()).toEqual([]);
    const stays = keeper ? await listen(c, B, c.keys.acme, { tenant: 'acme' }) : undefined;
    if (stays) expect(await stays.quiet()).toEqual([]);

    const burst: Promise<string>[] = [];
    for (let i = 0; i < 5; i += 1) burst.push(deposit(c, s, '500.00'));
    const k = 3;
    await first.until(`${k} events`, (r) => r.length >= k);
    await first.close();
    const before = [...first.received];
    const lastCursor = first.cursors.at(-1)!;
    // The rest of the burst happens while it is away.
    for (let i = 0; i < 5; i += 1) burst.push(deposit(c, s, '500.00'));
    const txns = await Promise.all(burst);
    await c.oms.sandbox.idle();
    expect(before.length).toBeGreaterThanOrEqual(k);
    expect(before.length).toBeLessThan(2 * txns.length);

    const resumed = await listen(c, B, c.keys.acme, { tenant: 'acme' }, { after: lastCursor });
    await resumed.until('the rest of the burst', (r) => before.length + r.length >= 2 * txns.length, 5_000);
    const after = await resumed.quiet();

    const all = [...before, ...after];
    const pairs = all.map((p) => `${p.transaction.id} ${p.event.split('.').pop()}`);
    expect(new Set(pairs).size, 'no repeat').toBe(pairs.length);
    expect(new Set(pairs)).toEqual(new Set(txns.flatMap((txn) => [`${txn} processing`, `${txn} completed`])));
    expect(all.map((p) => p.cursor)).toEqual([...all.map((p) => p.cursor)].sort(compareCursors));
    expect(new Set(all.map((p) => p.cursor)).size).toBe(all.length);
    expect(compareCursors(after[0]!.cursor, lastCursor)).toBe(1);
    for (const txn of txns) expect(statusesOf(all, txn)).toEqual(['processing', 'completed']);
    if (stays) expect((await stays.quiet()).map((p) => p.cursor)).toEqual(all.map((p) => p.cursor));
  });
});

describe('Redis stopped while webhooks arrive', () => {
  let redis: RedisServer;
  let c: Cluster;
  const answers: number[] = [];
  const answered = signalled();

  beforeAll(async () => {
    redis = await redisServer();
    c = await startCluster({
      redisUrl: redis.url,
      prefix: uniquePrefix('outage'),
      sandbox: {
        webhooks: {
          // Frequent retries, for a few seconds more than the outage lasts.
          retryDelaysMs: [0, 100, 200, 300, 400, 500, 500, 500, 1_000, 1_000, 1_000, 2_000, 2_000, 3_000],
          // The route's answers, as they come, so the test waits on them rather than on time.
          fetch: async (input, init) => {
            const response = await fetch(input, init);
            answers.push(response.status);
            answered.notify();
            return response;
          },
        },
      },
    });
  });
  afterAll(async () => {
    await closeOpen();
    await c?.close();
    await redis?.stop();
  });

  it('answers 503 while Redis is away; once it is back the retries are taken and each event reaches subscribers on A and B exactly once', async () => {
    const s = await seller(c, 'acme', A);
    const onB = await listen(c, B, c.keys.acme, { tenant: 'acme' });
    const onA = await listen(c, A, c.keys.acme, { tenant: 'acme' });
    const warm = await deposit(c, s, '500.00');
    await onB.until(`completed of ${warm}`, completedOf(warm));
    await c.oms.sandbox.idle();

    await redis.stop();
    const unavailableBefore = c.webhooks[A]!.stats().unavailable;
    const refusedBefore = answers.filter((a) => a === 503).length;
    const txns = [await deposit(c, s, '500.00'), await deposit(c, s, '500.00')];
    // Redis comes back only once the route has refused 8 attempts: at least the first of each event, and retries.
    await answered.until('8 answers of 503', () => answers.filter((a) => a === 503).length - refusedBefore >= 8, 10_000);
    expect(c.webhooks[A]!.stats().unavailable - unavailableBefore).toBeGreaterThanOrEqual(8);
    await redis.start();
    await c.oms.sandbox.idle();

    const deliveries = await deliveriesOf(c, txns);
    expect(deliveries.map((d) => `${d.event.split('.').pop()} ${d.state}`).sort()).toEqual([
      'completed delivered',
      'completed delivered',
      'processing delivered',
      'processing delivered',
    ]);
    for (const d of deliveries) {
      const statuses = d.attempts.map((a) => a.status);
      expect(statuses[0], `${d.event} ${d.objectId}: ${statuses.join(', ')}`).toBe(503);
      expect(statuses.at(-1)).toBe(200);
      expect(statuses.slice(0, -1).every((status) => status === 503)).toBe(true);
    }

    // The warm-up deposit came before the outage, in order. After it, the retries come in whatever
    // order each attempt's wait produced: an event behind its transaction is stale, by design, so each
    // event was taken exactly once, pushed or counted stale (Redis lost the counter with its data).
    const stale = await c.events[A]!.staleCount('acme');
    for (const subscriber of [onB, onA]) {
      await subscriber.until('every deposit completed', completedAll(txns), 10_000);
      const pushed = await subscriber.quiet(10_000);
      expect(new Set(pushed.map((p) => p.transaction.id))).toEqual(new Set([warm, ...txns]));
      expect(statusesOf(pushed, warm)).toEqual(['processing', 'completed']);
      for (const txn of txns) {
        const statuses = statusesOf(pushed, txn);
        expect(movesForward(statuses), `${txn}: ${statuses.join(', ')}`).toBe(true);
        expect(statuses.at(-1)).toBe('completed');
      }
      expect(pushed.length - 2 + stale, `pushed ${JSON.stringify(summary(pushed))}, stale ${stale}`).toBe(2 * txns.length);
    }
  });
});

function compareCursors(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? (as === bs ? 0 : as > bs ? 1 : -1) : am > bm ? 1 : -1;
}
