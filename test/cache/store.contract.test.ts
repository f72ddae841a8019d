import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCacheStore, createRedisCacheStore, type CacheStore } from '../../src/cache/index.js';
import { redisTargets } from '../support/redis.js';
import { freePort, tracker } from '../support/redis-server.js';

/** One contract, every store: generations, entries under them, facts, and use after close. In memory, on one Redis and on a Redis Cluster. */
const stores: [string, () => CacheStore][] = [
  ['memory', () => createMemoryCacheStore({ maxAgeMs: 60_000 })],
  ...redisTargets.map(([name, target]): [string, () => CacheStore] => [
    name,
    () => createRedisCacheStore({ redis: target(), prefix: `test-cache-${randomUUID()}`, maxAgeMs: 60_000 }),
  ]),
];

describe.each(stores)('%s cache store', (_name, make) => {
  const { track, cleanUp } = tracker();
  afterEach(cleanUp);
  const open = () => track(make());

  it('keeps a generation until it is bumped, and an entry only under the generation it was written with', async () => {
    const store = open();
    const first = await store.generation('acct:cst_1');
    expect(await store.generation('acct:cst_1'), 'stable').toBe(first);
    expect(await store.generation('acct:cst_2'), 'per scope').not.toBe(first);
    await store.set('acct:cst_1', first, 'GET /wallets/1', '{"id":"1"}', 60_000);
    expect(await store.get('acct:cst_1', first, 'GET /wallets/1')).toBe('{"id":"1"}');
    expect(await store.get('acct:cst_2', first, 'GET /wallets/1'), 'another scope').toBeUndefined();

    await store.bump(['acct:cst_1']);
    const second = await store.generation('acct:cst_1');
    expect(second).not.toBe(first);
    expect(await store.get('acct:cst_1', second, 'GET /wallets/1'), 'nothing under the new generation').toBeUndefined();
    // A read that began before the bump still writes under the old generation, where nobody looks now.
    await store.set('acct:cst_1', first, 'GET /wallets/1', '{"id":"old"}', 60_000);
    expect(await store.get('acct:cst_1', second, 'GET /wallets/1')).toBeUndefined();
  });

  it('keeps facts', async () => {
    const store = open();
    await store.learn('acct:wallet:wlt_1', 'cst_1', 60_000);
    expect(await store.fact('acct:wallet:wlt_1')).toBe('cst_1');
    expect(await store.fact('acct:wallet:wlt_2')).toBeUndefined();
  });

  it('refuses use after close', async () => {
    const store = make();
    await store.close();
    await expect(store.generation('acct:cst_1')).rejects.toThrow(/after close/);
    await expect(store.bump(['acct:cst_1'])).rejects.toThrow(/after close/);
  });
});

describe('Redis cache store without Redis', () => {
  it('rejects a bump instead of pretending it was written', async () => {
    const store = createRedisCacheStore({ redis: `redis://127.0.0.1:${await freePort()}`, maxAgeMs: 60_000 });
    try {
      await expect(store.bump(['acct:cst_1'])).rejects.toThrow();
      await expect(store.generation('acct:cst_1')).rejects.toThrow();
    } finally {
      await store.close();
    }
  });
});
