import type { Tenant } from '../../src/tenancy/caller.js';

/** A tenant for unit tests: the config's default limits and seller policy unless overridden. */
export function testTenant(
  id: string,
  overrides: { limits?: Partial<Tenant['limits']>; sellers?: Partial<Tenant['sellers']>; allowedOrigins?: string[] } = {},
): Tenant {
  return {
    id,
    name: id.toUpperCase(),
    omsAccountId: 'main',
    limits: { requestsPerMinute: 600, sellerShare: 0.1, socketsPerTenant: 10_000, socketsPerSeller: 10, subscriptionsPerSocket: 20, ...overrides.limits },
    sellers: { allow: [], seeDeveloperFees: false, sendAnywhere: false, ...overrides.sellers },
    allowedOrigins: overrides.allowedOrigins ?? [],
  };
}
