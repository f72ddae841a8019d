import { z } from 'zod';
import { cryptoAsset, cryptoNetwork, decimal, developerFeeRequest, feeEntry, metadata, timestamp, walletTargetRequest } from './common.js';
import { type Complete, decoded } from './decoded.js';
import { type DestinationLeg, destinationLegFields, finishDestinationLeg, rates, sourceLeg } from './legs.js';

/** Quotes: a locked rate and fee breakdown for moving money out of a wallet. */

export const transactionType = z.enum(['fiatToCrypto', 'cryptoToCrypto', 'cryptoToFiat']);
export const quoteStatus = z.enum(['open', 'accepted', 'expired']);
export const fixedAmountSide = z.enum(['source', 'destination']);
export const transactionStatus = z.enum(['processing', 'cashPickupReady', 'completed', 'failed']);
export type TransactionType = z.infer<typeof transactionType>;
export type TransactionStatus = z.infer<typeof transactionStatus>;

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
