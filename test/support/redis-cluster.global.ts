import type { TestProject } from 'vitest/node';
import type { RedisNode } from '../../src/redis/connect.js';
import { redisCluster, type RedisClusterServer } from './redis-cluster.js';

/**
 * Gives the test run one real Redis Cluster of three masters, started here (redis-server and
 * redis-cli) and stopped afterwards. When it cannot start the reason is handed on, so every test that
 * asks for the cluster fails with it (see redis.ts); nothing skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let cluster: RedisClusterServer | undefined;
  try {
    cluster = await redisCluster({ masters: 3 });
    project.provide('redisCluster', { nodes: cluster.nodes });
  } catch (error) {
    project.provide('redisCluster', { error: (error as Error).message });
  }
  return async () => cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redisCluster: { nodes: RedisNode[] } | { error: string };
  }
}
