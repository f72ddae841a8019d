import { randomUUID } from 'node:crypto';
import { createMemorySellerIndex, createRedisSellerIndex, type SellerIndex } from '../../src/tenancy/seller-index/index.js';
import { deleteKeys } from '../events/redis-support.js';
import { redisTargets } from '../support/redis.js';
import { sellerIndexContract } from './seller-index.contract.js';

sellerIndexContract(
  'memory',
  async () => {
    const index = createMemorySellerIndex();
    return { index, cleanup: () => index.close() };
  },
  false,
);

for (const [name, target] of redisTargets) {
  sellerIndexContract(
    name,
    async () => {
      const redis = target();
      // A prefix of its own per test: tests share one Redis.
      const prefix = `test-${randomUUID()}`;
      const opened: SellerIndex[] = [];
      const open = () => {
        const index = createRedisSellerIndex({ redis, prefix, pollMs: 5 });
        opened.push(index);
        return index;
      };
      return {
        index: open(),
        peer: async () => open(),
        async cleanup() {
          await Promise.all(opened.map((index) => index.close()));
          await deleteKeys(redis, `${prefix}:*`);
        },
      };
    },
    true,
  );
}
