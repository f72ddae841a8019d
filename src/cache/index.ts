export { cachedTransport } from './cached-transport.js';
export { createMemoryCacheStore } from './memory-store.js';
export { CacheInvalidationFailed, type CacheCounts, createReadCache, lruClock, type ReadCache } from './read-cache.js';
export { createRedisCacheStore } from './redis-store.js';
export type { ObjectRef } from './routes.js';
export type { CacheStore } from './store.js';
export { newReadRecord, type ReadRecord } from './record.js';
export { recordedSellerIndex } from './seller-index.js';
