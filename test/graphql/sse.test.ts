import type { Client as WsClient } from 'graphql-ws';
import type { Client } from 'graphql-sse';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compareCursors } from '../../src/events/cursor.js';
import { createFanoutCounters } from '../../src/graphql/subscription/counters.js';
import { transaction as transactionSchema } from '../../src/oms/schemas/index.js';
import { wsClient } from '../door/support.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { missingIdLike } from '../support/isolation.js';
import { appendMarker, MARKER } from '../support/markers.js';
import { type Pushed, type SseWatcher, sseClient, watchSse } from '../support/sse.js';
import { rawTransaction, seller, simulateDeposit, unique, type Seller } from '../webhooks/support.js';

/**
 * Subscriptions over Server-Sent Events, spoken by graphql-sse's own client on Node's fetch, as a
 * dashboard on Apollo Client, urql or Relay would: deposits simulated in the sandbox reach the
 * gateway as real signed webhooks, and the stream on the same /graphql pushes their statuses, with
 * the same ownership, filters, resume cursor and fan-out as graphql-ws. Silence is proven by markers.
 */

const BY_ACCOUNT = `subscription($after: String, $virtualAccountId: ID, $sellerId: ID) {
  transactionUpdated(after: $after, virtualAccountId: $virtualAccountId, sellerId: $sellerId) { cursor event transaction { id status } }
}`;

const clients: Client[] = [];
const watchers: SseWatcher[] = [];
afterEach(() => {
  for (const w of watchers.splice(0)) w.stop();
  for (const c of clients.splice(0)) c.dispose();
});

function client(t: TestGateway, token: string): Client {
  const made = sseClient(t.gateway.url, token);
  clients.push(made);
  return made;
}

function watch(t: TestGateway, token: string, variables: Record<string, unknown>, query = BY_ACCOUNT): SseWatcher {
  const watcher = watchSse(client(t, token), { query, variables });
  watchers.push(watcher);
  return watcher;
}

/** Appends a marker to `tenant`'s log for these sellers (and virtual account), as the webhook router logs an event; answers its id and cursor. */
async function mark(t: TestGateway, tenant: string, sellerIds: string[], virtualAccountId: string | null = null) {
  const id = `txn_marker_${unique('sse')}`;
  const transaction = transactionSchema.parse(rawTransaction({ id, customerId: sellerIds[0] ?? 'cst_marker', status: 'completed' }));
  return { id, cursor: await appendMarker(t.events, { tenantId: tenant, sellerIds, virtualAccountId, transaction }) };
}

/** What came before a fresh marker of the same shape: everything the subscription will ever get of what was logged before. */
async function quiet(t: TestGateway, w: SseWatcher, tenant: string, sellerIds: string[], virtualAccountId: string | null = null): Promise<Pushed[]> {
  const { id } = await mark(t, tenant, sellerIds, virtualAccountId);
  await w.marker(id);
  return w.pushed();
}

/** A completed transaction of the seller, logged for its tenant as the webhook router would; answers its id and cursor. */
async function logTransaction(t: TestGateway, s: Seller): Promise<{ id: string; cursor: string }> {
  const id = `txn_${unique('logged')}`;
  const transaction = transactionSchema.parse(rawTransaction({ id, customerId: s.id, status: 'completed' }));
  const result = await t.events.accept(
    {
      kind: 'transaction',
      event: 'transaction.fiatToCrypto.completed',
      occurredAt: new Date().toISOString(),
      tenantId: s.tenant,
      sellerIds: [s.id],
      virtualAccountId: s.vaId,
      compliance: false,
      transaction,
    },
    { eventId: `evt_${id}`, objectId: id, position: 0 },
  );
  if (result.outcome !== 'appended') throw new Error(`the event was ${result.outcome}, expected appended`);
  return { id, cursor: result.cursor };
}

const summary = (pushed: Pushed[]) => pushed.map((p) => `${p.transaction.status} ${p.transaction.id}`);
const completed = (w: SseWatcher, count: number) => () => w.pushed().filter((p) => p.transaction.status === 'COMPLETED').length >= count;

