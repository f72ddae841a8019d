import { z } from 'zod';
import {
  asset,
  decimal,
  developerFeeCharge,
  fees,
  fixedAmountSide,
  metadata,
  network,
  timestamp,
  transactionStatus,
  transactionType,
} from '../src/oms/schemas/index.js';

/**
 * The named baseline of the parse comparison in bench/oms-client.ts: the transaction page schema as it
 * was before issue 10 (commit 73ba6da), with the same checks, every wallet target, destination leg,
 * transaction and page rebuilt by a zod transform that spreads what zod gave it.
 */

const walletTarget = z
  .object({
    wallet: z.string().optional(),
    id: z.string().optional(),
    blockchainAddress: z.string().optional(),
    externalAccount: z.string().optional(),
    externalAccountId: z.string().optional(),
  })
  .transform((t) => ({
    walletId: t.wallet ?? t.id ?? null,
    blockchainAddress: t.blockchainAddress ?? null,
    externalAccountId: t.externalAccount ?? t.externalAccountId ?? null,
  }));

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

const destinationLeg = z
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

const transaction = z
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

/** A page of transactions as the client parsed it before: JSON already parsed, to the normalised page. */
export const baselineTransactionPage = z
  .object({
    data: z.array(transaction),
    hasMore: z.boolean(),
    cursor: z.string().nullish(),
    nextCursor: z.string().nullish(),
    previousCursor: z.string().nullish(),
  })
  .transform((p) => ({ data: p.data, hasMore: p.hasMore, nextCursor: p.nextCursor ?? p.cursor ?? null, previousCursor: p.previousCursor ?? null }));
