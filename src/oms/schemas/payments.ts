import { z } from 'zod';
import {
  asset,
  cryptoAsset,
  cryptoNetwork,
  decimal,
  developerFeeRequest,
  feeEntry,
  fees,
  metadata,
  network,
  timestamp,
  walletTarget,
  walletTargetRequest,
} from './common.js';

/** Quotes, transactions, cash-ins: the resources that move money. */

export const transactionType = z.enum(['fiatToCrypto', 'cryptoToCrypto', 'cryptoToFiat']);
export const quoteStatus = z.enum(['open', 'accepted', 'expired']);
export const fixedAmountSide = z.enum(['source', 'destination']);
export const transactionStatus = z.enum(['processing', 'cashPickupReady', 'completed', 'failed']);
export type TransactionType = z.infer<typeof transactionType>;
export type TransactionStatus = z.infer<typeof transactionStatus>;

const rates = z.object({ pair: z.string(), exchangeRate: decimal, effectiveRate: decimal });

const sourceLeg = z.object({
  asset,
  network,
  walletId: z.string().nullish(),
  amountGross: decimal.nullish(),
  amountNet: decimal.nullish(),
  feesDeducted: fees.nullish(),
  txHash: z.string().nullish(),
});

export const destinationLeg = z
  .object({
    wallet: walletTarget.nullish(),
    externalAccountId: z.string().nullish(),
    asset,
    network,
    amountGross: decimal.nullish(),
    amountNet: decimal.nullish(),
    feesDeducted: fees.nullish(),
    txHash: z.string().nullish(),
  })
  .transform(({ wallet, externalAccountId, ...rest }) => ({
    ...rest,
    walletId: wallet?.walletId ?? null,
    blockchainAddress: wallet?.blockchainAddress ?? null,
    externalAccountId: wallet?.externalAccountId ?? externalAccountId ?? null,
  }));

/**
 * A developer fee on a quote. The seeds show the fee-entry form of virtual accounts ({type, rate |
 * amount, wallet}), which the sandbox emits; the quote reference names {percentage, flatFee, wallet}.
 * Both normalise to the fee-entry form.
 */
const quoteDeveloperFee = z.union([
  feeEntry,
  z
    .object({ percentage: decimal.nullish(), flatFee: decimal.nullish(), wallet: z.string().nullish() })
    .refine((fee) => (fee.percentage == null) !== (fee.flatFee == null), 'expected percentage or flatFee')
    .transform((fee) =>
      fee.percentage != null
        ? { type: 'percentage' as const, rate: fee.percentage, wallet: fee.wallet }
        : { type: 'fixed' as const, amount: fee.flatFee!, wallet: fee.wallet },
    ),
]);

/** A quote's developer fee: a fraction of the source amount, or (the amount being known) a fixed amount in the source asset. */
export const quoteDeveloperFeeRequest = z.union([
  developerFeeRequest,
  z.strictObject({ type: z.literal('fixed'), amount: decimal, wallet: z.string().startsWith('wlt_').optional() }),
]);

export const quote = z.object({
  id: z.string().startsWith('qt_'),
  object: z.literal('quote'),
  type: transactionType,
  status: quoteStatus,
  customerId: z.string().startsWith('cst_'),
  source: sourceLeg,
  destination: destinationLeg,
  rates,
  fixedAmountSide,
  developerFees: z
    .array(quoteDeveloperFee)
    .nullish()
    .transform((list) => list ?? []),
  sponsorGas: z.boolean().optional(),
  sponsorGasCost: decimal.nullish(),
  metadata: metadata.nullish(),
  expiresAt: timestamp,
  createdAt: timestamp,
});
export type Quote = z.output<typeof quote>;

export const createQuoteRequest = z
  .strictObject({
    customerId: z.string().startsWith('cst_'),
    source: z.strictObject({
      walletId: z.string().startsWith('wlt_'),
      asset: cryptoAsset,
      network: cryptoNetwork,
      amount: decimal.nullish(),
    }),
    destination: z.strictObject({
      wallet: walletTargetRequest,
      asset: z.enum(['usd', 'usdc', 'usdt']),
      network: z.enum(['polygon', 'ethereum', 'ach', 'wire']),
      amount: decimal.nullish(),
    }),
    fixedAmountSide: fixedAmountSide.optional(),
    developerFees: z.array(quoteDeveloperFeeRequest).max(5).optional(),
    sponsorGas: z.boolean().optional(),
    promoCode: z.string().optional(),
    metadata: metadata.optional(),
  })
  .refine((q) => (q.source.amount == null) !== (q.destination.amount == null), {
    message: 'set the amount on exactly one side: source.amount or destination.amount',
    path: ['source', 'amount'],
  });
