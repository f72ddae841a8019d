import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../src/events/event-log.js';
import { createRedisEventLog, type RedisEventLogOptions } from '../../src/events/redis-log.js';
import { redisUrl } from '../support/redis.js';
import { tracker } from '../support/redis-server.js';
import { deleteKeys } from './redis-support.js';
import { makeEvent, numberOf, range, reader } from './support.js';

/**
 * How the Redis log reads resumes: in pages, on a connection of their own, a few at a time per
 * instance and per tenant. Every XRANGE is counted where it is sent, on each connection.
 */
describe('Redis event log replays', () => {
  const { track, defer, cleanUp } = tracker();
  afterEach(cleanUp);

  /** A log on a connection of the test's own, whose replay connection's XRANGEs (and the command connection's) are counted. */
  function countedLog(replay: RedisEventLogOptions['replay']) {
    const prefix = `test-${randomUUID()}`;
    defer(() => deleteKeys(redisUrl(), `${prefix}:*`));
    const given = track(new Redis(redisUrl()));
    const counts = { command: 0, replay: 0, inFlight: 0, maxInFlight: 0, keys: [] as string[] };
    const commandRange = given.xrange.bind(given);
    given.xrange = ((...args: Parameters<Redis['xrange']>) => {
      counts.command += 1;
      return commandRange(...args);
    }) as Redis['xrange'];
    const duplicate = given.duplicate.bind(given);
    given.duplicate = (override) => {
      const connection = duplicate(override);
      if (override?.connectionName !== `${prefix}:replay`) return connection;
      const range = connection.xrange.bind(connection);
      connection.xrange = ((...args: Parameters<Redis['xrange']>) => {
        counts.replay += 1;
        counts.keys.push(String(args[0]));
        counts.inFlight += 1;
        counts.maxInFlight = Math.max(counts.maxInFlight, counts.inFlight);
        return range(...args).finally(() => (counts.inFlight -= 1));
      }) as Redis['xrange'];
      return connection;
    };
    const log = track(createRedisEventLog({ redis: given, prefix, replay }));
    return { log, counts };
  }

  async function fill(log: EventLog, tenantId: string, n: number): Promise<void> {
    for (let from = 1; from <= n; from += 50) {
      await Promise.all(range(from, Math.min(n, from + 49)).map((i) => log.accept(...makeEvent(tenantId, i))));
    }
  }

  function resume(log: EventLog, tenantId: string, after = '0-0') {
    const controller = new AbortController();
    defer(async () => controller.abort());
    return reader(log.subscribe(tenantId, after, controller.signal));
  }

  it('reads 100 resumes of 250 events in pages of 100 on its own connection, at most 2 at once for one tenant, none on the command connection', async () => {
    const { log, counts } = countedLog({ pageSize: 100, concurrency: 3, perTenant: 2 });
    await fill(log, 'ten_a', 250);
    const resumes = Array.from({ length: 100 }, () => resume(log, 'ten_a'));
    const got = await Promise.all(resumes.map((r) => r.take(250, 20_000)));
    for (const events of got) expect(events.map(numberOf)).toEqual(range(1, 250));
    // Pages of 100, 100 and 50 (a short page ends the replay) for each resume.
    expect(counts.replay).toBe(300);
    expect(counts.maxInFlight).toBe(2);
    expect(counts.command).toBe(0);
  });

  it('reads another tenant’s resume before the first pages of a 200-resume flood of one tenant are all read', async () => {
    const { log, counts } = countedLog({ pageSize: 100, concurrency: 3, perTenant: 2 });
    await fill(log, 'ten_a', 250);
    await fill(log, 'ten_b', 5);
    const flood = Array.from({ length: 200 }, () => resume(log, 'ten_a'));
    // The flood is being read (its queue is long) when the other tenant resumes.
    await flood[0]!.take(1);
    const other = resume(log, 'ten_b');
    expect((await other.take(5, 20_000)).map(numberOf)).toEqual(range(1, 5));
    await Promise.all(flood.map((r, i) => r.take(i === 0 ? 249 : 250, 20_000)));
    const b = counts.keys.findIndex((key) => key.includes('{ten_b}'));
    // One page of ten_b among 600 of ten_a, read before ten_a's 200 first pages were: not queued behind them.
    expect(counts.keys.filter((key) => key.includes('{ten_b}'))).toHaveLength(1);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(b).toBeLessThan(200);
  });
});
