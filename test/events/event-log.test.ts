import { randomUUID } from 'node:crypto';
import { createMemoryEventLog } from '../../src/events/memory-log.js';
import type { EventLog } from '../../src/events/event-log.js';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import { redisTargets } from '../support/redis.js';
import { eventLogContract } from './event-log.contract.js';
import { deleteKeys } from './redis-support.js';

eventLogContract(
  'memory',
  async ({ maxLength }) => {
    const log = createMemoryEventLog({ maxLength });
    return { log, cleanup: () => log.close() };
  },
  { sharedAcrossInstances: false },
);

for (const [name, target] of redisTargets) {
  eventLogContract(
    name,
    async ({ maxLength }) => {
      const url = target();
      // A prefix of its own per test: tests share one Redis, and nothing of one may leak into another.
      const prefix = `test-${randomUUID()}`;
      const logs: EventLog[] = [];
      const open = () => {
        const log = createRedisEventLog({ url, prefix, maxLength });
        logs.push(log);
        return log;
      };
      return {
        log: open(),
        peer: async () => open(),
        async cleanup() {
          await Promise.all(logs.map((log) => log.close()));
          await deleteKeys(url, `${prefix}:*`);
        },
      };
    },
    { sharedAcrossInstances: true },
  );
}
