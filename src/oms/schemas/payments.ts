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
  type WalletTarget,
  walletTargetFields,
  walletTargetRequest,
} from './common.js';
import { type Complete, decoded } from './decoded.js';

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

export const destinationLegFields = z.object({
  wallet: walletTargetFields.nullish(),
  externalAccountId: z.string().nullish(),
  asset,
  network,
  amountGross: decimal.nullish(),
  amountNet: decimal.nullish(),
  feesDeducted: fees.nullish(),
  txHash: z.string().nullish(),
});
type DestinationLegFields = z.output<typeof destinationLegFields>;
export type DestinationLeg = Omit<DestinationLegFields, 'wallet'> & WalletTarget;
export function finishDestinationLeg(leg: DestinationLegFields): DestinationLeg {
  const wallet = leg.wallet;
  const out: Complete<DestinationLeg> = {
    asset: leg.asset,
    network: leg.network,
    amountGross: leg.amountGross,
    amountNet: leg.amountNet,
    feesDeducted: leg.feesDeducted,
    txHash: leg.txHash,
    walletId: wallet ? (wallet.wallet ?? wallet.id ?? null) : null,
    blockchainAddress: wallet?.blockchainAddress ?? null,
    externalAccountId: wallet?.externalAccount ?? wallet?.externalAccountId ?? leg.externalAccountId ?? null,
  };
  return out;
}
export const destinationLeg = decoded(destinationLegFields, finishDestinationLeg);

/**
 * A developer fee on a quote. The seeds show the fee-entry form of virtual accounts ({type, rate |
 * amount, wallet}), which the sandbox emits; the quote reference names {percentage, flatFee, wallet}.
 * Both normalise to the fee-entry form.
 */
const quoteDeveloperFeeFields = z.union([
  feeEntry,
  z
    .object({ percentage: decimal.nullish(), flatFee: decimal.nullish(), wallet: z.string().nullish() })
    .refine((fee) => (fee.percentage == null) !== (fee.flatFee == null), 'expected percentage or flatFee'),
]);
type QuoteDeveloperFee = z.output<typeof feeEntry>;
function finishQuoteDeveloperFee(fee: z.output<typeof quoteDeveloperFeeFields>): QuoteDeveloperFee {
  if ('type' in fee) return fee;
  return fee.percentage != null
    ? { type: 'percentage', rate: fee.percentage, wallet: fee.wallet }
    : { type: 'fixed', amount: fee.flatFee!, wallet: fee.wallet };
}

/** A quote's developer fee: a fraction of the source amount, or (the amount being known) a fixed amount in the source asset. */
export const quoteDeveloperFeeRequest = z.union([
  developerFeeRequest,
  z.strictObject({ type: z.literal('fixed'), amount: decimal, wallet: z.string().startsWith('wlt_').optional() }),
]);

const quoteFields = z.object({
  id: z.string().startsWith('qt_'),
  object: z.literal('quote'),
  type: transactionType,
  status: quoteStatus,
  customerId: z.string().startsWith('cst_'),
  source: sourceLeg,
  destination: destinationLegFields,
  rates,
  fixedAmountSide,
  developerFees: z.array(quoteDeveloperFeeFields).nullish(),
  sponsorGas: z.boolean().optional(),
  sponsorGasCost: decimal.nullish(),
  metadata: metadata.nullish(),
  expiresAt: timestamp,
  createdAt: timestamp,
});
type QuoteFields = z.output<typeof quoteFields>;
export type Quote = Omit<QuoteFields, 'destination' | 'developerFees'> & { destination: DestinationLeg; developerFees: QuoteDeveloperFee[] };
function finishQuote(q: QuoteFields): Quote {
  const out: Complete<Quote> = {
    id: q.id,
    object: q.object,
    type: q.type,
    status: q.status,
    customerId: q.customerId,
    source: q.source,
    destination: finishDestinationLeg(q.destination),
    rates: q.rates,
    fixedAmountSide: q.fixedAmountSide,
    developerFees: q.developerFees ? q.developerFees.map(finishQuoteDeveloperFee) : [],
    sponsorGas: q.sponsorGas,
    sponsorGasCost: q.sponsorGasCost,
    metadata: q.metadata,
    expiresAt: q.expiresAt,
    createdAt: q.createdAt,
  };
  return out;
}
export const quote = decoded(quoteFields, finishQuote);

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
