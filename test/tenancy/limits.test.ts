import { randomUUID } from 'node:crypto';
import { createRequestBudgets } from '../../src/tenancy/limits/budgets.js';
import { createMemorySocketSlots, createRedisSocketSlots } from '../../src/tenancy/limits/socket-slots.js';
import { deleteKeys } from '../events/redis-support.js';
import { redisTargets } from '../support/redis.js';
import { type LimitsFixture, limitsContract } from './limits.contract.js';

/** Closes every instance a fixture opened, then (for Redis) the keys it left. */
function tracked(open: { budgets: LimitsFixture['budgets']; slots: LimitsFixture['slots'] }, after: () => Promise<void> = async () => {}): LimitsFixture {
  const opened: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(thing: T): T => {
    opened.push(thing);
    return thing;
  };
  return {
    budgets: () => track(open.budgets()),
    slots: () => track(open.slots()),
    async cleanup() {
      await Promise.all(opened.map((thing) => thing.close()));
      await after();
    },
  };
}

limitsContract('memory', async () => tracked({ budgets: () => createRequestBudgets(), slots: () => createMemorySocketSlots() }), {
  sharedAcrossInstances: false,
});

for (const [name, target] of redisTargets) {
  limitsContract(
    name,
    async () => {
      const redis = target();
      // A prefix of its own per test: tests share one Redis, and nothing of one may leak into another.
      const prefix = `test-${randomUUID()}`;
      return tracked({ budgets: () => createRequestBudgets({ redis, prefix }), slots: () => createRedisSocketSlots({ redis, prefix }) }, () =>
        deleteKeys(redis, `${prefix}:*`),
      );
    },
    { sharedAcrossInstances: true },
  );
}
