import { afterEach, describe, expect, it } from 'vitest';
import type { ReadinessReport } from '../../src/ops/index.js';
import { createReadiness } from '../../src/ops/readiness.js';
import { within } from '../events/support.js';
import { beside } from '../ops/support.js';
import { startTestGateway } from '../support/gateway.js';
import { redisCluster } from '../support/redis-cluster.js';
import { redisClusterTarget } from '../support/redis.js';
import { freePort, tracker } from '../support/redis-server.js';

/** /readyz with REDIS_CLUSTER_NODES: the cluster is checked (its state, not one node's PING). */
describe('readiness on a Redis Cluster', () => {
  const { defer, cleanUp } = tracker();
  afterEach(cleanUp);

  const noReaders = { readers: () => undefined, accounts: () => [] };

  it('is ready with the run’s cluster, configured as REDIS_CLUSTER_NODES', async () => {
    const nodes = redisClusterTarget().clusterNodes.map(({ host, port }) => `${host}:${port}`);
    const t = await startTestGateway({ env: { REDIS_CLUSTER_NODES: nodes.join(',') } });
    defer(() => t.close());
    const response = await fetch(beside(t.gateway.url, '/readyz'));
    expect(response.status).toBe(200);
    expect(((await response.json()) as ReadinessReport).checks.redis).toEqual({ ok: true });
  });

  it('is not ready, naming redis, when no node answers', async () => {
    const readiness = createReadiness({ redis: { clusterNodes: [{ host: '127.0.0.1', port: await freePort() }] }, ...noReaders, timeoutMs: 300 });
    defer(() => readiness.close());
    const report = await readiness.check();
    expect(report.failed).toEqual(['redis']);
    expect(report.checks.redis!.detail).toMatch(/^not connected/);
  });

  it('is not ready once the cluster calls itself failed (a master lost, its slots unserved), though the other nodes answer', async () => {
    const own = await redisCluster({ masters: 3, nodeTimeoutMs: 500 });
    defer(() => own.stop());
    const readiness = createReadiness({ redis: { clusterNodes: own.nodes }, ...noReaders });
    defer(() => readiness.close());
    expect((await readiness.check()).ready).toBe(true);

    await own.stopNode(own.nodes[0]!.port);
    // The cluster's verdict comes after its node timeout: each look is one readiness check, a round trip.
    const failed = await within(
      (async () => {
        for (;;) {
          const { checks } = await readiness.check();
          if (checks.redis?.detail === 'cluster_state:fail') return checks.redis;
        }
      })(),
      10_000,
      () => 'the cluster never said it failed',
    );
    expect(failed).toEqual({ ok: false, detail: 'cluster_state:fail' });
  });
});
