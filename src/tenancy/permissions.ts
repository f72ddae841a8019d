import { ErrorCode, GatewayError } from '../errors.js';
import type { Caller } from './caller.js';
import { type Destination, isOwnDestination } from './ownership.js';
import { SELLER_WIDENABLE_MUTATIONS } from './tenants-file.js';

/**
 * What each role may do. The door asks `mayRun` for every root field of every operation, whatever
 * the transport, before any resolver runs; resolvers ask the finer rules below where the answer
 * depends on the input (developer fees, where money goes).
 */

/** Mutations every seller token may run: quoting and executing sends from its own wallets. */
export const SELLER_DEFAULT_MUTATIONS = ['createQuote', 'executeQuote'] as const;

const widenable: ReadonlySet<string> = new Set(SELLER_WIDENABLE_MUTATIONS);
const sellerDefaults: ReadonlySet<string> = new Set(SELLER_DEFAULT_MUTATIONS);

/**
 * Whether `caller` may run the root field `field` of an operation of this type. A tenant key may run
 * everything. A seller token may read and subscribe to everything (what it then sees is its own
 * alone), and run the default mutations plus those its tenant opened (`sellers.allow`); a name in
 * `allow` that a tenant may not open is ignored, so nothing outside SELLER_WIDENABLE_MUTATIONS is ever
 * a seller's. Meta fields (`__typename`) reveal nothing and are always allowed.
 */
export function mayRun(caller: Caller, operation: 'query' | 'mutation' | 'subscription', field: string): boolean {
  if (caller.role === 'tenant' || field.startsWith('__')) return true;
  switch (operation) {
    case 'query':
    case 'subscription':
      return true;
    case 'mutation':
      return sellerDefaults.has(field) || (widenable.has(field) && caller.tenant.sellers.allow.includes(field));
    default: {
      const unknown: never = operation;
      throw new Error(`unknown operation type ${String(unknown)}`);
    }
  }
}

/**
 * Refuses developer fees from a seller token (FORBIDDEN, naming the field): they are the marketplace's
 * income, so not even a tenant that opened createVirtualAccount to its sellers lets them set any.
 */
export function requireMaySetDeveloperFees(caller: Caller, field = 'input.developerFees'): void {
  if (caller.role === 'seller') throw new GatewayError(ErrorCode.FORBIDDEN, `${field}: a seller session token cannot set developer fees`);
}

/**
 * Refuses a seller's metadata from a seller token (FORBIDDEN, naming the field): it is the tenant's
 * own data about the seller, so a seller token that may update its contact details cannot rewrite it.
 */
export function requireMaySetSellerMetadata(caller: Caller, field = 'input.metadata'): void {
  if (caller.role === 'seller') throw new GatewayError(ErrorCode.FORBIDDEN, `${field}: a seller session token cannot change the tenant's metadata`);
}

/** Whether `caller` may send to `destination`: a tenant key anywhere, a seller token to its own unless its tenant allows `sendAnywhere`. */
export function maySendTo(caller: Caller, destination: Destination): boolean {
  return sendsAnywhere(caller) || isOwnDestination(caller, destination);
}

/**
 * Refuses a send (FORBIDDEN, naming the input field) that `caller` may not make. `destination` is
 * asked for only when the answer depends on it, so a tenant key's sends cost no lookups.
 * Callers check visibility first: a destination the caller cannot see is NOT_FOUND, never FORBIDDEN.
 */
export async function requireMaySendTo(caller: Caller, field: string, destination: () => Promise<Destination> | Destination): Promise<void> {
  if (sendsAnywhere(caller) || isOwnDestination(caller, await destination())) return;
  throw new GatewayError(ErrorCode.FORBIDDEN, `${field}: a seller session token may send only to its own wallets and external accounts`);
}

function sendsAnywhere(caller: Caller): boolean {
  return caller.role === 'tenant' || caller.tenant.sellers.sendAnywhere;
}
