/** The seller index: its contract, one process in memory or every instance together in Redis, and a tenant's view of it. */
export { indexedSeller, scanSellers } from './backfill.js';
export type { BackfillScan, ExternalIdClaim, IndexedSeller, IndexPage, IndexPageRequest, SellerIndex } from './seller-index.js';
export { createMemorySellerIndex } from './seller-index.memory.js';
export { createRedisSellerIndex, type RedisSellerIndexOptions } from './seller-index.redis.js';
export { type TenantSellerIndex, tenantSellerIndex } from './tenant.js';
