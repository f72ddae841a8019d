import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionStore } from '../../src/tenancy/session-store.js';
import { createMemorySessionStore } from '../../src/tenancy/session-store.memory.js';
import { createRedisSessionStore } from '../../src/tenancy/session-store.redis.js';
import { deleteKeys } from '../events/redis-support.js';
import { redisTargets, redisUrl } from '../support/redis.js';
import { redisServer, tracker } from '../support/redis-server.js';
import { listen, session, type SessionStoreFixture, sessionStoreContract } from './session-store.contract.js';

/** Closes every instance a fixture opened, then (for Redis) the keys it left. */
function tracked(open: SessionStoreFixture['open'], after: () => Promise<void> = async () => {}): SessionStoreFixture {
  const opened: SessionStore[] = [];
  return {
    open(options) {
      const store = open(options);
      opened.push(store);
      return store;
    },
    async cleanup() {
      await Promise.all(opened.map((store) => store.close()));
      await after();
    },
  };
}

sessionStoreContract('memory', async () => tracked((options) => createMemorySessionStore(options)), { sharedAcrossInstances: false });

for (const [name, target] of redisTargets) {
  sessionStoreContract(
    name,
    async () => {
      const redis = target();
      // A prefix of its own per test: tests share one Redis, and nothing of one may leak into another.
      const prefix = `test-${randomUUID()}`;
      return tracked(
        (options) => createRedisSessionStore({ redis, prefix, ...options }),
        () => deleteKeys(redis, `${prefix}:*`),
      );
    },
    { sharedAcrossInstances: true },
  );
}

/** What only the Redis store does: keys of one hash tag that expire with their sessions, and what it does after an outage. */
describe('Redis session store', () => {
  const { track, defer, cleanUp } = tracker();
  afterEach(cleanUp);

  function freshPrefix(): string {
    const prefix = `test-${randomUUID()}`;
    defer(() => deleteKeys(redisUrl(), `${prefix}:*`));
    return prefix;
  }

  it('keeps a session under its tenant’s hash tag, expiring with it, and the seller’s set expiring with its last session', async () => {
    const prefix = freshPrefix();
    const store = track(createRedisSessionStore({ redis: redisUrl(), prefix }));
    const soon = session('acme', 'cst_1', new Date(Date.now() + 60_000));
    const later = session('acme', 'cst_1', new Date(Date.now() + 120_000));
    await store.record(later);
    await store.record(soon);
    const admin = track(new Redis(redisUrl()));
    const tag = `${prefix}:{gw:acme}`;
    expect((await admin.keys(`${prefix}:*`)).sort()).toEqual([`${tag}:session:${soon.id}`, `${tag}:session:${later.id}`, `${tag}:sessions:cst_1`].sort());
    expect(await admin.pexpiretime(`${tag}:session:${soon.id}`)).toBe(soon.expiresAt.getTime());
    expect(await admin.pexpiretime(`${tag}:sessions:cst_1`)).toBe(later.expiresAt.getTime());
    await store.revokeSeller('acme', 'cst_1');
    expect(await admin.keys(`${prefix}:*`), 'nothing left behind').toEqual([]);
  });

  it('tells its listeners to recheck when its subscription comes back after an outage (announcements may have been lost)', async () => {
    const server = track(await redisServer());
    const store = track(createRedisSessionStore({ redis: server.url, prefix: 'outage' }));
    const other = track(createRedisSessionStore({ redis: server.url, prefix: 'outage' }));
    const s = session('acme', 'cst_1');
    await store.record(s);
    const heard = listen(store);
    // Revoked on the other instance and heard here: the subscription is up (the signal the outage test waits for).
    expect(await other.revoke('acme', s.id)).toBe(true);
    expect(await heard.next(1)).toEqual([{ tenantId: 'acme', sessionIds: [s.id] }]);
    await server.stop();
    await server.start();
    expect((await heard.next(2))[1]).toBe('recheck');
  });

  it('refuses to answer while Redis is away rather than call a session live', async () => {
    const server = track(await redisServer());
    const store = track(createRedisSessionStore({ redis: server.url, prefix: 'away', cacheMs: 0 }));
    const s = session('acme', 'cst_1');
    await store.record(s);
    await server.stop();
    await expect(store.isLive('acme', s.id)).rejects.toThrow();
  });
});
