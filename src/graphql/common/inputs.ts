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

/** Metadata: at most 19 keys of the caller's (the gateway adds its tenant stamp as the 20th). */
export const metadataInput = z
  .record(z.string(), z.unknown())
  .refine((value) => Object.keys(value).length <= 19, 'at most 19 keys (the gateway keeps one for itself)')
  .refine((value) => !RESERVED_METADATA_KEYS.some((key) => key in value), `the keys ${RESERVED_METADATA_KEYS.join(' and ')} are reserved`);

export const idempotencyKeyInput = z.string().min(1).max(200);
export const id = (prefix: string, what: string) => z.string().startsWith(prefix, `expected a ${what} id (${prefix}…)`);
