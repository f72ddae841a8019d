import { ErrorCode, GatewayError } from '../errors.js';
import type { GatewayContext } from './context.js';

/** Tenant tokens only (a seller's dashboard may not act for the marketplace). */
export function requireTenant(ctx: GatewayContext): void {
  if (ctx.caller.role !== 'tenant') throw new GatewayError(ErrorCode.FORBIDDEN, 'This needs a tenant API key; a seller session cannot do it');
}