describe('subscriptions over Server-Sent Events on /graphql', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t?.close());

  it('a seller token subscribes to its deposit’s status and gets PROCESSING then COMPLETED, each once', async () => {
    const s = await seller(t, 'acme');
    const from = await mark(t, 'acme', [s.id], s.vaId);
    const w = watch(t, s.token, { virtualAccountId: s.vaId, after: from.cursor });
    await w.opened;

    await simulateDeposit(t, s, '500.00');
    await w.until(completed(w, 1), 'the deposit’s COMPLETED');
    const [processing, done] = w.pushed();
    expect(processing).toMatchObject({ event: 'transaction.fiatToCrypto.processing', transaction: { status: 'PROCESSING' } });
    expect(done).toMatchObject({ event: 'transaction.fiatToCrypto.completed', transaction: { id: processing!.transaction.id, status: 'COMPLETED' } });
    expect(compareCursors(done!.cursor, processing!.cursor)).toBeGreaterThan(0);
    await t.sandbox.idle();
    expect(summary(await quiet(t, w, 'acme', [s.id], s.vaId)), 'each status once, nothing else').toEqual(summary([processing!, done!]));
    expect(w.results.every((r) => r.errors === undefined)).toBe(true);
  });

  it('resumes with `after`: what was logged while away comes, and nothing twice', async () => {
    const s = await seller(t, 'acme');
    // The tenant's dashboard stays connected: it tells when the second deposit has been logged.
    const keeper = watch(t, t.keys.acme, { sellerId: s.id, after: (await mark(t, 'acme', [s.id])).cursor });
    const first = watch(t, s.token, { virtualAccountId: s.vaId, after: (await mark(t, 'acme', [s.id], s.vaId)).cursor });
    await simulateDeposit(t, s, '10.00');
    await first.until(completed(first, 1), 'the first deposit’s COMPLETED');
    const [firstProcessing, firstCompleted] = first.pushed();
    first.stop();
    await first.ended;

    await simulateDeposit(t, s, '20.00');
    await keeper.until(completed(keeper, 2), 'the second deposit’s COMPLETED');
    await t.sandbox.idle();
    const second = keeper.pushed().slice(2);
    expect(summary(second)).toEqual([`PROCESSING ${second[0]!.transaction.id}`, `COMPLETED ${second[0]!.transaction.id}`]);

    // From the last cursor received: the second deposit alone.
    const resumed = watch(t, s.token, { virtualAccountId: s.vaId, after: firstCompleted!.cursor });
    expect(summary(await quiet(t, resumed, 'acme', [s.id], s.vaId))).toEqual(summary(second));
    // From the first one's PROCESSING: its COMPLETED, then the second deposit; no PROCESSING of the first again.
    const earlier = watch(t, s.token, { virtualAccountId: s.vaId, after: firstProcessing!.cursor });
    expect(summary(await quiet(t, earlier, 'acme', [s.id], s.vaId))).toEqual(summary([firstCompleted!, ...second]));
  });

  describe('another tenant’s or seller’s id answers exactly like a missing one', () => {
    let A1: Seller;
    let A2: Seller;
    let G1: Seller;
    beforeAll(async () => {
      [A1, A2, G1] = [await seller(t, 'acme'), await seller(t, 'acme'), await seller(t, 'globex')];
    });

    /** What a subscription of `who` with `variables` gets while A1's deposit is logged: results and how it ended, in order, request ids aside. */
    async function answer(who: { token: string; tenant: string; sellerId?: string }, variables: { sellerId?: string; virtualAccountId?: string }) {
      const sellers = [...(who.sellerId ? [who.sellerId] : []), ...(variables.sellerId ? [variables.sellerId] : [])];
      const va = variables.virtualAccountId ?? null;
      const w = watch(t, who.token, { ...variables, after: (await mark(t, who.tenant, sellers, va)).cursor });
      await w.marker((await mark(t, who.tenant, sellers, va)).id); // running
      await logTransaction(t, A1);
      await w.marker((await mark(t, who.tenant, sellers, va)).id); // everything logged before has come
      return JSON.parse(JSON.stringify(w.results, (key, value) => (key === 'requestId' ? undefined : value)));
    }

    it('a seller token naming its neighbour, a tenant key naming another tenant’s seller or account: silence, as for an id nobody has', async () => {
      const cases = [
        { who: { token: A2.token, tenant: 'acme', sellerId: A2.id }, variables: (id: string) => ({ sellerId: id }), target: A1.id },
        { who: { token: A2.token, tenant: 'acme', sellerId: A2.id }, variables: (id: string) => ({ virtualAccountId: id }), target: A1.vaId },
        { who: { token: G1.token, tenant: 'globex', sellerId: G1.id }, variables: (id: string) => ({ sellerId: id }), target: A1.id },
        { who: { token: t.keys.globex, tenant: 'globex' }, variables: (id: string) => ({ sellerId: id }), target: A1.id },
        { who: { token: t.keys.globex, tenant: 'globex' }, variables: (id: string) => ({ virtualAccountId: id }), target: A1.vaId },
      ];
      for (const { who, variables, target } of cases) {
        const foreign = await answer(who, variables(target));
        expect(foreign, `${JSON.stringify(variables(target))}`).toEqual(await answer(who, variables(missingIdLike(target))));
        expect(foreign).toEqual([]);
      }
      // Not vacuous: the owners get it.
      for (const who of [
        { token: t.keys.acme, tenant: 'acme' },
        { token: A1.token, tenant: 'acme', sellerId: A1.id },
      ]) {
        const own = await answer(who, { virtualAccountId: A1.vaId });
        expect(own).toEqual([{ data: { transactionUpdated: expect.objectContaining({ event: 'transaction.fiatToCrypto.completed' }) } }]);
      }
    });
  });
});

