import { type Client, createClient } from 'graphql-ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLoaders } from '../../src/graphql/loaders.js';
import { createFanoutCounters, type FanoutStats } from '../../src/graphql/subscription/counters.js';
import { transaction as transactionSchema } from '../../src/oms/schemas/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { rawTransaction, seller, unique, type Seller } from '../webhooks/support.js';

/**
 * Fan-out by group: subscriptions with the same document, variables and visibility share one
 * execution per event. Executions are counted two ways: by the fan-out's own counters, and by the
 * fresh loader sets the executions make (one per execution of a document that reads through loaders).
 */

/** Reads the seller through the loaders: each execution makes one fresh loader set. */
const SHARED = 'subscription($after: String) { transactionUpdated(after: $after) { cursor event transaction { id subStatus seller { id } } } }';
const BY_SELLER = 'subscription($sellerId: ID) { transactionUpdated(sellerId: $sellerId) { cursor transaction { id subStatus } } }';

interface Pushed {
  data?: { transactionUpdated: { cursor: string; transaction: { id: string; subStatus: string | null; seller?: { id: string } | null } } };
  errors?: { message: string; extensions: { code: string; requestId: string } }[];
}

interface Watcher {
  readonly received: Pushed[];
  /** What the subscription ended with, if it did with an error. */
  readonly failed: unknown;
  until(count: number, what: string): Promise<Pushed[]>;
}

let loaderSets = 0;
const clients: Client[] = [];

function socket(t: TestGateway, token: string): Client {
  const client = createClient({
    url: t.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  clients.push(client);
  return client;
}

/** One subscription on `client`; `until(n)` fails, naming what came, when n messages have not come within 5 s. */
function watch(client: Client, query: string, variables: Record<string, unknown> = {}, requestId?: string): Watcher {
  const received: Pushed[] = [];
  const waiters = new Set<() => void>();
  let failed: unknown;
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  client.subscribe<Pushed['data']>(
    { query, variables, ...(requestId ? { extensions: { requestId } } : {}) },
    {
      next: (value) => {
        received.push(value as Pushed);
        wake();
      },
      error: (error) => {
        failed = error;
        wake();
      },
      complete: () => {},
    },
  );
  return {
    received,
    get failed() {
      return failed;
    },
    until: (count, what) =>
      new Promise((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve([...received]);
        };
        const check = () => {
          if (received.length >= count) done();
          else if (failed) done(new Error(`${what}: the subscription failed with ${JSON.stringify(failed)}`));
        };
        const timer = setTimeout(() => done(new Error(`${what}: ${received.length} of ${count} within 5 s: ${JSON.stringify(received)}`)), 5_000);
        waiters.add(check);
        check();
      }),
  };
}

/**
 * Appends a transaction event of `s` to acme's log, as the webhook route would; answers its transaction id and cursor.
 * The transaction is the seller's own unless `customerId` names another customer.
 */
async function append(
  t: TestGateway,
  s: Seller,
  subStatus: string | null = 'processing.fundsDetected',
  customerId = s.id,
): Promise<{ id: string; cursor: string }> {
  const id = `txn_${unique('fanout')}`;
  const transaction = transactionSchema.parse(rawTransaction({ id, customerId, status: 'processing', subStatus }));
  const result = await t.events.accept(
    {
      kind: 'transaction',
      event: 'transaction.fiatToCrypto.processing',
      occurredAt: new Date().toISOString(),
      tenantId: s.tenant,
      sellerIds: [s.id],
      virtualAccountId: null,
      compliance: false,
      transaction,
    },
    { eventId: `evt_${id}`, objectId: id, position: 0 },
  );
  if (result.outcome !== 'appended') throw new Error(`the event was ${result.outcome}, expected appended`);
  return { id, cursor: result.cursor };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
});

