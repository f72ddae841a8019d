import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventLog, LoggedEvent } from '../../src/events/event-log.js';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import { createTenantReaders } from '../../src/events/redis-reader.js';
import type { RedisTarget } from '../../src/redis/connect.js';
import { redisUrl } from '../support/redis.js';
import { freePort, redisServer, tracker } from '../support/redis-server.js';
import { clientIds, deleteKeys } from './redis-support.js';
import { makeEvent, numberOf, reader, within } from './support.js';

/** What only the Redis log does: fail fast without Redis, survive losing it, its keys, its connections. */
describe('Redis event log', () => {
  const { track, defer, cleanUp } = tracker();
  afterEach(cleanUp);

  function fresh(url: RedisTarget = redisUrl(), options: { maxAgeMs?: number; redis?: Redis } = {}) {
    const prefix = `test-${randomUUID()}`;
    if (url === redisUrl()) defer(() => deleteKeys(url, `${prefix}:*`));
    const { redis, ...rest } = options;
    const log = track(createRedisEventLog(redis ? { redis, prefix, ...rest } : { url, prefix, ...rest }));
    return { log, prefix };
  }

  function subscribe(log: EventLog, tenantId: string, after?: string) {
    const controller = new AbortController();
    defer(async () => controller.abort());
    return reader(log.subscribe(tenantId, after, controller.signal));
  }

  async function appended(log: EventLog, n: number): Promise<string> {
    const result = await log.accept(...makeEvent('ten_a', n));
    if (result.outcome !== 'appended') throw new Error(`event ${n} was ${result.outcome}`);
    return result.cursor;
  }

  it('rejects accept within 2 s when Redis is unreachable, instead of hanging', async () => {
    const { log } = fresh(`redis://127.0.0.1:${await freePort()}`);
    const started = Date.now();
    await expect(log.accept(...makeEvent('ten_a', 1))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects accept within 2 s when no node of a Redis Cluster answers, instead of queueing it until one does', async () => {
    const { log } = fresh({ clusterNodes: [{ host: '127.0.0.1', port: await freePort() }] });
    const started = Date.now();
    await expect(log.accept(...makeEvent('ten_a', 1))).rejects.toThrow(/timed out/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('keeps one tenant’s keys under one hash tag, the event as one JSON field, and per object what orders it', async () => {
    const { log, prefix } = fresh();
    const [event, guard] = makeEvent('ten_a', 1, { txn: 'txn_k', position: 2, sequence: 7 });
    const cursor = await log.accept(event, guard).then((r) => (r.outcome === 'appended' ? r.cursor : ''));
    await log.accept(...makeEvent('ten_a', 2, { txn: 'txn_k', position: 1 }));
    const redis = track(new Redis(redisUrl()));
    const keys = (await redis.keys(`${prefix}:*`)).sort();
    const tag = `${prefix}:{ten_a}`;
    expect(keys).toEqual([`${tag}:events`, `${tag}:obj:txn_k`, `${tag}:seen:whk_ten_a_1`, `${tag}:seen:whk_ten_a_2`, `${tag}:stale-by-reason`]);
    expect(await redis.xrange(`${tag}:events`, '-', '+')).toEqual([[cursor, ['event', JSON.stringify(event)]]]);
    expect(await redis.hgetall(`${tag}:obj:txn_k`)).toEqual({ position: '2', sequence: '7', 'seq:7': '1' });
    expect(await redis.hgetall(`${tag}:stale-by-reason`)).toEqual({ position: '1' });
    // Event ids are kept at least 7 days: OMS retries for days.
    expect(await redis.ttl(`${tag}:seen:whk_ten_a_1`)).toBeGreaterThan(7 * 24 * 3600 - 60);
    expect(await redis.ttl(`${tag}:obj:txn_k`)).toBeGreaterThan(7 * 24 * 3600 - 60);
  });

  it('trims entries older than maxAgeMs', async () => {
    const { log, prefix } = fresh(redisUrl(), { maxAgeMs: 1 });
    for (let n = 1; n <= 300; n++) await appended(log, n);
    const redis = track(new Redis(redisUrl()));
    // Whole stream nodes go (MINID ~), so some old entries remain, but far from all of them.
    expect(await redis.xlen(`${prefix}:{ten_a}:events`)).toBeLessThan(300);
  });

  it('delivers events exactly once after its reader connection is killed', async () => {
    const { log, prefix } = fresh();
    const admin = track(new Redis(redisUrl()));
    const got: LoggedEvent[] = [];
    let wanted = 0;
    let arrived: () => void = () => {};
    const readers = track(
      createTenantReaders({
        redis: admin,
        streamKey: (tenantId) => `${prefix}:{${tenantId}}:events`,
        connectionName: (tenantId) => `${prefix}:test-reader:${tenantId}`,
        blockMs: 5_000,
        onError: () => {},
      }),
    );
    const listening = readers.listen('ten_a', (event) => {
      got.push(event);
      if (got.length >= wanted) arrived();
    });
    const count = (n: number) =>
      within(
        new Promise<void>((resolve) => {
          wanted = n;
          arrived = resolve;
          if (got.length >= n) resolve();
        }),
        5_000,
        () => `expected ${n} events, got ${got.length}`,
      );
    await listening.ready;
    await appended(log, 1);
    await count(1);
    const [id] = await clientIds(admin, `${prefix}:test-reader:ten_a`);
    expect(await admin.client('KILL', 'ID', id!)).toBe(1);
    await appended(log, 2);
    await appended(log, 3);
    await count(3);
    await appended(log, 4);
    await count(4);
    expect(got.map(numberOf)).toEqual([1, 2, 3, 4]);
    // The subscriber-facing path as well: a killed reader under a live subscription.
    const sub = subscribe(log, 'ten_a');
    await appended(log, 5);
    expect((await sub.take(1)).map(numberOf)).toEqual([5]);
    const [subscriptionReader] = await clientIds(admin, `${prefix}:reader:ten_a`);
    expect(await admin.client('KILL', 'ID', subscriptionReader!)).toBe(1);
    await appended(log, 6);
    expect((await sub.take(1)).map(numberOf)).toEqual([6]);
    listening.stop();
  });

  it('survives a Redis restart: accept fails fast while it is down, then subscribers get later events once', async () => {
    const server = track(await redisServer());
    const { log } = fresh(server.url);
    const sub = subscribe(log, 'ten_a');
    await appended(log, 1);
    expect((await sub.take(1)).map(numberOf)).toEqual([1]);
    await server.stop();
    const started = Date.now();
    await expect(log.accept(...makeEvent('ten_a', 2))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    await server.start();
    // The log's connection comes back on its own schedule; OMS would retry the same way.
    // Each failed attempt waits for one of the connection's reconnect attempts, so this does not spin.
    const deadline = Date.now() + 10_000;
    const retried = (async () => {
      for (;;) {
        try {
          return await appended(log, 2);
        } catch (error) {
          if (Date.now() > deadline) throw error;
        }
      }
    })();
    await within(retried, 10_000, () => 'accept did not succeed after Redis came back');
    await appended(log, 3);
    expect((await sub.take(2, 10_000)).map(numberOf)).toEqual([2, 3]);
  });

  /** A connection of the test's own whose duplicates (the readers' and the replays' connections) the test can watch, by name. */
  function watchedConnection(url = redisUrl()) {
    const given = track(new Redis(url));
    const duplicates: { name: string | undefined; connection: Redis }[] = [];
    const duplicate = given.duplicate.bind(given);
    given.duplicate = (override) => {
      const connection = duplicate(override);
      duplicates.push({ name: override?.connectionName, connection });
      return connection;
    };
    const named = (name: string) => duplicates.filter((d) => d.name === name).map((d) => d.connection);
    return { given, duplicates, named };
  }

  it('close ends open subscriptions and stops readers, leaving a connection it was given open', async () => {
    const { given, duplicates } = watchedConnection();
    const { log, prefix } = fresh(redisUrl(), { redis: given });
    const sub = subscribe(log, 'ten_a');
    await appended(log, 1);
    await sub.take(1);
    expect(await clientIds(given, `${prefix}:reader:ten_a`)).toHaveLength(1);
    const pending = sub.iterator.next();
    await log.close();
    expect(await within(pending, 1_000, () => 'close did not end the subscription')).toEqual({ done: true, value: undefined });
    expect(duplicates.map(({ name, connection }) => [name, connection.status])).toEqual([
      [`${prefix}:replay`, 'end'],
      [`${prefix}:reader:ten_a`, 'end'],
    ]);
    expect(await given.ping()).toBe('PONG');
  });

  it('closes promptly while Redis is down, ending its subscriptions', async () => {
    const server = track(await redisServer());
    const { log } = fresh(server.url);
    const sub = subscribe(log, 'ten_a');
    await appended(log, 1);
    await sub.take(1);
    await server.stop();
    const pending = sub.iterator.next();
    await within(log.close(), 2_000, () => 'close did not finish within 2 s while Redis was down');
    expect(await within(pending, 1_000, () => 'close did not end the subscription')).toEqual({ done: true, value: undefined });
  });

  it('closes a reader’s connection when its last local subscriber leaves', async () => {
    const { given, named } = watchedConnection();
    const { log, prefix } = fresh(redisUrl(), { redis: given });
    const first = new AbortController();
    const second = new AbortController();
    const a = reader(log.subscribe('ten_a', undefined, first.signal));
    const b = reader(log.subscribe('ten_a', undefined, second.signal));
    await appended(log, 1);
    await Promise.all([a.take(1), b.take(1)]);
    const readers = named(`${prefix}:reader:ten_a`);
    expect(readers).toHaveLength(1);
    const ended = once(readers[0]!, 'end');
    first.abort();
    await appended(log, 2);
    expect((await b.take(1)).map(numberOf)).toEqual([2]);
    expect(readers[0]!.status).toBe('ready');
    second.abort();
    await within(ended, 1_000, () => 'the reader connection was not closed');
  });
});
