import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../src/events/event-log.js';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import { createFanoutCounters } from '../../src/graphql/subscription/counters.js';
import { transaction } from '../../src/oms/schemas/index.js';
import { createReadiness } from '../../src/ops/readiness.js';
import { startTestGateway } from '../support/gateway.js';
import { appendMarker } from '../support/markers.js';
import { redisUrl } from '../support/redis.js';
import { tracker } from '../support/redis-server.js';
import { openSocket } from '../support/sockets.js';
import { rawTransaction, seller, unique } from '../webhooks/support.js';
import { beside, key, scrape } from './support.js';

const { track, defer, cleanUp } = tracker();
afterEach(cleanUp);

describe('live metrics', () => {
  it('shows open sockets and subscriptions, the log readers, socket-cap refusals, and the caches as they counted', async () => {
    const fanout = createFanoutCounters();
    const events = track(createRedisEventLog({ url: redisUrl(), prefix: unique('ops-live') }));
    const t = await startTestGateway({ events, fanoutCounters: fanout, tenants: { globex: { limits: { socketsPerTenant: 1 } } } });
    defer(() => t.close());
    const metrics = beside(t.gateway.url, '/metrics');

    const socket = await openSocket(t.gateway.url, t.keys.globex);
    defer(() => socket.dispose());
    await fanout.until((stats) => stats.shared + stats.alone === 1);
    const refused = await openSocket(t.gateway.url, t.keys.globex).catch((error: Error) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(String(refused)).toContain('4429');

    // The subscription's tenant reader: it is counted once connected, which may come after the subscription is.
    const connectedReaders = async () => (await scrape(metrics)).get(key('gateway_event_log_readers', { state: 'connected' }));
    await expect.poll(connectedReaders, { timeout: 10_000 }).toBe(1);
    const open = await scrape(metrics);
    expect(open.get('gateway_websockets_open')).toBe(1);
    expect((open.get(key('gateway_subscriptions_open', { mode: 'shared' })) ?? 0) + (open.get(key('gateway_subscriptions_open', { mode: 'alone' })) ?? 0)).toBe(
      1,
    );
    expect(open.get(key('gateway_socket_cap_refusals_total', { tenant: 'globex', scope: 'tenant' }))).toBe(1);
    expect(open.get(key('gateway_door_refusals_total', { transport: 'ws_connect', code: 'RATE_LIMITED' }))).toBe(1);
    expect(open.get(key('gateway_event_log_readers', { state: 'connected' }))).toBe(1);
    expect(open.get(key('gateway_event_log_readers', { state: 'disconnected' }))).toBe(0);
    expect(open.get(key('gateway_event_log_readers', { state: 'failing' }))).toBe(0);

    // The read cache and the answer cache, as they counted.
    const s = await seller(t);
    for (let i = 0; i < 2; i += 1) await t.request(t.keys.acme, 'query Seller($id: ID!) { seller(id: $id) { id } }', { id: s.id });
    const cached = await scrape(metrics);
    const counts = t.gateway.cacheCounts!;
    expect(counts.front + counts.shared).toBeGreaterThan(0);
    expect({
      front: cached.get(key('gateway_read_cache_total', { result: 'front' })),
      shared: cached.get(key('gateway_read_cache_total', { result: 'shared' })),
      misses: cached.get(key('gateway_read_cache_total', { result: 'miss' })),
      bypasses: cached.get(key('gateway_read_cache_total', { result: 'bypass' })),
      invalidations: cached.get('gateway_read_cache_invalidations_total'),
    }).toEqual(counts);
    const answers = t.gateway.answerCounts!;
    expect(answers.hits).toBe(1);
    expect({
      hits: cached.get(key('gateway_answer_cache_total', { result: 'hit' })),
      stored: cached.get(key('gateway_answer_cache_total', { result: 'stored' })),
      stale: cached.get(key('gateway_answer_cache_total', { result: 'stale' })),
    }).toEqual(answers);
  });
});

describe("the Redis event log's reader status", () => {
  it('counts the entries its readers delivered and how long after their append, and readers failing', async () => {
    const errors: Error[] = [];
    let failed!: () => void;
    const firstError = new Promise<void>((resolve) => (failed = resolve));
    const prefix = unique('ops-status');
    const log = track(
      createRedisEventLog({
        url: redisUrl(),
        prefix,
        // Short blocks: a reader reads its (replaced) stream again soon.
        blockMs: 100,
        onError: (error) => {
          errors.push(error);
          failed();
        },
      }),
    );
    expect(log.status!()).toEqual({ closed: false, readers: 0, disconnected: 0, failing: 0, delivered: 0, lagMsTotal: 0 });

    // Once the subscription is idle (its replay read, asked whether to hand over), what reaches it is its tenant's reader's.
    const stop = new AbortController();
    defer(async () => stop.abort());
    let idle!: () => void;
    const replayed = new Promise<void>((resolve) => (idle = resolve));
    const handOver = () => {
      idle();
      return false;
    };
    const subscription = log.subscribe('tenant-a', undefined, stop.signal, undefined, undefined, handOver)[Symbol.asyncIterator]();
    const next = subscription.next();
    await replayed;
    const marker = transaction.parse(rawTransaction({ id: `txn_${unique('status')}`, customerId: 'cst_a', status: 'completed' }));
    const cursor = await appendMarker(log, { tenantId: 'tenant-a', sellerIds: ['cst_a'], transaction: marker });
    expect(((await next).value as LoggedEvent).cursor).toBe(cursor);
    const status = log.status!();
    expect(status).toMatchObject({ closed: false, readers: 1, disconnected: 0, failing: 0, delivered: 1 });
    expect(status.lagMsTotal).toBeGreaterThanOrEqual(0);

    // Its stream replaced by a key of another type: the reader's reads fail past every reconnect.
    let idleB!: () => void;
    const replayedB = new Promise<void>((resolve) => (idleB = resolve));
    const other = log.subscribe('tenant-b', undefined, stop.signal, undefined, undefined, () => {
      idleB();
      return false;
    });
    void other[Symbol.asyncIterator]()
      .next()
      .catch(() => {});
    await replayedB;
    const redis = track(new Redis(redisUrl()));
    await redis.set(`${prefix}:{tenant-b}:events`, 'not a stream');
    await firstError;
    expect(errors[0]?.message).toMatch(/WRONGTYPE/);
    expect(log.status!()).toMatchObject({ readers: 2, failing: 1 });
    const readiness = createReadiness({ redis: undefined, readers: () => log.status!(), accounts: () => [] });
    expect(await readiness.check()).toEqual({
      ready: false,
      failed: ['eventLog'],
      checks: { shutdown: { ok: true }, eventLog: { ok: false, detail: '2 readers, 0 reconnecting, 1 failing' } },
    });

    stop.abort();
    await log.close();
    expect(log.status!().closed).toBe(true);
  });
});