describe('fan-out: subscriptions with the same document, variables and visibility share one execution per event', () => {
  let t: TestGateway;
  const counters = createFanoutCounters();
  /** The counters and loader sets from `from` on. */
  const since = (from: FanoutStats & { loaderSets: number }) => {
    const now = counters.stats();
    return {
      sharedExecutions: now.sharedExecutions - from.sharedExecutions,
      aloneExecutions: now.aloneExecutions - from.aloneExecutions,
      groups: now.groups - from.groups,
      loaderSets: loaderSets - from.loaderSets,
    };
  };
  const mark = () => ({ ...counters.stats(), loaderSets });
  /** Resolves once `more` subscriptions have joined groups since `from`, and none runs alone. */
  const joined = (from: FanoutStats, more: number) => counters.until((s) => s.shared === from.shared + more && s.alone === 0);

  beforeAll(async () => {
    t = await startTestGateway({
      loaders: (oms) => {
        loaderSets += 1;
        return createLoaders(oms, { concurrency: 8 });
      },
      fanoutCounters: counters,
    });
  });
  afterAll(() => t?.close());

  it('five subscriptions of one seller (three sessions, two on one socket) get each event from one execution, under their own ids', async () => {
    const s = await seller(t);
    const sessions = await Promise.all([1, 2].map(() => t.sessions.issue('acme', s.id, 3600)));
    const before = mark();
    const shared = socket(t, s.token);
    const watchers = [
      watch(socket(t, s.token), SHARED),
      watch(shared, SHARED),
      watch(shared, SHARED),
      ...sessions.map((session) => watch(socket(t, session.token), SHARED)),
    ];
    await joined(before, 5);

    const first = mark();
    const event = await append(t, s);
    const got = await Promise.all(watchers.map((w) => w.until(1, 'the event')));
    expect(since(first)).toEqual({ sharedExecutions: 1, aloneExecutions: 0, groups: 0, loaderSets: 1 });
    for (const [pushed] of got)
      expect(pushed).toEqual({
        data: {
          transactionUpdated: {
            cursor: event.cursor,
            event: 'transaction.fiatToCrypto.processing',
            transaction: { id: event.id, subStatus: 'processing.fundsDetected', seller: { id: s.id } },
          },
        },
      });
    expect(since(before).groups).toBe(1);

    // The two on one socket are told apart by their ids: each got its own message, once.
    const second = await append(t, s);
    await Promise.all(watchers.map((w) => w.until(2, 'the second event')));
    expect(watchers.map((w) => w.received.map((p) => p.data?.transactionUpdated.transaction.id))).toEqual(watchers.map(() => [event.id, second.id]));
    expect(since(first)).toEqual({ sharedExecutions: 2, aloneExecutions: 0, groups: 0, loaderSets: 2 });
  });

  it('never groups a seller token with a tenant key, nor two sellers: the seller is not shown the hold its tenant sees', async () => {
    const [a, b] = await Promise.all([seller(t), seller(t)]);
    const before = mark();
    const sellerA = watch(socket(t, a.token), BY_SELLER, { sellerId: a.id });
    const tenantA = watch(socket(t, t.keys.acme), BY_SELLER, { sellerId: a.id });
    const sellerB = watch(socket(t, b.token), BY_SELLER);
    const alsoB = watch(socket(t, b.token), BY_SELLER);
    await joined(before, 4);
    expect(since(before).groups).toBe(3);

    // A hold OMS reports in a sub-status: the tenant key sees it, a seller token never does.
    const held = await append(t, a, 'processing.underReview');
    const [[forSeller], [forTenant]] = await Promise.all([sellerA.until(1, "seller A's event"), tenantA.until(1, "the tenant's event")]);
    expect(forSeller?.data?.transactionUpdated.transaction).toEqual({ id: held.id, subStatus: null });
    expect(forTenant?.data?.transactionUpdated.transaction).toEqual({ id: held.id, subStatus: 'processing.underReview' });
    expect(since(before).sharedExecutions).toBe(2);

    // B's subscriptions got nothing of A's: their first message is B's own event.
    const own = await append(t, b);
    for (const w of [sellerB, alsoB]) expect((await w.until(1, "B's event")).map((p) => p.data?.transactionUpdated.transaction.id)).toEqual([own.id]);
    expect(sellerA.received).toHaveLength(1);
  });

  it('a subscription resuming behind its group replays alone, then joins: every event once, in order; one resuming where the group is joins at once', async () => {
    const s = await seller(t);
    const before = mark();
    const live = [watch(socket(t, s.token), SHARED), watch(socket(t, s.token), SHARED)];
    await joined(before, 2);
    const events = [await append(t, s), await append(t, s), await append(t, s)];
    await Promise.all(live.map((w) => w.until(3, 'three events')));

    const replaying = mark();
    const resumed = watch(socket(t, s.token), SHARED, { after: events[0]!.cursor });
    await resumed.until(2, 'the two events after the first');
    await joined(replaying, 1);
    expect(since(replaying)).toMatchObject({ sharedExecutions: 0, aloneExecutions: 2 });

    const caughtUp = mark();
    const atGroup = watch(socket(t, s.token), SHARED, { after: events[2]!.cursor });
    await joined(caughtUp, 1);
    const next = await append(t, s);
    await Promise.all([...live, resumed, atGroup].map((w) => w.until(w === atGroup ? 1 : w === resumed ? 3 : 4, 'the next event')));
    expect(since(caughtUp)).toEqual({ sharedExecutions: 1, aloneExecutions: 0, groups: 0, loaderSets: 1 });
    const ids = (w: Watcher) => w.received.map((p) => p.data?.transactionUpdated.transaction.id);
    expect(ids(resumed)).toEqual([events[1]!.id, events[2]!.id, next.id]);
    expect(ids(atGroup)).toEqual([next.id]);
    for (const w of live) expect(ids(w)).toEqual([...events.map((e) => e.id), next.id]);
  });

  it('a subscription opened from now on while its group is live joins at once, and gets exactly the events logged after it subscribed', async () => {
    const s = await seller(t);
    const before = mark();
    const founder = watch(socket(t, s.token), SHARED);
    await joined(before, 1);
    const earlier = await append(t, s);
    await founder.until(1, 'the earlier event');

    const opening = mark();
    const late = watch(socket(t, s.token), SHARED);
    await joined(opening, 1);
    const later = await append(t, s);
    await Promise.all([founder.until(2, 'the later event'), late.until(1, 'the later event')]);
    expect(late.received.map((p) => p.data?.transactionUpdated.transaction.id)).toEqual([later.id]);
    expect(founder.received.map((p) => p.data?.transactionUpdated.transaction.id)).toEqual([earlier.id, later.id]);
    expect(since(opening)).toEqual({ sharedExecutions: 1, aloneExecutions: 0, groups: 0, loaderSets: 1 });
  });

  it("shows an execution's error to each subscriber with its own request id, and keeps one subscriber's bad cursor its own", async () => {
    const s = await seller(t);
    const before = mark();
    const query = 'subscription($sellerId: ID) { transactionUpdated(sellerId: $sellerId) { transaction { id seller { id } } } }';
    const variables = { sellerId: s.id };
    const [one, two] = [
      watch(socket(t, t.keys.acme), query, variables, `fanout-one-${unique('r')}`),
      watch(socket(t, t.keys.acme), query, variables, `fanout-two-${unique('r')}`),
    ];
    await joined(before, 2);
    const bad = watch(socket(t, s.token), SHARED, { after: 'not-a-cursor' }, 'fanout-bad');
    await expect(bad.until(1, 'a message')).rejects.toThrow(/BAD_USER_INPUT/);

    // A transaction whose customer nobody has read yet (not in any cache): resolving its seller asks OMS, which fails.
    const stranger = `cst_${unique('nobody').replace(/[^a-z0-9]/g, '')}`;
    t.sandbox.faults.add({ method: 'GET', path: `/customers/${stranger}`, status: 500, times: 100 });
    try {
      await append(t, s, null, stranger);
      const [[a], [b]] = await Promise.all([one.until(1, 'the failed event'), two.until(1, 'the failed event')]);
      expect(since(before).sharedExecutions).toBe(1);
      expect(a?.errors?.map((e) => [e.extensions.code, e.extensions.requestId])).toEqual([['OMS_UNAVAILABLE', expect.stringMatching(/^fanout-one-/)]]);
      expect(b?.errors?.map((e) => [e.extensions.code, e.extensions.requestId])).toEqual([['OMS_UNAVAILABLE', expect.stringMatching(/^fanout-two-/)]]);
    } finally {
      t.sandbox.faults.clear();
    }
    const after = await append(t, s);
    for (const w of [one, two]) expect((await w.until(2, 'the event after the fault'))[1]?.data?.transactionUpdated.transaction.id).toBe(after.id);
  });
});

describe('fan-out per subscriber (the benchmark baseline): the same five subscriptions execute each event five times', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({
      fanout: 'per-subscriber',
      loaders: (oms) => {
        loaderSets += 1;
        return createLoaders(oms, { concurrency: 8 });
      },
    });
  });
  afterAll(() => t?.close());

  it('executes the document once per subscription and event', async () => {
    const s = await seller(t);
    // Started after a first event, so each gets the second one, replayed or live, whenever it starts reading; then all are live.
    const start = await append(t, s);
    const watchers = Array.from({ length: 5 }, () => watch(socket(t, s.token), SHARED, { after: start.cursor }));
    await append(t, s);
    await Promise.all(watchers.map((w) => w.until(1, 'the first event after the start')));
    const from = loaderSets;
    const event = await append(t, s);
    for (const w of watchers) expect((await w.until(2, 'the event')).map((p) => p.data?.transactionUpdated.transaction.id)[1]).toBe(event.id);
    expect(loaderSets - from).toBe(5);
  });
});
