import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vitest would otherwise load graphql both as ESM and CJS, and type-graphql refuses two copies.
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/redis.global.ts', 'test/support/redis-cluster.global.ts', 'test/support/web.global.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
