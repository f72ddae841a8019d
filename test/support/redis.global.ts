import type { TestProject } from 'vitest/node';
import { redisServer, waitForRedis, type RedisServer } from './redis-server.js';

/**
 * Gives the test run one real Redis: REDIS_URL when set, else a redis-server of its own on a free
 * port, stopped afterwards. When neither works the reason is handed on, so every test that asks
 * for Redis fails with it (see redis.ts); nothing skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.REDIS_URL;
  if (given) {
    project.provide('redis', await waitForRedis(given, 2_000).catch((error: Error) => ({ error: `REDIS_URL=${given} does not answer: ${error.message}` })));
    return async () => {};
  }
  let server: RedisServer | undefined;
  try {
    server = await redisServer();
    project.provide('redis', { url: server.url });
  } catch (error) {
    project.provide('redis', { error: `could not start redis-server: ${(error as Error).message}` });
  }
  return async () => server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    redis: { url: string } | { error: string };
  }
}
