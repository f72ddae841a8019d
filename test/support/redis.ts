import { inject } from 'vitest';

/** The run's Redis URL; throws (failing the test that asked) when the run has no Redis. */
export function redisUrl(): string {
  const redis = inject('redis');
  if ('error' in redis) throw new Error(`This test needs Redis and there is none: ${redis.error}`);
  return redis.url;
}
