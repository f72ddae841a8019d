import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis, dropRedis, duplicateRedis } from '../../src/redis/connect.js';
import { within } from '../events/support.js';
import { redisClusterTarget, redisUrl } from '../support/redis.js';
import { tracker } from '../support/redis-server.js';

/** The connection factory on the run's Redis Cluster of three masters (and, where it differs, on one Redis). */
describe('Redis connections', () => {
  const { track, cleanUp } = tracker();
  afterEach(cleanUp);

  /** The master holding `key`, as a plain connection of its own. */
  async function nodeOf(cluster: Cluster, key: string): Promise<Redis> {
    const slot = await cluster.cluster('KEYSLOT', key);
    const [, , master] = (await cluster.cluster('SLOTS')).find(([from, to]) => from <= slot && slot <= to)!;
    const [host, port] = master!;
    return track(new Redis({ host, port }));
  }

  it('makes a Cluster client for a Cluster target, whose keys spread over all three masters', async () => {
    const cluster = track(connectRedis(redisClusterTarget()));
    expect(cluster).toBeInstanceOf(Cluster);
    const prefix = `connect-${randomUUID()}`;
    const keys = Array.from({ length: 30 }, (_, i) => `${prefix}:{tenant-${i}}:k`);
    for (const key of keys) await cluster.set(key, '1', 'PX', 60_000);
    const masters = new Set(await Promise.all(keys.map(async (key) => (await nodeOf(cluster as Cluster, key)).options.port)));
    expect(masters.size).toBe(3);
    expect(connectRedis(redisUrl())).toBeInstanceOf(Redis);
  });

  it('duplicates a Cluster client as one of its own, named, whose blocked XREAD holds up no command of the original', async () => {
    const cluster = track(connectRedis(redisClusterTarget())) as Cluster;
    const name = `reader-${randomUUID()}`;
    const reader = track(duplicateRedis(cluster, { connectionName: name, commandTimeout: undefined, maxRetriesPerRequest: null }));
    expect(reader).toBeInstanceOf(Cluster);
    const stream = `connect-${randomUUID()}:{tenant}:events`;
    const read = reader.xread('BLOCK', 0, 'STREAMS', stream, '$');
    // Blocked on the stream's node: that node lists the reader, by name, as blocked in XREAD.
    const node = await nodeOf(cluster, stream);
    const blocked = async () =>
      ((await node.client('LIST')) as string).split('\n').some((line) => line.includes(` name=${name} `) && / cmd=xread( |$)/.test(line));
    await within(
      (async () => {
        while (!(await blocked())); // each look is a round trip to the node
      })(),
      5_000,
      () => 'the reader never blocked in XREAD',
    );
    // The original client's commands to the same node answer meanwhile.
    await cluster.set(`${stream}:other`, 'ok', 'PX', 60_000);
    expect(await cluster.get(`${stream}:other`)).toBe('ok');
    const id = await cluster.xadd(stream, '*', 'event', '{}');
    expect(await within(read, 5_000, () => 'the blocked XREAD got nothing')).toEqual([[stream, [[id, ['event', '{}']]]]]);
  });

  it('drops a Cluster client at once, connected or not yet', async () => {
    const connected = connectRedis(redisClusterTarget());
    await connected.ping();
    await within(dropRedis(connected), 5_000, () => 'dropping a connected client did not end it');
    expect(connected.status).toBe('end');
    // Still resolving its startup nodes, it has no socket to wait for: dropping it must not wait for an 'end' that never comes.
    await within(dropRedis(connectRedis(redisClusterTarget())), 5_000, () => 'dropping a new client did not resolve');
  });
});
