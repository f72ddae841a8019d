import { Redis } from 'ioredis';

/** Deletes what a test left behind, for runs against a long-lived REDIS_URL. */
export async function deleteKeys(url: string, pattern: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** The ids of the server's client connections named `name` (CLIENT SETNAME). */
export async function clientIds(redis: Redis, name: string): Promise<string[]> {
  const list = (await redis.client('LIST')) as string;
  return list
    .split('\n')
    .map((line) =>
      Object.fromEntries(
        line
          .trim()
          .split(' ')
          .map((pair) => pair.split('=', 2) as [string, string]),
      ),
    )
    .filter((fields) => fields.name === name)
    .map((fields) => fields.id as string);
}