export type CreateQuoteRequest = z.input<typeof createQuoteRequest>;

/**
 * A developer fee a transaction charged, in the source asset, with the wallet it is paid into. The
 * quote reference documents these entries as {id, amount, flatFee, percentage, wallet}; the sandbox
 * also says which kind of fee it was and at what rate.
 */
export const developerFeeCharge = z.object({
  id: z.string().nullish(),
  type: z.enum(['percentage', 'fixed']).nullish(),
  rate: decimal.nullish(),
  percentage: decimal.nullish(),
  flatFee: decimal.nullish(),
  amount: decimal,
  wallet: z.string().nullish(),
});
export type DeveloperFeeCharge = z.output<typeof developerFeeCharge>;

/**
 * The seed's webhook payloads name links `virtualAccount`, `depositAddress`, `cashIn` and the customer
 * `customerId`; the API reference says `...Id` and `senderCustomerId`/`recipientCustomerId`. Both normalise.
 */
export const transaction = z
  .object({
    id: z.string().startsWith('txn_'),
    object: z.literal('transaction').optional(),
    type: transactionType,
    status: transactionStatus,
    subStatus: z.string().nullish(),
    customerId: z.string().nullish(),
    senderCustomerId: z.string().nullish(),
    recipientCustomerId: z.string().nullish(),
    quoteId: z.string().nullish(),
    virtualAccount: z.string().nullish(),
    virtualAccountId: z.string().nullish(),
    depositAddress: z.string().nullish(),
    depositAddressId: z.string().nullish(),
    cashIn: z.string().nullish(),
    cashInId: z.string().nullish(),
    source: sourceLeg,
    destination: destinationLeg,
    rail: z.string().nullish(),
    fixedAmountSide: fixedAmountSide.nullish(),
    sponsorGas: z.boolean().nullish(),
    sponsorGasCost: decimal.nullish(),
    rates: rates.nullish(),
    developerFees: z.array(developerFeeCharge).nullish(),
    estimatedArrival: timestamp.nullish(),
    error: z.object({ code: z.string(), message: z.string() }).nullish(),
    metadata: metadata.nullish(),
    createdAt: timestamp,
    updatedAt: timestamp.nullish(),
    completedAt: timestamp.nullish(),
  })
  .transform((t, ctx) => {
    const customerId = t.customerId ?? t.senderCustomerId ?? t.recipientCustomerId;
    if (!customerId) {
      ctx.addIssue({ code: 'custom', path: ['customerId'], message: 'expected customerId or senderCustomerId' });
      return z.NEVER;
    }
    const { virtualAccount, depositAddress, cashIn, ...rest } = t;
    return {
      ...rest,
      customerId,
      senderCustomerId: t.senderCustomerId ?? null,
      recipientCustomerId: t.recipientCustomerId ?? null,
      quoteId: t.quoteId ?? null,
      virtualAccountId: t.virtualAccountId ?? virtualAccount ?? null,
      depositAddressId: t.depositAddressId ?? depositAddress ?? null,
      cashInId: t.cashInId ?? cashIn ?? null,
      subStatus: t.subStatus ?? null,
      error: t.error ?? null,
      metadata: t.metadata ?? null,
      developerFees: t.developerFees ?? [],
    };
  });
export type Transaction = z.output<typeof transaction>;

export const executeTransactionRequest = z.strictObject({
  quoteId: z.string().startsWith('qt_'),
  metadata: metadata.optional(),
  partnerTransactionId: z.number().int().optional(),
  paymentMethodId: z.string().optional(),
  sourceWalletAddress: z.string().optional(),
  tags: z.string().optional(),
  deviceFingerprint: z.string().optional(),
  webSessionId: z.string().optional(),
});
export type ExecuteTransactionRequest = z.input<typeof executeTransactionRequest>;

export const listTransactionsParams = z.object({
  type: transactionType.optional(),
  status: transactionStatus.optional(),
  createdAfter: timestamp.optional(),
  createdBefore: timestamp.optional(),
  customerId: z.string().optional(),
});
export type ListTransactionsParams = z.input<typeof listTransactionsParams>;
