import { z } from 'zod';
import { cryptoAsset, cryptoNetwork, decimal, timestamp } from './common.js';

export const walletStatus = z.enum(['active', 'suspended', 'closed']);

/** Wallet objects say `chain`; the wallet embedded in a customer says `network`. */
export const wallet = z
  .object({
    id: z.string().startsWith('wlt_'),
    object: z.literal('wallet').optional(),
    customerId: z.string().startsWith('cst_'),
    address: z.string(),
    asset: cryptoAsset,
    chain: cryptoNetwork.optional(),
    network: cryptoNetwork.optional(),
    type: z.enum(['custodial', 'internal', 'external']).optional(),
    status: walletStatus,
    createdAt: timestamp,
    updatedAt: timestamp.nullish(),
  })
  .transform(({ network, chain, ...rest }, ctx) => {
    const resolved = chain ?? network;
    if (!resolved) {
      ctx.addIssue({ code: 'custom', path: ['chain'], message: 'expected chain or network' });
      return z.NEVER;
    }
    return { ...rest, chain: resolved };
  });
export type Wallet = z.output<typeof wallet>;

export const walletBalance = z.object({
  object: z.literal('walletBalance').optional(),
  walletId: z.string().startsWith('wlt_'),
  asset: cryptoAsset,
  chain: cryptoNetwork,
  balance: decimal,
  pendingBalance: decimal,
  estimatedBalance: decimal.optional(),
  estimatedBalanceCurrencyCode: z.string().optional(),
  updatedAt: timestamp.nullish(),
});
export type WalletBalance = z.output<typeof walletBalance>;

export const createWalletRequest = z.strictObject({ asset: cryptoAsset, chain: cryptoNetwork });
export type CreateWalletRequest = z.input<typeof createWalletRequest>;
