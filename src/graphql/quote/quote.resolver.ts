import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Quote as OmsQuote } from '../../oms/schemas/index.js';
import { developerFeesFor } from '../../tenancy/ownership.js';
import { UserErrorCode } from '../common/common.type.js';
import { attempt, failed, idempotencyKey, validate } from '../common/mutation.js';
import { requireMaySendTo, requireMaySetDeveloperFees, requireMaySetExecutionMetadata, requireMaySponsorGas } from '../../tenancy/permissions.js';
import type { GatewayContext } from '../context.js';
import { JSONObjectScalar } from '../scalars.js';
import { feeWallets } from '../treasury/fee-wallets.js';
import { Seller } from '../seller/seller.type.js';
import { feeEntry } from '../virtual-account/virtual-account.resolver.js';
import { FeeEntry } from '../virtual-account/virtual-account.type.js';
import { toLeg, type LegModel } from '../transaction/transaction.map.js';
import { Rates, TransactionLeg } from '../transaction/transaction.type.js';
import { arrival, destinationField, destinationOf, wireTarget } from './quote.destination.js';
import {
  CreateQuoteInput,
  CreateQuotePayload,
  createQuoteSchema,
  ExecuteQuoteInput,
  ExecuteQuotePayload,
  executeQuoteSchema,
  Quote,
  quoteAmountsSchema,
  type QuoteDeveloperFee,
} from './quote.type.js';

const notFound = (field: string) =>
  failed(
    UserErrorCode.NOT_FOUND,
    `No such ${field
      .replace(/Id$/, '')
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase()}`,
    ['input', field],
  );

