import type { TenantSellerIndex } from '../tenancy/seller-index/index.js';
import type { ReadCache } from './read-cache.js';
import type { ReadRecord } from './record.js';

/**
 * The tenant's seller index as one operation uses it, under a generation of its own like a customer's:
 * a read notes the generation (read first) in the operation's record, a change renews it, so an answer
 * listing sellers is reused only while the list it read has not changed on any instance.
 */
export function recordedSellerIndex(index: TenantSellerIndex, cache: ReadCache, accountId: string, tenantId: string, record: ReadRecord): TenantSellerIndex {
  // No OMS customer id has this form: the scope is the index's alone.
  const owner = `seller-index:${tenantId}`;
  const scope = cache.scopeOf(accountId, owner);
  const reading =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        record.generations.set(scope, await cache.store.generation(scope));
      } catch {
        record.tainted = true;
      }
      return read(...args);
    };
  const changing =
    <A extends unknown[], R>(change: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      record.tainted = true;
      const result = await change(...args);
      await cache.invalidate(accountId, [owner]);
      return result;
    };
  return {
    ready: reading(index.ready),
    add: changing(index.add),
    claimExternalId: index.claimExternalId,
    releaseExternalId: index.releaseExternalId,
    findExternalId: reading(index.findExternalId),
    withEmail: reading(index.withEmail),
    changeEmail: changing(index.changeEmail),
    page: reading(index.page),
    positions: reading(index.positions),
  };
}
