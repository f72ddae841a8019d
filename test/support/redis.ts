import { inject } from 'vitest';
import type { RedisClusterTarget, RedisTarget } from '../../src/redis/connect.js';

/** The run's Redis URL; throws (failing the test that asked) when the run has no Redis. */
export function redisUrl(): string {
  const redis = inject('redis');
  if ('error' in redis) throw new Error(`This test needs Redis and there is none: ${redis.error}`);
  return redis.url;
}

/** The run's Redis Cluster (three masters), as REDIS_CLUSTER_NODES gives it; throws (failing the test that asked) when the run has none. */
export function redisClusterTarget(): RedisClusterTarget {
  const cluster = inject('redisCluster');
  if ('error' in cluster) throw new Error(`This test needs a Redis Cluster and there is none: ${cluster.error}`);
  return { clusterNodes: cluster.nodes };
}

/**
 * Both kinds of shared Redis, for suites run against each: one server (REDIS_URL) and a Redis
 * Cluster (REDIS_CLUSTER_NODES). Functions, called inside a test or hook, so a missing one fails there.
 */
export const redisTargets: [name: string, target: () => RedisTarget][] = [
  ['one Redis', redisUrl],
  ['Redis Cluster', redisClusterTarget],
];
