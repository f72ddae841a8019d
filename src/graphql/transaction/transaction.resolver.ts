import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Transaction as OmsTransaction } from '../../oms/schemas/index.js';
import { metadataFor, subStatusFor } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';
import { Quote } from '../quote/quote.type.js';
import { JSONObjectScalar } from '../scalars.js';
import { Seller } from '../seller/seller.type.js';
import { DepositRail } from '../virtual-account/virtual-account.enums.js';
import { VirtualAccount } from '../virtual-account/virtual-account.type.js';
import { Wallet } from '../wallet/wallet.type.js';
import { depositRail, toLeg, type LegModel } from './transaction.map.js';
import { Rates, Transaction, TransactionError, TransactionLeg } from './transaction.type.js';

@Resolver(() => Transaction)
export class TransactionResolver {
  @Query(() => Transaction, { nullable: true, description: "A transaction by id, or null where it does not exist or is not the caller's." })
  transaction(@Arg('id', () => ID, { description: 'An OMS id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.visible.transaction(id);
  }

  @FieldResolver(() => Seller, {
    nullable: true,
    description: 'The seller whose transaction it is; null when that seller is not visible to the caller (the sender of an incoming send).',
  })
  seller(@Root() txn: OmsTransaction, @Ctx() ctx: GatewayContext) {
    return ctx.visible.seller(txn.customerId);
  }

  @FieldResolver(() => Quote, { nullable: true, description: 'The quote executed; null for deposits, which need none.' })
  quote(@Root() txn: OmsTransaction, @Ctx() ctx: GatewayContext) {
    return txn.quoteId ? ctx.visible.quote(txn.quoteId) : null;
  }

  @FieldResolver(() => VirtualAccount, { nullable: true, description: 'The virtual account a deposit arrived through.' })
  virtualAccount(@Root() txn: OmsTransaction, @Ctx() ctx: GatewayContext) {
    return txn.virtualAccountId ? ctx.visible.virtualAccount(txn.virtualAccountId) : null;
  }

  @FieldResolver(() => DepositRail, { nullable: true, description: 'The bank rail of a deposit to a virtual account.' })
  rail(@Root() txn: OmsTransaction) {
    return txn.virtualAccountId ? depositRail(txn.rail) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether you paid the network gas instead of the seller.' })
  sponsorGas(@Root() txn: OmsTransaction) {
    return txn.sponsorGas ?? false;
  }

  @FieldResolver(() => TransactionLeg, { description: 'What left.' })
  source(@Root() txn: OmsTransaction): LegModel {
    return toLeg(txn.source);
  }

  @FieldResolver(() => TransactionLeg, { description: 'What arrived.' })
  destination(@Root() txn: OmsTransaction): LegModel {
    return toLeg(txn.destination);
  }

  @FieldResolver(() => Rates, { nullable: true, description: 'The price of the conversion.' })
  rates(@Root() txn: OmsTransaction) {
    return txn.rates ?? null;
  }

  @FieldResolver(() => TransactionError, { nullable: true, description: 'Why it failed; null unless it did.' })
  error(@Root() txn: OmsTransaction) {
    return txn.error;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'OMS sub-status as sent, e.g. "processing.fundsDetected". A seller token never sees a compliance hold ("processing.underReview"): null.',
  })
  subStatus(@Root() txn: OmsTransaction, @Ctx() ctx: GatewayContext) {
    return subStatusFor(ctx.caller, txn.subStatus);
  }

  @FieldResolver(() => JSONObjectScalar, {
    nullable: true,
    description:
      "Key-value data, carried over from the virtual account for deposits. The sender's: null for a caller who cannot see the seller it belongs to (the recipient of a send).",
  })
  async metadata(@Root() txn: OmsTransaction, @Ctx() ctx: GatewayContext) {
    return metadataFor(ctx.caller, txn.metadata, await ctx.loaders.customer.load(txn.customerId));
  }
}

@Resolver(() => TransactionLeg)
export class TransactionLegResolver {
  @FieldResolver(() => Wallet, { nullable: true, description: "The OMS wallet on this side; null when it is not the caller's to see." })
  wallet(@Root() leg: LegModel, @Ctx() ctx: GatewayContext) {
    return leg.walletId ? ctx.visible.wallet(leg.walletId) : null;
  }
}