describe('Server-Sent Events share the fan-out with graphql-ws', () => {
  const counters = createFanoutCounters();
  let t: TestGateway;
  let ws: WsClient;
  beforeAll(async () => {
    t = await startTestGateway({ fanoutCounters: counters });
    ws = wsClient(t, t.keys.acme);
  });
  afterAll(async () => {
    await ws?.dispose();
    await t?.close();
  });

  it('identical subscriptions over both transports: one execution per event for all three', async () => {
    const s = await seller(t, 'acme');
    const query = 'subscription($sellerId: ID) { transactionUpdated(sellerId: $sellerId) { cursor event transaction { id status } } }';
    const [one, two] = [watch(t, t.keys.acme, { sellerId: s.id }, query), watch(t, t.keys.acme, { sellerId: s.id }, query)];
    const overWs: string[] = [];
    let wsGot: () => void = () => {};
    ws.subscribe<{ transactionUpdated: Pushed }>(
      { query, variables: { sellerId: s.id } },
      {
        next: (r) => {
          overWs.push(r.data!.transactionUpdated.event);
          wsGot();
        },
        error: () => {},
        complete: () => {},
      },
    );
    await counters.until((stats) => stats.shared === 3 && stats.alone === 0 && stats.groups === 1);
    const before = counters.stats();

    const overWsGot = new Promise<void>((resolve) => (wsGot = resolve));
    const { id } = await mark(t, 'acme', [s.id]);
    await Promise.all([one.marker(id), two.marker(id), overWsGot]);
    expect(overWs).toEqual([MARKER]);
    const after = counters.stats();
    expect(after.sharedExecutions - before.sharedExecutions).toBe(1);
    expect(after.aloneExecutions - before.aloneExecutions).toBe(0);

    // Leaving, a stream leaves its group: the others go on.
    one.stop();
    await counters.until((stats) => stats.shared === 2);
    const next = await mark(t, 'acme', [s.id]);
    await two.marker(next.id);
  });
});

describe('Server-Sent Events with the fan-out off (graphql’s own subscribe per subscription)', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ fanout: 'per-subscriber' });
  });
  afterAll(() => t?.close());

  it('delivers and resumes by cursor alike; a bad cursor is BAD_USER_INPUT in the stream', async () => {
    const s = await seller(t, 'acme');
    const first = watch(t, s.token, { after: (await mark(t, 'acme', [s.id])).cursor });
    const one = await logTransaction(t, s);
    await first.until(() => first.pushed().length === 1, 'the first event');
    first.stop();
    const two = await logTransaction(t, s);
    const resumed = watch(t, s.token, { after: one.cursor });
    expect(summary(await quiet(t, resumed, 'acme', [s.id]))).toEqual([`COMPLETED ${two.id}`]);
    expect(first.pushed().map((p) => p.transaction.id)).toEqual([one.id]);

    const bad = watch(t, s.token, { after: 'not-a-cursor' });
    expect(await bad.ended).toEqual({ kind: 'complete' });
    expect(bad.results.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
