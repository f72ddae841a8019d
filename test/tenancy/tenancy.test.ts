import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { hashApiKey, newApiKey } from '../../src/tenancy/api-keys.js';
import { createAuthenticator, createTenantRegistry, type Tenant } from '../../src/tenancy/caller.js';
import { canSee, canSeeSeller, isTreasury, TENANT_METADATA_KEY, tenantOf, TREASURY_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { createMemorySessionStore } from '../../src/tenancy/session-store.memory.js';
import { createSessionTokens } from '../../src/tenancy/session-tokens.js';
import { createSessions } from '../../src/tenancy/sessions.js';
import { parseTenantsFile, tenantFrom } from '../../src/tenancy/tenants-file.js';
import { loadConfig } from '../../src/config.js';
import { testTenant } from '../support/tenants.js';

const acme: Tenant = testTenant('acme', { limits: { requestsPerMinute: 60 } });
const globex: Tenant = testTenant('globex', { limits: { requestsPerMinute: 60 } });
const SECRET = 'a-session-secret-that-is-long-enough-0123';

describe('authentication', () => {
  const acmeKey = newApiKey('acme');
  const registry = createTenantRegistry([
    { tenant: acme, apiKeyHashes: [hashApiKey(acmeKey)] },
    { tenant: globex, apiKeyHashes: [hashApiKey(newApiKey('globex'))] },
  ]);
  const sessions = createSessions({ tokens: createSessionTokens({ secret: SECRET }), store: createMemorySessionStore() });
  const authenticate = createAuthenticator(registry, sessions);

  it('knows tenant keys with or without "Bearer", and seller tokens of existing tenants', async () => {
    expect(await authenticate(`Bearer ${acmeKey}`)).toEqual({ role: 'tenant', tenant: acme });
    expect(await authenticate(acmeKey)).toEqual({ role: 'tenant', tenant: acme });
    const { id, token, expiresAt } = await sessions.issue('acme', 'cst_9', 60);
    expect(await authenticate(`Bearer ${token}`)).toEqual({ role: 'seller', tenant: acme, sellerId: 'cst_9', sessionId: id, expiresAt });
    const orphan = await sessions.issue('gone', 'cst_9', 60);
    expect(await authenticate(orphan.token)).toBeNull();
  });

  it('refuses unknown keys, empty values and stored hashes presented as keys', async () => {
    for (const value of [undefined, null, '', 'Bearer ', `Bearer ${newApiKey('acme')}`, hashApiKey(acmeKey)]) {
      expect(await authenticate(value)).toBeNull();
    }
  });
});

describe('ownership', () => {
  const mine = { id: 'cst_1', metadata: { [TENANT_METADATA_KEY]: 'acme' } };
  it('lets a tenant see its own sellers and a seller token only itself', () => {
    expect(tenantOf(mine)).toBe('acme');
    expect(canSee({ role: 'tenant', tenant: acme }, mine)).toBe(true);
    expect(canSee({ role: 'tenant', tenant: globex }, mine)).toBe(false);
    expect(canSee({ role: 'seller', tenant: acme, sellerId: 'cst_1', sessionId: 'ses_test', expiresAt: new Date() }, mine)).toBe(true);
    expect(canSee({ role: 'seller', tenant: acme, sellerId: 'cst_2', sessionId: 'ses_test', expiresAt: new Date() }, mine)).toBe(false);
    expect(canSee({ role: 'tenant', tenant: acme }, { id: 'cst_3', metadata: null })).toBe(false);
  });

  it("lets only the tenant key see its treasury's things, and nobody see the treasury as a seller", () => {
    const treasury = { id: 'cst_t', metadata: { [TENANT_METADATA_KEY]: 'acme', [TREASURY_METADATA_KEY]: true } };
    const itself = { role: 'seller', tenant: acme, sellerId: 'cst_t', sessionId: 'ses_test', expiresAt: new Date() } as const;
    expect([isTreasury(treasury), isTreasury(mine)]).toEqual([true, false]);
    expect(isTreasury({ id: 'cst_x', metadata: { [TREASURY_METADATA_KEY]: 'true' } }), 'only the boolean the gateway writes').toBe(false);
    expect(canSee({ role: 'tenant', tenant: acme }, treasury)).toBe(true);
    expect(canSee({ role: 'tenant', tenant: globex }, treasury)).toBe(false);
    expect(canSee(itself, treasury), 'not even a session token naming it').toBe(false);
    expect(canSeeSeller({ role: 'tenant', tenant: acme }, treasury)).toBe(false);
    expect(canSeeSeller({ role: 'tenant', tenant: acme }, mine)).toBe(true);
  });
});

describe('tenants file', () => {
  const account = { kind: 'sandbox', id: 'main' };
  it('names every problem: unknown account, duplicate ids and keys, malformed hashes', () => {
    const hash = hashApiKey('gw_x');
    const attempt = () =>
      parseTenantsFile({
        omsAccounts: [account],
        tenants: [
          { id: 'acme', name: 'A', omsAccount: 'nope', apiKeyHashes: [hash] },
          { id: 'acme', name: 'B', omsAccount: 'main', apiKeyHashes: [hash, 'md5:abc'] },
        ],
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/tenants\.0\.omsAccount: no OMS account nope/);
    expect(attempt).toThrow(/tenants\.1\.apiKeyHashes\.1: expected "sha256:"/);
  });

  it('accepts a valid file; limits it leaves out come from the config, seller tokens get the default policy', () => {
    const file = parseTenantsFile({
      omsAccounts: [account],
      tenants: [{ id: 'acme', name: 'Acme', omsAccount: 'main', apiKeyHashes: [hashApiKey('k')], limits: { requestsPerMinute: 5 } }],
    });
    const tenant = tenantFrom(file.tenants[0]!, loadConfig({}).limits);
    expect(tenant.limits).toEqual({ requestsPerMinute: 5, sellerShare: 0.1, socketsPerTenant: 10_000, socketsPerSeller: 10, subscriptionsPerSocket: 20 });
    expect(tenant.sellers).toEqual({ allow: [], seeDeveloperFees: false, sendAnywhere: false });
    expect(tenant.allowedOrigins).toEqual([]);
  });

  it('refuses an origin that is not scheme://host[:port] and a mutation seller tokens cannot be given', () => {
    const entry = { id: 'acme', name: 'Acme', omsAccount: 'main', apiKeyHashes: [hashApiKey('k')] };
    expect(() => parseTenantsFile({ omsAccounts: [account], tenants: [{ ...entry, allowedOrigins: ['https://shop.example/'] }] })).toThrow(
      /tenants\.0\.allowedOrigins\.0/,
    );
    expect(() => parseTenantsFile({ omsAccounts: [account], tenants: [{ ...entry, sellerTokens: { allow: ['dropTables'] } }] })).toThrow(
      /tenants\.0\.sellerTokens\.allow\.0/,
    );
  });
});
