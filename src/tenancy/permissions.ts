import { ErrorCode, GatewayError } from '../errors.js';
import type { Caller } from './caller.js';
import { type Destination, isOwnDestination } from './ownership.js';
import { SELLER_WIDENABLE_MUTATIONS } from './tenants-file.js';

/**
 * What each role may do. The door asks `mayRun` for every root field of every operation, whatever
 * the transport, before any resolver runs; resolvers ask the finer rules below where the answer
 * depends on the input (developer fees, where money goes).
 */

/**
 * Mutations every seller token may run: quoting and executing sends from its own wallets, and ending a
 * session of its own seller (signing out only takes access away, so it needs no grant).
 */
export const SELLER_DEFAULT_MUTATIONS = ['createQuote', 'executeQuote', 'revokeSellerSession'] as const;

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
 * Refuses sponsored gas from a seller token (FORBIDDEN, naming the field): the tenant pays the gas it
 * sponsors, so only the tenant key may spend it, as with developer fees.
 */
export function requireMaySponsorGas(caller: Caller, field = 'input.sponsorGas'): void {
  if (caller.role === 'seller') throw new GatewayError(ErrorCode.FORBIDDEN, `${field}: a seller session token cannot make the tenant sponsor the gas`);
}

/**
 * Refuses a seller token's metadata on executing a quote that already carries metadata (FORBIDDEN,
 * naming the field). OMS puts the execution's metadata on the transaction in place of the quote's, so
 * the seller would overwrite what the tenant wrote on a quote it made (an order id, an approval).
 * Refused rather than merged: merged, the transaction would carry the tenant's keys beside keys the
 * seller added, which a payments team reconciling by metadata could not tell from its own. A seller
 * token may still set metadata on executing a quote that carries none (its own quotes, typically).
 */
export function requireMaySetExecutionMetadata(caller: Caller, quoteMetadata: Record<string, unknown> | null | undefined, field = 'input.metadata'): void {
  if (caller.role === 'seller' && quoteMetadata && Object.keys(quoteMetadata).length > 0) {
    throw new GatewayError(ErrorCode.FORBIDDEN, `${field}: a seller session token cannot replace the metadata the quote carries`);
  }
}

/**
 * Refuses saving a blockchain address as a seller's external account from a seller token whose tenant
 * does not let it send anywhere (FORBIDDEN, naming the field): a saved address counts as the seller's
 * own destination, so saving any address would be sending anywhere by another name.
 */
export function requireMaySaveBlockchainAddress(caller: Caller, field = 'input.blockchainAddress'): void {
  if (sendsAnywhere(caller)) return;
  throw new GatewayError(ErrorCode.FORBIDDEN, `${field}: a seller session token may save a blockchain address only where its tenant lets it send anywhere`);
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
