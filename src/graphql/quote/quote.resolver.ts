import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { orAbsent } from '../loaders.js';
import type { Quote as OmsQuote } from '../../oms/schemas/index.js';
import { UserErrorCode } from '../common/common.type.js';
import { attempt, failed, idempotencyKey, validate } from '../common/mutation.js';
import { requireMaySendTo } from '../../tenancy/permissions.js';
import type { GatewayContext } from '../context.js';
import { Seller } from '../seller/seller.type.js';
import { toLeg, type LegModel } from '../transaction/transaction.map.js';
import { Rates, TransactionLeg } from '../transaction/transaction.type.js';
import { destinationField, destinationOf } from './quote.destination.js';
import { CreateQuoteInput, CreateQuotePayload, createQuoteSchema, ExecuteQuoteInput, ExecuteQuotePayload, executeQuoteSchema, Quote } from './quote.type.js';

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
    const [seller, source, target, external] = await Promise.all([
      ctx.visible.seller(q.sellerId),
      ctx.visible.wallet(q.sourceWalletId),
      q.destinationWalletId ? ctx.visible.wallet(q.destinationWalletId) : undefined,
      q.destinationExternalAccountId ? orAbsent(() => ctx.oms.externalAccounts.get(q.destinationExternalAccountId!)) : undefined,
    ]);
    if (!seller) return { quote: null, ...notFound('sellerId') };
    if (!source || source.customerId !== seller.id) return { quote: null, ...notFound('sourceWalletId') };
    // Another tenant's wallet is as absent as a missing one, even as a destination.
    if (target === null) return { quote: null, ...notFound('destinationWalletId') };
    // External accounts are the seller's own payout destinations: anyone else's is as absent as a missing one.
    if (external === null || (external && external.customerId !== seller.id)) return { quote: null, ...notFound('destinationExternalAccountId') };
    const sendTo = { walletId: q.destinationWalletId, blockchainAddress: q.destinationBlockchainAddress, externalAccountId: q.destinationExternalAccountId };
    await requireMaySendTo(ctx.caller, destinationField(sendTo), () => destinationOf(ctx, sendTo, external));
    const wallet = q.destinationWalletId
      ? { wallet: q.destinationWalletId }
      : q.destinationBlockchainAddress
        ? { blockchainAddress: q.destinationBlockchainAddress }
        : { externalAccount: q.destinationExternalAccountId! };
    const body = {
      customerId: seller.id,
      source: { walletId: source.id, asset: source.asset, network: source.chain, ...(q.sourceAmount ? { amount: q.sourceAmount } : {}) },
      destination: { wallet, asset: q.destinationAsset, network: q.destinationNetwork, ...(q.destinationAmount ? { amount: q.destinationAmount } : {}) },
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
    const outcome = await attempt(
      () =>
        ctx.oms.transactions.create({ quoteId, ...(metadata ? { metadata } : {}) }, { idempotencyKey: idempotencyKey(ctx, 'executeQuote', valid.data, given) }),
      { quoteId: ['input', 'quoteId'], metadata: ['input', 'metadata'] },
    );
    return { transaction: outcome.ok, userErrors: outcome.userErrors };
  }
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
};
