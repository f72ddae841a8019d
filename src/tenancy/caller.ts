import { hashApiKey } from './api-keys.js';
import type { Sessions } from './sessions.js';

/** What one tenant may spend; defaults come from the config, the tenants file overrides them per tenant. */
export interface TenantLimits {
  /** Operations per minute for the whole tenant (HTTP and graphql-ws alike), every token of it together. */
  requestsPerMinute: number;
  /** The share of requestsPerMinute that one seller may use (0 < share <= 1), so one seller cannot starve the tenant. */
  sellerShare: number;
  /** Open graphql-ws sockets of the tenant, across every instance. */
  socketsPerTenant: number;
  /** Open graphql-ws sockets of one seller (all its session tokens together), across every instance. */
  socketsPerSeller: number;
  /** Operations running at once on one graphql-ws socket. */
  subscriptionsPerSocket: number;
}

/** What a seller session token may do beyond the default (read its own, create and execute quotes to its own destinations). */
export interface SellerPolicy {
  /** Mutations a seller token may also run, by name (e.g. "createWallet"). */
  allow: string[];
  /** Whether a seller token sees the developer-fee configuration of its virtual accounts. */
  seeDeveloperFees: boolean;
  /** Whether a seller token may quote and execute sends to destinations that are not its own (blockchain addresses). */
  sendAnywhere: boolean;
}

/** A marketplace: its sellers are OMS customers stamped with its id. */
export interface Tenant {
  id: string;
  name: string;
  omsAccountId: string;
  limits: TenantLimits;
  sellers: SellerPolicy;
  /** Browser origins allowed besides the gateway-wide list (CORS and graphql-ws Origin). */
  allowedOrigins: string[];
}

/** Who is calling: a tenant's backend (every seller of the tenant) or one seller's dashboard. */
export type Caller =
  | { role: 'tenant'; tenant: Tenant }
  /** A seller session token: its session (revocable by its id) ends at expiresAt at the latest. */
  | { role: 'seller'; tenant: Tenant; sellerId: string; sessionId: string; expiresAt: Date };

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
 * tenant still exists and whose session is live (not revoked). Anything else is null.
 */
export function createAuthenticator(registry: TenantRegistry, sessions: Pick<Sessions, 'verify'>): Authenticate {
  return async (authorization) => {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return null;
    if (token.startsWith('gw_')) {
      const tenant = registry.byKeyHash(hashApiKey(token));
      return tenant ? { role: 'tenant', tenant } : null;
    }
    const session = await sessions.verify(token);
    const tenant = session && registry.byId(session.tenantId);
    return session && tenant ? { role: 'seller', tenant, sellerId: session.sellerId, sessionId: session.sessionId, expiresAt: session.expiresAt } : null;
  };
}
