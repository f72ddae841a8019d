import { hashApiKey } from './api-keys.js';
import type { SessionIssuer } from './sessions.js';

/** A marketplace: its sellers are OMS customers stamped with its id. */
export interface Tenant {
  id: string;
  name: string;
  omsAccountId: string;
  limits: { requestsPerMinute: number };
}

/** Who is calling: a tenant's backend (every seller of the tenant) or one seller's dashboard. */
export type Caller = { role: 'tenant'; tenant: Tenant } | { role: 'seller'; tenant: Tenant; sellerId: string; expiresAt: Date };

export interface TenantRegistry {
  byId(id: string): Tenant | undefined;
  byKeyHash(hash: string): Tenant | undefined;
  all(): Tenant[];
}

export function createTenantRegistry(entries: { tenant: Tenant; apiKeyHashes: string[] }[]): TenantRegistry {
  const byId = new Map(entries.map(({ tenant }) => [tenant.id, tenant]));
  const byHash = new Map(entries.flatMap(({ tenant, apiKeyHashes }) => apiKeyHashes.map((hash) => [hash, tenant] as const)));
  return { byId: (id) => byId.get(id), byKeyHash: (hash) => byHash.get(hash), all: () => [...byId.values()] };
}

export type Authenticate = (authorization: string | undefined | null) => Promise<Caller | null>;

/**
 * Resolves an `Authorization` value ("Bearer <token>", or the bare token as graphql-ws
 * connectionParams may carry it) to a caller: a tenant API key, or a seller session token whose
 * tenant still exists. Anything else is null.
 */
export function createAuthenticator(registry: TenantRegistry, sessions: SessionIssuer): Authenticate {
  return async (authorization) => {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return null;
    if (token.startsWith('gw_')) {
      const tenant = registry.byKeyHash(hashApiKey(token));
      return tenant ? { role: 'tenant', tenant } : null;
    }
    const session = await sessions.verify(token);
    const tenant = session && registry.byId(session.tenantId);
    return session && tenant ? { role: 'seller', tenant, sellerId: session.sellerId, expiresAt: session.expiresAt } : null;
  };
}
