/** The socket caps: one process in memory, or every instance together in Redis. */
export { createMemorySocketSlots } from './socket-slots.memory.js';
export { createRedisSocketSlots, type RedisSocketSlots, type RedisSocketSlotsOptions } from './socket-slots.redis.js';
