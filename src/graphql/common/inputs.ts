import { z } from 'zod';
import { ASSET_SCALE, DISPLAY_MIN_FRACTION, formatUnits, isDecimalString, type MoneyAsset, parseUnits } from '../../money.js';
import { ErrorCode, GatewayError } from '../../errors.js';
import { RESERVED_METADATA_KEYS } from '../../tenancy/ownership.js';

/**
 * zod pieces shared by mutation inputs: every value a caller gives is bounded here, before any OMS
 * call, and each refusal is one issue on its field (validate() names it). GraphQL gives absent
 * optional fields as null or undefined.
 */

export const optional = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? undefined);

/** Marks an issue as a malformed amount: validate() reports it as INVALID_AMOUNT. */
export const AMOUNT = { params: { amount: true } } as const;

/** A Decimal input: a string like "494.00", never a number, never exponent notation. */
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

/** Decimal places of a fee rate: 0.0001 is a hundredth of a percent, finer than any fee schedule. */
const RATE_SCALE = 4;

/** A percentage fee as a fraction: above 0, below 1, at most 4 decimal places ("0.010" is 1%). INVALID_AMOUNT otherwise. */
export const rateInput = decimalInput.refine((value) => new RegExp(`^0?\\.(?=\\d*[1-9])\\d{1,${RATE_SCALE}}0*$`).test(value), {
  message: `expected a fraction between 0 and 1 with at most ${RATE_SCALE} decimal places, e.g. "0.010" for 1%`,
  ...AMOUNT,
});

/** Control characters (line breaks, tabs, NUL…) and lone surrogates, which no JSON, header or URL carries faithfully. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first thing wrong with `value` as one line of 1 to `max` characters, or null. */
function lineProblem(value: string, max: number): string | null {
  if (value.length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters, got ${value.length}`;
  if (CONTROL.test(value)) return 'must be one line, without control characters';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed text (it has a lone surrogate)';
  return null;
}

/** One line of text, 1 to `max` characters, trimmed: a name, a label, a memo, a reference. One issue at most. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    // One text, one form: "é" precomposed and "e" with a combining accent are the same name, the same
    // externalId (claimed once per tenant), the same label.
    .normalize('NFC')
    .superRefine((value, ctx) => {
      const problem = lineProblem(value, max);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/** An email address of at most 254 characters (the SMTP limit). */
export const emailInput = line(254).pipe(z.email('expected an email address'));

/**
 * An idempotency key: 1 to 200 characters of one line, kept exactly as given (not trimmed). Only its
 * hash is sent to OMS (idempotencyKey() in mutation.ts), so the bound is for the gateway's own sake.
 */
export const idempotencyKeyInput = z.string().superRefine((value, ctx) => {
  const problem = lineProblem(value, 200);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The longest id the gateway passes on: OMS ids are a prefix and 26 characters (a ULID). */
const MAX_ID_LENGTH = 64;
const ID_CHARACTERS = /^[A-Za-z0-9_-]+$/;

/** Whether `value` could be an OMS id starting with `prefix`: anything else is refused (mutations) or absent (queries) without a call. */
export const isIdOf = (prefix: string, value: string) => value.startsWith(prefix) && value.length <= MAX_ID_LENGTH && ID_CHARACTERS.test(value);

/** An OMS id of one kind, by its prefix; one issue at most. */
export const id = (prefix: string, what: string) =>
  z.string().refine((value) => isIdOf(prefix, value), `expected a ${what} id (${prefix}… of at most ${MAX_ID_LENGTH} letters, digits, _ and -)`);

/** A query argument checked by `schema`: its value, or BAD_USER_INPUT naming the argument (a query has no userErrors). */
export function argument<S extends z.ZodType>(name: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new GatewayError(ErrorCode.BAD_USER_INPUT, `\`${name}\` ${result.error.issues[0]?.message ?? 'is not acceptable'}`);
}

/** An address on an EVM chain (Polygon, Ethereum): 0x and 40 hex digits. */
export const blockchainAddressInput = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed address of 40 hex digits');

/**
 * Metadata bounds, as Stripe's (and OMS's 20 keys): keys 1 to 40 characters of one line, values
 * strings of at most 500. Values are flat strings only: no objects or lists (which could nest without
 * bound), and no numbers or booleans either, so that metadata is text as in Stripe and reads back as
 * written ("2", not 2 or 2.0). A bad key is named on `metadata` (the key itself may be what is too
 * long), a bad value on its key.
 */
export const METADATA_LIMITS = { keyLength: 40, valueLength: 500 } as const;

const metadataOf = (max: number, why: string, reserved: readonly string[] = []) =>
  z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const entries = Object.entries(value);
    // Too many keys: counted, never walked. A reserved key: refused whatever its value.
    if (entries.length > max) return ctx.addIssue({ code: 'custom', message: `metadata has ${entries.length} keys; at most ${max} are allowed (${why})` });
    if (reserved.some((key) => Object.hasOwn(value, key))) return ctx.addIssue({ code: 'custom', message: `the keys ${reserved.join(' and ')} are reserved` });
    for (const [key, item] of entries) {
      const keyProblem = lineProblem(key, METADATA_LIMITS.keyLength);
      if (keyProblem) ctx.addIssue({ code: 'custom', message: `a metadata key ${keyProblem}` });
      else if (typeof item !== 'string')
        ctx.addIssue({ code: 'custom', path: [key], message: `metadata values are strings, got ${kindOf(item)}${hint(item)}` });
      else if (item.length > METADATA_LIMITS.valueLength)
        ctx.addIssue({ code: 'custom', path: [key], message: `a metadata value is at most ${METADATA_LIMITS.valueLength} characters, got ${item.length}` });
      else if (LONE_SURROGATE.test(item) || item.includes('\u0000'))
        ctx.addIssue({ code: 'custom', path: [key], message: 'a metadata value must be well-formed text, without NUL' });
    }
  });

const kindOf = (value: unknown) => (Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);
const hint = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? ` (write ${value} as "${value}")` : '');

/** Metadata of objects the gateway never stamps (virtual accounts, quotes, transactions): OMS's own limit of 20 keys. */
export const metadataInput = metadataOf(20, "OMS's limit");

/** A seller's metadata: at most 19 keys of the caller's, as the gateway adds its tenant stamp as the 20th. */
export const sellerMetadataInput = metadataOf(19, 'the gateway keeps one for itself', RESERVED_METADATA_KEYS);

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
