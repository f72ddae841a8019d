import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRequestBudgets } from '../../src/tenancy/limits/budgets.js';
import { createRedisSocketSlots, type RedisSocketSlotsOptions } from '../../src/tenancy/limits/socket-slots.js';
import { deleteKeys } from '../events/redis-support.js';
import { within } from '../events/support.js';
import { redisUrl } from '../support/redis.js';
import { freePort, redisServer, tracker } from '../support/redis-server.js';
import { testTenant } from '../support/tenants.js';
import { held, sellerCaller, tenantCaller } from './limits.contract.js';

/** What only the Redis limits do: keys of one hash tag that expire, leases, outages, connections. */
describe('Redis limits', () => {
  const { track, defer, cleanUp } = tracker();
  afterEach(async () => {
    vi.useRealTimers();
    await cleanUp();
  });

  /** A key prefix of the test's own, its keys deleted afterwards. */
  function freshPrefix(): string {
    const prefix = `test-${randomUUID()}`;
    defer(() => deleteKeys(redisUrl(), `${prefix}:*`));
    return prefix;
  }

  /** Resolves on the connection's next `name` event; unlike events.once, its errors (expected here) do not reject it. */
  const event = (redis: Redis, name: 'close' | 'ready') => new Promise<void>((resolve) => redis.once(name, () => resolve()));

  const slotsOn = (options: RedisSocketSlotsOptions) => track(createRedisSocketSlots(options));

  it('keeps a tenant’s keys under its hash tag {gw:<tenant>}, expiring, and leaves no socket set behind', async () => {
    const prefix = freshPrefix();
    const budgets = track(createRequestBudgets({ redis: redisUrl(), prefix }));
    const slots = slotsOn({ redis: redisUrl(), prefix });
    const acme = testTenant('acme');
    await budgets.charge(sellerCaller(acme, 'sel_1'));
    const slot = held(await slots.claim(sellerCaller(acme, 'sel_1'), 's1'));
    const admin = track(new Redis(redisUrl()));
    const tag = `${prefix}:{gw:acme}`;
    const keys = [`${tag}:budget:seller:sel_1`, `${tag}:budget:tenant`, `${tag}:sockets`, `${tag}:sockets:sel_1`];
    expect((await admin.keys(`${prefix}:*`)).sort()).toEqual(keys);
    for (const key of keys) {
      expect(await admin.pttl(key)).toBeGreaterThan(0);
      expect(await admin.pttl(key)).toBeLessThanOrEqual(60_000);
    }
    await slot.release();
    expect((await admin.keys(`${prefix}:*`)).sort()).toEqual(keys.slice(0, 2));
  });

  it('gives a seller its point back when the tenant’s budget refuses it, so its share is not spent on refusals', async () => {
    const prefix = freshPrefix();
    const budgets = track(createRequestBudgets({ redis: redisUrl(), prefix }));
    const acme = testTenant('acme', { limits: { requestsPerMinute: 2, sellerShare: 1 } });
    await budgets.charge(tenantCaller(acme));
    await budgets.charge(tenantCaller(acme));
    for (let i = 0; i < 3; i += 1) expect(await budgets.charge(sellerCaller(acme, 'sel_1'))).toMatchObject({ ok: false, scope: 'tenant' });
    const admin = track(new Redis(redisUrl()));
    expect(Number(await admin.get(`${prefix}:{gw:acme}:budget:seller:sel_1`))).toBe(0);
  });

  it('takes back a claim whose answer was lost (Redis stalled past the command timeout): no orphan slot stays', async () => {
    const prefix = freshPrefix();
    const slots = slotsOn({ redis: redisUrl(), prefix });
    const admin = track(new Redis(redisUrl()));
    const acme = testTenant('acme', { limits: { socketsPerSeller: 1 } });
    await admin.client('PAUSE', 1_500, 'WRITE');
    await expect(slots.claim(sellerCaller(acme, 'sel_1'), 'stalled')).rejects.toThrow();
    // The claim script and the take-back both run once Redis resumes, in that order, on one connection.
    const fresh = held(await slots.claim(sellerCaller(acme, 'sel_1'), 'fresh'));
    expect(await admin.zrange(`${prefix}:{gw:acme}:sockets:sel_1`, 0, -1)).toEqual(['fresh']);
    await fresh.release();
  });

  it('refuses a prefix with braces, which would take the hash tag from the tenant', () => {
    expect(() => createRequestBudgets({ prefix: 'gw{x}' })).toThrow(/without braces/);
    expect(() => createRedisSocketSlots({ redis: redisUrl(), prefix: '{gw}' })).toThrow(/without braces/);
  });

  it('frees the slot of an instance that stopped renewing once its lease runs out, never before', async () => {
    const prefix = freshPrefix();
    let clock = 1_000_000;
    const now = () => clock;
    const dead = slotsOn({ redis: redisUrl(), prefix, now });
    const alive = slotsOn({ redis: redisUrl(), prefix, now });
    const acme = tenantCaller(testTenant('acme', { limits: { socketsPerTenant: 1 } }));
    const orphan = held(await dead.claim(acme, 's1'));
    clock += 59_000;
    await dead.renew();
    clock += 59_000;
    expect(await alive.claim(acme, 's2')).toEqual({ ok: false, scope: 'tenant', limit: 1 });
    // The last renewal was at 1_059_000: its lease ends at 1_119_000.
    clock = 1_119_000;
    held(await alive.claim(acme, 's2'));
    // The dead instance's late release removes its own slot only, which is gone already.
    await orphan.release();
    expect(await alive.claim(acme, 's3')).toEqual({ ok: false, scope: 'tenant', limit: 1 });
  });

  it('renews its slots on a timer every third of a lease, so an open socket keeps its slot', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const prefix = freshPrefix();
    // One connection for both instances: Redis then runs the timer's renewal before the next claim.
    const shared = track(new Redis(redisUrl()));
    let clock = 1_000_000;
    const now = () => clock;
    const renewing = slotsOn({ redis: shared, prefix, now, leaseMs: 30_000 });
    const other = slotsOn({ redis: shared, prefix, now, leaseMs: 30_000 });
    const acme = tenantCaller(testTenant('acme', { limits: { socketsPerTenant: 1 } }));
    held(await renewing.claim(acme, 's1'));
    clock += 20_000;
    vi.advanceTimersByTime(10_000);
    expect(Number(await shared.zscore(`${prefix}:{gw:acme}:sockets`, 's1'))).toBe(1_050_000);
    clock += 29_000;
    expect(await other.claim(acme, 's2')).toEqual({ ok: false, scope: 'tenant', limit: 1 });
  });

  it('answers charges from per-process budgets while Redis is down, promptly', async () => {
    const server = track(await redisServer());
    const budgets = track(createRequestBudgets({ redis: server.url, prefix: 'test' }));
    const acme = tenantCaller(testTenant('acme', { limits: { requestsPerMinute: 2 } }));
    expect(await budgets.charge(acme)).toEqual({ ok: true });
    await server.stop();
    // The insurance limiter starts empty: Redis's count is out of reach.
    const started = Date.now();
    const answers = [await budgets.charge(acme), await budgets.charge(acme), await budgets.charge(acme)];
    expect(answers).toEqual([{ ok: true }, { ok: true }, expect.objectContaining({ ok: false, scope: 'tenant' })]);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('answers charges on a connection it was given (queueing, retrying) while Redis is down, and uses Redis once it is back', async () => {
    const server = track(await redisServer());
    const given = track(new Redis(server.url));
    given.on('error', () => {}); // the outage below is the point of the test
    const budgets = track(createRequestBudgets({ redis: given, prefix: 'test' }));
    const acme = tenantCaller(testTenant('acme', { limits: { requestsPerMinute: 2 } }));
    expect(await budgets.charge(acme)).toEqual({ ok: true });
    const lost = event(given, 'close');
    await server.stop();
    await lost;
    const answers = within(Promise.all([budgets.charge(acme), budgets.charge(acme)]), 2_000, () => 'charges waited for Redis');
    expect(await answers).toEqual([{ ok: true }, { ok: true }]);
    expect(await budgets.charge(acme)).toMatchObject({ ok: false, scope: 'tenant' });
    const back = event(given, 'ready');
    await server.start();
    await back;
    // The insurance limiter is spent; a fresh Redis (nothing persisted) has room.
    expect(await budgets.charge(acme)).toEqual({ ok: true });
  });

  it('answers charges at once from an unreachable Redis, and rejects socket claims within 2 s', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const budgets = track(createRequestBudgets({ redis: url }));
    const slots = slotsOn({ redis: url });
    const started = Date.now();
    expect(await budgets.charge(tenantCaller(testTenant('acme')))).toEqual({ ok: true });
    await expect(slots.claim(tenantCaller(testTenant('acme')), 's1')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('closes promptly while Redis is down, with slots held', async () => {
    const server = track(await redisServer());
    const slots = createRedisSocketSlots({ redis: server.url });
    held(await slots.claim(tenantCaller(testTenant('acme')), 's1'));
    await server.stop();
    await within(slots.close(), 2_000, () => 'close did not finish within 2 s while Redis was down');
  });

  it('leaves a connection it was given open, and closes one it made', async () => {
    const quit = vi.spyOn(Redis.prototype, 'quit');
    defer(async () => quit.mockRestore());
    const given = track(new Redis(redisUrl()));
    const prefix = freshPrefix();
    const budgets = createRequestBudgets({ redis: given, prefix });
    const slots = createRedisSocketSlots({ redis: given, prefix });
    await budgets.charge(tenantCaller(testTenant('acme')));
    held(await slots.claim(tenantCaller(testTenant('acme')), 's1'));
    await Promise.all([budgets.close(), slots.close()]);
    expect(quit).not.toHaveBeenCalled();
    expect(await given.ping()).toBe('PONG');
    expect(await given.zcard(`${prefix}:{gw:acme}:sockets`)).toBe(0);
    const made = createRedisSocketSlots({ redis: redisUrl(), prefix });
    held(await made.claim(tenantCaller(testTenant('acme')), 's2'));
    await made.close();
    expect(quit.mock.contexts).toHaveLength(1);
    expect(quit.mock.contexts[0]).not.toBe(given);
  });
});
