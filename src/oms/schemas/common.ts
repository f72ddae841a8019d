import { z } from 'zod';
import { isDecimalString } from '../../money.js';
import { decoded, decoderOf } from './decoded.js';

/** Shapes shared by every OMS resource. Responses normalise documented alternates; requests are strict. */

export const decimal = z.string().refine(isDecimalString, 'expected a decimal string like "12.34"');
export const timestamp = z.iso.datetime({ offset: true });
export const metadata = z.record(z.string(), z.unknown()).refine((value) => Object.keys(value).length <= 20, 'at most 20 keys');

export const asset = z.enum(['usd', 'usdc', 'usdt']);
export const cryptoAsset = z.enum(['usdc', 'usdt']);
export const cryptoNetwork = z.enum(['polygon', 'ethereum']);
/** `usBank` (virtual-account seed) and `ach` (external accounts, rails page) both name the US bank rail. */
export const network = z.enum(['polygon', 'ethereum', 'usBank', 'ach', 'wire', 'cash']);
export type Asset = z.infer<typeof asset>;
export type Network = z.infer<typeof network>;

/**
 * Where money goes. The docs name the wallet `wallet` (guides), `id` (quote API), and the external
 * account `externalAccount` (requests) or `externalAccountId` (transactions); all normalise to one shape.
 */
export const walletTargetFields = z.object({
  wallet: z.string().optional(),
  id: z.string().optional(),
  blockchainAddress: z.string().optional(),
  externalAccount: z.string().optional(),
  externalAccountId: z.string().optional(),
});
export interface WalletTarget {
  walletId: string | null;
  blockchainAddress: string | null;
  externalAccountId: string | null;
}
export function finishWalletTarget(t: z.output<typeof walletTargetFields>): WalletTarget {
  return {
    walletId: t.wallet ?? t.id ?? null,
    blockchainAddress: t.blockchainAddress ?? null,
    externalAccountId: t.externalAccount ?? t.externalAccountId ?? null,
  };
}
export const walletTarget = decoded(walletTargetFields, finishWalletTarget);

/** Request form: exactly one target. */
export const walletTargetRequest = z
  .strictObject({
    wallet: z.string().startsWith('wlt_').optional(),
    id: z.string().startsWith('wlt_').optional(),
    blockchainAddress: z
      .string()
      .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte hex address')
      .optional(),
    externalAccount: z.string().optional(),
  })
  .refine((t) => [t.wallet ?? t.id, t.blockchainAddress, t.externalAccount].filter(Boolean).length === 1, {
    message: 'exactly one of wallet, blockchainAddress, externalAccount',
  });

/** The seed's destination side carries only {oms, gas}; the quote pages carry all four. */
export const fees = z.object({
  total: decimal.optional(),
  developer: decimal.optional(),
  oms: decimal.optional(),
  gas: decimal.optional(),
});

export const feeType = z.enum(['percentage', 'fixed']);

export const feeEntry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('percentage'), rate: decimal, wallet: z.string().nullish() }),
  z.object({ type: z.literal('fixed'), amount: decimal, wallet: z.string().nullish() }),
]);
export const feeSchedule = z.object({ feeCurrency: asset, entries: z.array(feeEntry) });

export const developerFeeRequest = z.strictObject({
  type: z.literal('percentage'),
  rate: z.string().regex(/^0?\.\d*[1-9]\d*$/, 'expected a fraction between 0 and 1, e.g. "0.010" for 1%'),
  wallet: z.string().startsWith('wlt_').optional(),
});

/**
 * One page of a list. Customers, wallets and virtual accounts say `cursor`; transactions say
 * `nextCursor`. The items' checks run inside the page's check and their finish in the page's, so a
 * page of decoded items runs no transform inside zod.
 */
export function page<T extends z.ZodType>(item: T) {
  const decoder = decoderOf(item);
  const finishItem = decoder?.finish as ((checked: unknown) => z.output<T>) | undefined;
  const check = z.object({
    data: z.array(decoder?.check ?? item),
    hasMore: z.boolean(),
    cursor: z.string().nullish(),
    nextCursor: z.string().nullish(),
    previousCursor: z.string().nullish(),
  });
  return decoded(
    check,
    (p): Page<z.output<T>> => ({
      data: finishItem ? p.data.map(finishItem) : (p.data as z.output<T>[]),
      hasMore: p.hasMore,
      nextCursor: p.nextCursor ?? p.cursor ?? null,
      previousCursor: p.previousCursor ?? null,
    }),
  );
}
export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
  previousCursor: string | null;
}

export const listParams = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  startingAfter: z.string().min(1).optional(),
  endingBefore: z.string().min(1).optional(),
  cursor: z.string().min(1).optional(),
});
export type ListParams = { limit?: number; startingAfter?: string; endingBefore?: string };

export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    param: z.string().nullish(),
    requestId: z.string().nullish(),
  }),
});

export const tokenRequest = z.strictObject({ apiKey: z.string().min(1), apiSecret: z.string().min(1) });
export const tokenResponse = z.object({
  accessToken: z.string().min(1),
  tokenType: z.string().refine((t) => t.toLowerCase() === 'bearer', 'expected "bearer"'),
  expiresIn: z.number().int().positive(),
  expiresAt: timestamp,
});
