import { type Cluster, Redis } from 'ioredis';
import { closeRedis, connectRedis, type RedisTarget } from '../../src/redis/connect.js';

/** Deletes what a test left behind, for runs against a long-lived REDIS_URL (and on the run's Redis Cluster, every master's). */
export async function deleteKeys(target: RedisTarget, pattern: string): Promise<void> {
  const client = connectRedis(target);
  try {
    if (client instanceof Redis) return await deleteOn(client, pattern, true);
    await client.ping(); // its nodes are known once it answers
    await Promise.all(client.nodes('master').map((node) => deleteOn(node, pattern, false)));
  } finally {
    await closeRedis(client);
  }
}

/** SCANs one server; keys of several slots (a Cluster node's) are unlinked one by one. */
async function deleteOn(redis: Redis, pattern: string, together: boolean): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    if (keys.length && together) await redis.unlink(...keys);
    else if (keys.length) await Promise.all(keys.map((key) => redis.unlink(key)));
    cursor = next;
  } while (cursor !== '0');
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

/** Every key of the Cluster matching `pattern`, from each master. */
export async function clusterKeys(cluster: Cluster, pattern: string): Promise<string[]> {
  await cluster.ping();
  return (await Promise.all(cluster.nodes('master').map((node) => node.keys(pattern)))).flat().sort();
}
