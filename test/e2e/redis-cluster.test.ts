import { Cluster as RedisCluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature } from '../webhooks/support.js';
import { startCluster, type Cluster } from '../support/cluster.js';
import { redisClusterTarget } from '../support/redis.js';
import { deposit, seller, subscribe, summary, uniquePrefix, type Pushed, type Seller, type Subscriber } from './support.js';

/**
 * Live status end to end on a real Redis Cluster of three masters: two gateway instances share it;
 * OMS (the sandbox over HTTP) delivers its signed webhooks to one of them only, and a seller's
 * dashboard is subscribed on the other, which learns of each event through the cluster alone.
 */

const WEBHOOKS = 0;
const DASHBOARD = 1;

const completedOf = (transactionId: string) => (pushed: Pushed[]) => pushed.some((p) => p.transaction.id === transactionId && p.event.endsWith('.completed'));

describe('live status over two instances sharing a Redis Cluster', () => {
  let c: Cluster;
  let redis: RedisCluster;
  const prefix = uniquePrefix('redis-cluster');
  const open: Subscriber[] = [];
  let s: Seller;
  let txn: string;
  let pushed: Pushed[];

  beforeAll(async () => {
    c = await startCluster({ redisUrl: redisClusterTarget(), prefix });
    redis = new RedisCluster([...redisClusterTarget().clusterNodes]);
  });
  afterAll(async () => {
    await Promise.all(open.map((subscriber) => subscriber.close()));
    await c?.close();
    await redis?.quit();
  });

  it('pushes PROCESSING then COMPLETED to a subscriber on one instance while the webhooks reach the other', async () => {
    s = await seller(c, 'acme', DASHBOARD);
    const dashboard = await subscribe(c, DASHBOARD, s.token, { tenant: 'acme', sellerId: s.id });
    open.push(dashboard);
    expect(await dashboard.quiet(), 'connected, nothing yet').toEqual([]);

    txn = await deposit(c, s, '500.00');
    pushed = await dashboard.until(`completed of ${txn}`, completedOf(txn));
    expect(pushed.map((p) => [p.transaction.id, p.transaction.status])).toEqual([
      [txn, 'PROCESSING'],
      [txn, 'COMPLETED'],
    ]);
    await c.oms.sandbox.idle();
    expect(summary(await dashboard.quiet()), 'each status exactly once').toEqual([`processing ${txn}`, `completed ${txn}`]);

    // The dashboard's instance had no webhook: what it pushed came through the cluster.
    expect(c.webhooks[DASHBOARD]!.stats().received).toBe(0);
    const logged = await redis.xrange(`${prefix}:{acme}:events`, '-', '+');
    expect(logged.map(([cursor]) => cursor)).toEqual(expect.arrayContaining(pushed.map((p) => p.cursor)));
  });

  it('resumes on the other instance from a cursor: after PROCESSING comes COMPLETED, nothing repeated', async () => {
    const resumed = await subscribe(c, WEBHOOKS, s.token, { tenant: 'acme', sellerId: s.id }, { after: pushed[0]!.cursor });
    open.push(resumed);
    const again = await resumed.until(`completed of ${txn}`, completedOf(txn));
    expect(summary(again)).toEqual([`completed ${txn}`]);
    expect(again[0]!.cursor).toBe(pushed[1]!.cursor);
  });

  it('answers a redelivery of an accepted event to the other instance as a duplicate, and pushes nothing again', async () => {
    const { data: hooks } = await c.admin.webhooks.list();
    const hook = hooks.find((h) => !h.complianceOnly)!;
    const delivered = c.oms.sandbox.webhooks.deliveries(hook.id).find((d) => d.objectId === txn && d.event.endsWith('.completed'))!;
    const body = JSON.stringify({
      id: delivered.eventId,
      event: delivered.event,
      createdAt: delivered.createdAt,
      sequence: delivered.sequence,
      data: await c.admin.transactions.get(txn),
    });
    const response = await fetch(c.instances[DASHBOARD]!.url.replace(/\/graphql$/, '/webhooks/oms/main'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-signature': signature(c.webhookSecrets[0]!, body) },
      body,
    });
    expect(response.status).toBe(200);
    expect(c.webhooks[DASHBOARD]!.stats()).toMatchObject({ received: 1, appended: 0, duplicate: 1 });
    expect(summary(await open[0]!.quiet()), 'nothing pushed again').toEqual([`processing ${txn}`, `completed ${txn}`]);
  });
});
