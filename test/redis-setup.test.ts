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
