import type { Tenant } from '../tenancy/caller.js';

/**
 * Which browser origins may call. A request without an Origin header is not from a browser page (a
 * backend, curl) and is not an origin question. A page served by the gateway itself (the playground)
 * is its own origin. Preflights and WebSocket upgrades carry no token, so they are let through for
 * any origin some tenant allows; each tenant's own list is then checked once the caller is known.
 */
export interface Origins {
  /** Before authentication (CORS preflight, WebSocket upgrade): the gateway-wide list or any tenant's. */
  mayKnock(origin: string | undefined, host: string | undefined): boolean;
  /** After authentication: the gateway-wide list or this tenant's. */
  mayEnter(tenant: Tenant, origin: string | undefined, host: string | undefined): boolean;
}

export function createOrigins(allowed: readonly string[], tenants: readonly Tenant[]): Origins {
  const global = new Set(allowed);
  const anyTenant = new Set([...allowed, ...tenants.flatMap((t) => t.allowedOrigins)]);
  const own = (origin: string, host: string | undefined) => host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
  return {
    mayKnock: (origin, host) => origin === undefined || anyTenant.has(origin) || own(origin, host),
    mayEnter: (tenant, origin, host) => origin === undefined || global.has(origin) || tenant.allowedOrigins.includes(origin) || own(origin, host),
  };
}
