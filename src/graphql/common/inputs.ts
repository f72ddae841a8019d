import { z } from 'zod';
import { ASSET_SCALE, DISPLAY_MIN_FRACTION, formatUnits, isDecimalString, type MoneyAsset, parseUnits } from '../../money.js';
import { RESERVED_METADATA_KEYS } from '../../tenancy/ownership.js';

/** zod pieces shared by mutation inputs. GraphQL gives absent optional fields as null or undefined. */

export const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** A Decimal input: a string like "494.00", never a number, never exponent notation. */
/** Marks an issue as a malformed amount: validate() reports it as INVALID_AMOUNT. */
export const AMOUNT = { params: { amount: true } } as const;

export const decimalInput = z
  .unknown()
  .refine((value) => typeof value === 'string' && isDecimalString(value), { message: 'expected a decimal string like "494.00"', ...AMOUNT })
  .transform((value) => value as string);

/**
 * The largest amount the gateway passes on, in any asset: a trillion (1e12). Far above any single
 * payment OMS takes, so it refuses nothing real, and low enough that a pasted number of thirty digits
 * is the caller's mistake, named on its field, rather than something OMS is left to make sense of.
 */
export const MAX_AMOUNT = 10n ** 12n;

/**
 * A payment amount in `asset` (or, before the asset is known, in any): positive, at most the asset's
 * decimal places (src/money.ts ASSET_SCALE) and at most MAX_AMOUNT; each refusal is INVALID_AMOUNT.
 * The value is passed on in its plain form ("010.5" -> "10.50"), never rounded.
 */
export const amountInput = (asset?: MoneyAsset) => {
  const scale = asset ? ASSET_SCALE[asset] : Math.max(...Object.values(ASSET_SCALE));
  return decimalInput
    .superRefine((value, ctx) => {
      const refuse = (message: string) => ctx.addIssue({ code: 'custom', message, ...AMOUNT });
      if (value.startsWith('-') || !/[1-9]/.test(value)) return refuse('expected a positive amount, e.g. "10.00"');
      const [whole = '', fraction = ''] = value.split('.');
      if (fraction.replace(/0+$/, '').length > scale) return refuse(`expected at most ${scale} decimal places${asset ? ` for ${asset.toUpperCase()}` : ''}`);
      if (BigInt(whole) > MAX_AMOUNT || (BigInt(whole) === MAX_AMOUNT && /[1-9]/.test(fraction))) refuse(`expected at most ${MAX_AMOUNT} (a trillion)`);
    })
    .transform((value) => formatUnits(parseUnits(value, scale), scale, DISPLAY_MIN_FRACTION));
};

/** Metadata of `max` keys at most, the count and the limit named in the refusal. */
const metadataOf = (max: number, why: string) =>
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const keys = Object.keys(value).length;
    if (keys > max) ctx.addIssue({ code: 'custom', message: `metadata has ${keys} keys; at most ${max} are allowed (${why})` });
  });

/** Metadata of objects the gateway never stamps (virtual accounts, quotes, transactions): OMS's own limit of 20 keys. */
export const metadataInput = metadataOf(20, "OMS's limit");

/** A seller's metadata: at most 19 keys of the caller's, as the gateway adds its tenant stamp as the 20th. */
export const sellerMetadataInput = metadataOf(19, 'the gateway keeps one for itself').refine(
  (value) => !RESERVED_METADATA_KEYS.some((key) => key in value),
  `the keys ${RESERVED_METADATA_KEYS.join(' and ')} are reserved`,
);

/** An address on an EVM chain (Polygon, Ethereum): 0x and 40 hex digits. */
export const blockchainAddressInput = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed address of 40 hex digits');

export const idempotencyKeyInput = z.string().min(1).max(200);
export const id = (prefix: string, what: string) => z.string().startsWith(prefix, `expected a ${what} id (${prefix}…)`);

/**
 * The update of a receiving account (virtual account, deposit address): pause or resume it, or redirect
 * its future deposits to another wallet; at least one of the two, and never a delete (its own mutation).
 */
export function accountUpdateInput(prefix: string, what: string, deleteMutation: string) {
  return z
    .object({
      id: id(prefix, what),
      status: optional(z.enum(['active', 'paused'], `set ACTIVE or PAUSED; use ${deleteMutation} to delete`)),
      destinationWalletId: optional(id('wlt_', 'wallet')),
    })
    .refine((input) => input.status !== undefined || input.destinationWalletId !== undefined, {
      message: 'give status or destinationWalletId',
      path: ['status'],
    });
}
