import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { Redis } from 'ioredis';

/**
 * Gives the test run one real Redis: REDIS_URL when set, else a redis-server of its own on a free
 * port, stopped afterwards. When neither works the reason is handed on, so every test that asks
 * for Redis fails with it (see redis.ts); nothing skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.REDIS_URL;
  if (given) {
    project.provide('redis', await probe(given));
    return async () => {};
  }
  let child: ChildProcess | undefined;
  try {
    const port = await freePort();
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    const spawnError = new Promise<never>((_, reject) => child!.once('error', reject));
    const url = `redis://127.0.0.1:${port}`;
    project.provide('redis', await Promise.race([waitForRedis(url), spawnError]));
  } catch (error) {
    project.provide('redis', { error: `could not start redis-server: ${(error as Error).message}` });
  }
  return async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}

async function probe(url: string): Promise<{ url: string } | { error: string }> {
  try {
    return await waitForRedis(url, 2_000);
  } catch (error) {
    return { error: `REDIS_URL=${url} does not answer: ${(error as Error).message}` };
  }
}

async function waitForRedis(url: string, withinMs = 5_000): Promise<{ url: string }> {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {}); // connection refusals while the server starts are expected; connect() reports them
    try {
      await redis.connect();
      await redis.ping();
      return { url };
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      redis.disconnect();
    }
  }
  throw new Error(`no answer from ${url} within ${withinMs} ms (${(last as Error)?.message ?? 'unknown'})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

declare module 'vitest' {
  export interface ProvidedContext {
    redis: { url: string } | { error: string };
  }
}
