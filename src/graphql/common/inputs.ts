import { z } from 'zod';
import { isDecimalString } from '../../money.js';
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
