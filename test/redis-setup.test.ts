import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { redisUrl } from './support/redis.js';

describe('test Redis', () => {
  const redis = new Redis(redisUrl(), { lazyConnect: true });
  afterAll(() => redis.quit());

  it('is a real server that stores and returns values', async () => {
    await redis.connect();
    const key = `setup-check:${process.pid}:${Date.now()}`;
    await redis.set(key, 'ok', 'EX', 10);
    expect(await redis.get(key)).toBe('ok');
    expect(await redis.info('server')).toMatch(/redis_version:\d+/);
  });
});

describe('a redis-server of a test’s own', () => {
  it('stops and starts again on the same port', async () => {
    const { redisServer } = await import('./support/redis-server.js');
    const server = await redisServer();
    const ping = async () => {
      const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      try {
        await client.connect();
        return await client.ping();
      } catch {
        return 'down';
      } finally {
        client.disconnect();
      }
    };
    expect(await ping()).toBe('PONG');
    await server.stop();
    expect(await ping()).toBe('down');
    await server.start();
    expect(await ping()).toBe('PONG');
    await server.stop();
  });
});