@Resolver(() => Quote)
export class QuoteResolver {
  @Query(() => Quote, { nullable: true, description: "A quote by id, or null where it does not exist or is not the caller's." })
  quote(@Arg('id', () => ID, { description: 'An OMS id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.visible.quote(id);
  }

  @FieldResolver(() => Seller, { description: 'The seller sending.' })
  seller(@Root() quote: OmsQuote, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.customer.load(quote.customerId);
  }

  @FieldResolver(() => TransactionLeg, { description: 'What leaves, fees included.' })
  source(@Root() quote: OmsQuote): LegModel {
    return toLeg(quote.source);
  }

  @FieldResolver(() => TransactionLeg, { description: 'What arrives.' })
  destination(@Root() quote: OmsQuote): LegModel {
    return toLeg(quote.destination);
  }

  @FieldResolver(() => Rates, { description: 'The locked price.' })
  rates(@Root() quote: OmsQuote) {
    return quote.rates;
  }

  @FieldResolver(() => [FeeEntry], { description: 'Your fees on this send; empty for a seller token unless its tenant shows them.' })
  developerFees(@Root() quote: OmsQuote, @Ctx() ctx: GatewayContext) {
    return developerFeesFor(ctx.caller, quote.developerFees).map(feeEntry);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you pay the network gas instead of the seller.' })
  sponsorGas(@Root() quote: OmsQuote) {
    return quote.sponsorGas ?? false;
  }

  @FieldResolver(() => JSONObjectScalar, { nullable: true, description: 'Your key-value data, copied onto the transaction.' })
  metadata(@Root() quote: OmsQuote) {
    return quote.metadata ?? null;
  }

  @Mutation(() => CreateQuotePayload, {
    description:
      'Locks a price for a send or payout from a seller’s wallet. A seller token sends only to its own wallets and external accounts, unless its tenant allows any destination (else FORBIDDEN).',
  })
  async createQuote(
    @Arg('input', () => CreateQuoteInput, { description: 'What to do.' }) input: CreateQuoteInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<CreateQuotePayload> {
    const valid = validate(createQuoteSchema, input);
    if ('errors' in valid) return { quote: null, userErrors: valid.errors };
    const q = valid.data;
    const fees = q.developerFees ?? [];
    if (fees.length > 0) requireMaySetDeveloperFees(ctx.caller);
    if (q.sponsorGas) requireMaySponsorGas(ctx.caller);
    const [seller, source, target, external] = await Promise.all([
      ctx.visible.seller(q.sellerId),
      ctx.visible.wallet(q.sourceWalletId),
      q.destinationWalletId ? ctx.visible.wallet(q.destinationWalletId) : undefined,
      q.destinationExternalAccountId ? ctx.visible.externalAccount(q.destinationExternalAccountId) : undefined,
    ]);
    if (!seller) return { quote: null, ...notFound('sellerId') };
    if (!source || source.customerId !== seller.id) return { quote: null, ...notFound('sourceWalletId') };
    // Another tenant's wallet is as absent as a missing one, even as a destination.
    if (target === null) return { quote: null, ...notFound('destinationWalletId') };
    // External accounts are the seller's own payout destinations: anyone else's is as absent as a missing one.
    if (external === null || (external && external.customerId !== seller.id)) return { quote: null, ...notFound('destinationExternalAccountId') };
    // A fee naming no wallet goes to the tenant's treasury wallet holding what is sent, and is refused when it has none.
    const paidTo = await feeWallets(ctx, fees, { asset: source.asset, network: source.chain });
    if (!paidTo.ok) return { quote: null, userErrors: paidTo.userErrors };
    const sendTo = { walletId: q.destinationWalletId, blockchainAddress: q.destinationBlockchainAddress, externalAccountId: q.destinationExternalAccountId };
    await requireMaySendTo(ctx.caller, destinationField(sendTo), () => destinationOf(ctx, sendTo, external));
    const to = target ? { wallet: target } : external ? { externalAccount: external } : { blockchainAddress: q.destinationBlockchainAddress! };
    const pair = arrival(to, { asset: q.destinationAsset, network: q.destinationNetwork });
    if ('refused' in pair) return { quote: null, ...failed(UserErrorCode.DESTINATION_NOT_SUPPORTED, pair.refused.message, ['input', pair.refused.field]) };
    // The amounts against their assets, now both known: more decimals than an asset holds never reach OMS.
    const amounts = validate(quoteAmountsSchema(source.asset, pair.asset), q);
    if ('errors' in amounts) return { quote: null, userErrors: amounts.errors };
    const body = {
      customerId: seller.id,
      source: { walletId: source.id, asset: source.asset, network: source.chain, ...(q.sourceAmount ? { amount: q.sourceAmount } : {}) },
      destination: { wallet: wireTarget(to), ...pair, ...(q.destinationAmount ? { amount: q.destinationAmount } : {}) },
      ...(fees.length ? { developerFees: fees.map((fee, i) => feeRequest(fee, paidTo.ok[i]!)) } : {}),
      ...(q.sponsorGas ? { sponsorGas: true } : {}),
      ...(q.metadata ? { metadata: q.metadata } : {}),
    };
    const outcome = await attempt(() => ctx.oms.quotes.create(body, { idempotencyKey: idempotencyKey(ctx, 'createQuote', q, q.idempotencyKey) }), QUOTE_FIELDS);
    return { quote: outcome.ok, userErrors: outcome.userErrors };
  }

  @Mutation(() => ExecuteQuotePayload, {
    description:
      'Executes an open quote: the money moves, once per idempotency key. A seller token executes only quotes to its own destinations, unless its tenant allows any (else FORBIDDEN).',
  })
  async executeQuote(
    @Arg('input', () => ExecuteQuoteInput, { description: 'What to do.' }) input: ExecuteQuoteInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<ExecuteQuotePayload> {
    const valid = validate(executeQuoteSchema, input);
    if ('errors' in valid) return { transaction: null, userErrors: valid.errors };
    const { quoteId, metadata, idempotencyKey: given } = valid.data;
    const quote = await ctx.visible.quote(quoteId);
    if (!quote) return { transaction: null, ...notFound('quoteId') };
    // A quote the tenant made for the seller may send anywhere; its seller's token may execute it only where the seller may send.
    await requireMaySendTo(ctx.caller, 'input.quoteId', () => destinationOf(ctx, quote.destination));
    if (metadata) requireMaySetExecutionMetadata(ctx.caller, quote.metadata);
    const outcome = await attempt(
      () =>
        ctx.oms.transactions.create({ quoteId, ...(metadata ? { metadata } : {}) }, { idempotencyKey: idempotencyKey(ctx, 'executeQuote', valid.data, given) }),
      { quoteId: ['input', 'quoteId'], metadata: ['input', 'metadata'] },
    );
    // The quote read above is now ACCEPTED: the transaction's quote field must not show it open.
    ctx.loaders.quote.clear(quoteId);
    return { transaction: outcome.ok, userErrors: outcome.userErrors };
  }
}

/** A developer fee as OMS takes it, paid into `wallet`. */
function feeRequest(fee: QuoteDeveloperFee, wallet: string) {
  return fee.type === 'percentage' ? { type: fee.type, rate: fee.rate!, wallet } : { type: fee.type, amount: fee.amount!, wallet };
}

/** Where OMS's `param` of a quote error points in CreateQuoteInput. */
const QUOTE_FIELDS: Record<string, string[]> = {
  'source.amount': ['input', 'sourceAmount'],
  'destination.amount': ['input', 'destinationAmount'],
  'source.walletId': ['input', 'sourceWalletId'],
  'destination.wallet.wallet': ['input', 'destinationWalletId'],
  'destination.wallet.blockchainAddress': ['input', 'destinationBlockchainAddress'],
  'destination.wallet.externalAccount': ['input', 'destinationExternalAccountId'],
  'destination.asset': ['input', 'destinationAsset'],
  'destination.network': ['input', 'destinationNetwork'],
  customerId: ['input', 'sellerId'],
  fixedAmountSide: ['input', 'sourceAmount'],
  developerFees: ['input', 'developerFees'],
  ...Object.fromEntries(
    [0, 1, 2, 3, 4].flatMap((i) => [
      [`developerFees.${i}.amount`, ['input', 'developerFees', String(i), 'amount']],
      [`developerFees.${i}.wallet`, ['input', 'developerFees', String(i), 'walletId']],
    ]),
  ),
};
