import { z } from 'zod';
import { decimal, metadata, timestamp } from './common.js';
import { type Complete, decoded } from './decoded.js';
import { type DestinationLeg, destinationLegFields, finishDestinationLeg, rates, sourceLeg } from './legs.js';
import { fixedAmountSide, transactionStatus, transactionType } from './payments.js';

/** Transactions: executed quotes, and the deposits OMS turns into transactions by itself. */

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

const transactionFields = z
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
    destination: destinationLegFields,
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
  .refine((t) => Boolean(t.customerId ?? t.senderCustomerId ?? t.recipientCustomerId), {
    path: ['customerId'],
    message: 'expected customerId or senderCustomerId',
  });
type TransactionFields = z.output<typeof transactionFields>;
type Normalised = 'customerId' | 'senderCustomerId' | 'recipientCustomerId' | 'quoteId' | 'virtualAccountId' | 'depositAddressId' | 'cashInId';
type Filled = 'subStatus' | 'error' | 'metadata' | 'developerFees';
export type Transaction = Omit<TransactionFields, 'virtualAccount' | 'depositAddress' | 'cashIn' | 'destination' | Normalised | Filled> & {
  [K in Exclude<Normalised, 'customerId'>]: string | null;
} & {
  customerId: string;
  destination: DestinationLeg;
  subStatus: string | null;
  error: NonNullable<TransactionFields['error']> | null;
  metadata: NonNullable<TransactionFields['metadata']> | null;
  developerFees: DeveloperFeeCharge[];
};
function finishTransaction(t: TransactionFields): Transaction {
  const out: Complete<Transaction> = {
    id: t.id,
    object: t.object,
    type: t.type,
    status: t.status,
    subStatus: t.subStatus ?? null,
    // The check made sure one of the three is there.
    customerId: (t.customerId ?? t.senderCustomerId ?? t.recipientCustomerId)!,
    senderCustomerId: t.senderCustomerId ?? null,
    recipientCustomerId: t.recipientCustomerId ?? null,
    quoteId: t.quoteId ?? null,
    virtualAccountId: t.virtualAccountId ?? t.virtualAccount ?? null,
    depositAddressId: t.depositAddressId ?? t.depositAddress ?? null,
    cashInId: t.cashInId ?? t.cashIn ?? null,
    source: t.source,
    destination: finishDestinationLeg(t.destination),
    rail: t.rail,
    fixedAmountSide: t.fixedAmountSide,
    sponsorGas: t.sponsorGas,
    sponsorGasCost: t.sponsorGasCost,
    rates: t.rates,
    developerFees: t.developerFees ?? [],
    estimatedArrival: t.estimatedArrival,
    error: t.error ?? null,
    metadata: t.metadata ?? null,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    completedAt: t.completedAt,
  };
  return out;
}
/**
 * The seed's webhook payloads name links `virtualAccount`, `depositAddress`, `cashIn` and the customer
 * `customerId`; the API reference says `...Id` and `senderCustomerId`/`recipientCustomerId`. Both normalise.
 */
export const transaction = decoded(transactionFields, finishTransaction);

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
