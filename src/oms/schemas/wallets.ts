import { z } from 'zod';
import { cryptoAsset, cryptoNetwork, decimal, timestamp } from './common.js';
import { type Complete, decoded } from './decoded.js';

export const walletStatus = z.enum(['active', 'suspended', 'closed']);

/** Wallet objects say `chain`; the wallet embedded in a customer says `network`. */
const walletFields = z
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
  .refine((w) => w.chain !== undefined || w.network !== undefined, { path: ['chain'], message: 'expected chain or network' });
type WalletFields = z.output<typeof walletFields>;
export type Wallet = Omit<WalletFields, 'chain' | 'network'> & { chain: NonNullable<WalletFields['chain']> };
function finishWallet(w: WalletFields): Wallet {
  const out: Complete<Wallet> = {
    id: w.id,
    object: w.object,
    customerId: w.customerId,
    address: w.address,
    asset: w.asset,
    // The check made sure one of the two is there.
    chain: (w.chain ?? w.network)!,
    type: w.type,
    status: w.status,
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
  };
  return out;
}
export const wallet = decoded(walletFields, finishWallet);

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

/** Sandbox only: an on-chain transfer straight to the wallet's address, in the wallet's asset. */
export const simulateWalletDepositRequest = z.strictObject({ amount: z.strictObject({ value: decimal }) });
export type SimulateWalletDepositRequest = z.input<typeof simulateWalletDepositRequest>;

/** What arrived at a wallet's raw address: no conversion, no fees, credited as it is. */
export const walletDeposit = z.object({
  amount: z.object({ value: decimal, currency: z.string() }),
  asset: cryptoAsset,
  network: cryptoNetwork,
  transactionHash: z.string(),
  detectedAt: timestamp,
});

export const simulatedWalletDeposit = walletDeposit.extend({
  object: z.literal('walletDeposit'),
  walletId: z.string().startsWith('wlt_'),
  status: z.literal('detected'),
});
export type SimulatedWalletDeposit = z.output<typeof simulatedWalletDeposit>;

/**
 * `data` of a `wallet.depositDetected` event. The docs say only that a raw deposit fires it and that
 * payloads carry the full object: here the wallet, with the deposit that was detected beside it.
 */
export const walletDepositDetected = z.intersection(wallet, z.object({ deposit: walletDeposit }));
export type WalletDepositDetected = z.output<typeof walletDepositDetected>;
