import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/redis/connect.js';
import { subscribeChannel } from '../../src/redis/subscriber.js';
import { within } from '../events/support.js';
import { redisCluster } from '../support/redis-cluster.js';
import { tracker } from '../support/redis-server.js';

/**
 * The subscriber on a Redis Cluster of its own (three masters, one of which the test kills): a plain
 * connection to one master, which moves to another when its node is lost and tells of the gap.
 */
describe('a channel subscriber on a Redis Cluster', () => {
  const { track, defer, cleanUp } = tracker();
  afterEach(cleanUp);

  it('moves to another master when its node is lost, telling of the gap, and hears what is published after', async () => {
    const own = await redisCluster({ masters: 3 });
    defer(() => own.stop());
    const client = track(connectRedis({ clusterNodes: own.nodes }));
    client.on('error', () => {}); // the killed node's, expected
    await client.ping();

    const heard: string[] = [];
    let gaps = 0;
    const waiting = new Set<() => void>();
    const changed = () => {
      for (const wake of waiting) wake();
    };
    /** Resolves once `check()` holds, looked at again on each message or gap; `poke` runs before each look (a round trip). */
    const until = (what: string, check: () => boolean, poke?: () => Promise<unknown>) =>
      within(
        new Promise<void>((resolve) => {
          const look = () => {
            if (check()) {
              waiting.delete(look);
              resolve();
            } else if (poke) void poke().then(look);
          };
          waiting.add(look);
          look();
        }),
        10_000,
        () => `no ${what} (heard ${JSON.stringify(heard)}, ${gaps} gaps)`,
      );
    const subscription = subscribeChannel(client, 'revocations', {
      onMessage: (message) => {
        heard.push(message);
        changed();
      },
      onGap: () => {
        gaps += 1;
        changed();
      },
      onError: () => {},
    });
    defer(async () => subscription.close());

    // Published on every node (a PUBLISH reaches the whole cluster): heard once subscribed.
    const publishers = own.nodes.map((node) => track(new Redis({ ...node, maxRetriesPerRequest: 0 })));
    for (const publisher of publishers) publisher.on('error', () => {});
    await until(
      'first message',
      () => heard.includes('before'),
      () => publishers[0]!.publish('revocations', 'before'),
    );
    expect(gaps).toBe(0);

    // The master it listens on dies.
    const listening = await Promise.all(publishers.map(async (p) => ((await p.client('LIST')) as string).includes(' cmd=subscribe ')));
    expect(listening.filter(Boolean)).toHaveLength(1);
    const lost = own.nodes[listening.indexOf(true)]!;
    await own.stopNode(lost.port);

    await until('gap', () => gaps === 1);
    const alive = publishers.filter((_, i) => own.nodes[i] !== lost);
    await until(
      'message after the move',
      () => heard.includes('after'),
      () => alive[0]!.publish('revocations', 'after'),
    );
    expect(gaps).toBe(1);
  });
});
