import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Cluster, Redis } from 'ioredis';

/** A redis-server of one's own on a fixed port: stoppable and startable again, for outage tests. */
export interface RedisServer {
  url: string;
  port: number;
  /** Starts it (again) and resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it and resolves once the process has exited. */
  stop(): Promise<void>;
}

export async function redisServer(port?: number): Promise<RedisServer> {
  const chosen = port ?? (await freePort());
  const url = `redis://127.0.0.1:${chosen}`;
  let child: ChildProcess | undefined;
  const server: RedisServer = {
    url,
    port: chosen,
    async start() {
      if (child && child.exitCode === null) return;
      const process = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      child = process;
      const failed = new Promise<never>((_, reject) => process.once('error', reject));
      await Promise.race([waitForRedis(url), failed]);
    },
    async stop() {
      const process = child;
      if (!process || process.exitCode !== null) return;
      const exited = new Promise((resolve) => process.once('exit', resolve));
      process.kill('SIGTERM');
      await exited;
    },
  };
  await server.start();
  return server;
}

/** Resolves once `url` answers PING; rejects after `withinMs`. */
export async function waitForRedis(url: string, withinMs = 5_000): Promise<{ url: string }> {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {}); // refusals while the server starts are expected; connect() reports them
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

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Closes, in reverse order after each test, what a test opened: event logs and limits (close),
 * Redis and Cluster connections (quit), private redis-servers (stop). Call `afterEach(cleanUp)` once per file.
 */
export function tracker(): {
  track<T extends { close(): Promise<void> } | Redis | Cluster | RedisServer>(thing: T): T;
  /** Any other clean-up, run in the same reverse order. */
  defer(cleanup: () => Promise<void>): void;
  cleanUp(): Promise<void>;
} {
  const cleanups: (() => Promise<void>)[] = [];
  return {
    defer: (cleanup) => void cleanups.push(cleanup),
    track(thing) {
      cleanups.push(async () => {
        if (thing instanceof Redis || thing instanceof Cluster) await thing.quit().catch(() => thing.disconnect());
        else if ('close' in thing) await thing.close();
        else await thing.stop();
      });
      return thing;
    },
    async cleanUp() {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
}
