import type { Caller } from './caller.js';

/**
 * Tenant isolation. OMS cannot keep tenants apart when they share an account, so every seller the
 * gateway creates carries its tenant's id in the OMS customer's metadata under this key, and every
 * object the gateway reads or pushes is checked, through its customer, with `canSee`. HTTP,
 * graphql-ws and the webhook router all use this one rule.
 */
export const TENANT_METADATA_KEY = 'gatewayTenantId';

export interface OwnedCustomer {
  id: string;
  metadata?: Record<string, unknown> | null;
}

/** The tenant a customer belongs to, or null for customers no tenant of this gateway created. */
export function tenantOf(customer: OwnedCustomer): string | null {
  const value = customer.metadata?.[TENANT_METADATA_KEY];
  return typeof value === 'string' ? value : null;
}

/** Whether the caller may see anything of this customer: its tenant's, and for a seller token, itself. */
export function canSee(caller: Caller, customer: OwnedCustomer): boolean {
  if (tenantOf(customer) !== caller.tenant.id) return false;
  return caller.role === 'tenant' || caller.sellerId === customer.id;
}
