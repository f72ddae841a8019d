import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { CashIn as OmsCashIn } from '../../oms/schemas/index.js';
import { subStatusFor } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';
import { DecimalScalar } from '../scalars.js';
import { Seller } from '../seller/seller.type.js';
import { Transaction } from '../transaction/transaction.type.js';
import { FeeSchedule, PaymentTarget } from '../virtual-account/virtual-account.type.js';
import { CashDepositInstructions, CashIn } from './cash-in.type.js';

@Resolver(() => CashIn)
export class CashInResolver {
  @Query(() => CashIn, { nullable: true, description: "A cash-in by id, or null where it does not exist or is not the caller's." })
  cashIn(@Arg('id', () => ID, { description: 'An OMS id.' }) id: string, @Ctx() ctx: GatewayContext) {
    return ctx.visible.cashIn(id);
  }

  @FieldResolver(() => Seller, { description: 'The seller paying in.' })
  seller(@Root() cashIn: OmsCashIn, @Ctx() ctx: GatewayContext) {
    return ctx.loaders.customer.load(cashIn.customerId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'OMS sub-status as sent, e.g. "order_reserved", "settled", "cash_deposit_expired". A seller token never sees a compliance hold (any "…underReview"): null.',
  })
  subStatus(@Root() cashIn: OmsCashIn, @Ctx() ctx: GatewayContext) {
    return subStatusFor(ctx.caller, cashIn.subStatus);
  }

  @FieldResolver(() => DecimalScalar, { description: 'What the seller said they would pay in, in USD; what counts is the cash handed over (see transaction).' })
  indicatedAmount(@Root() cashIn: OmsCashIn) {
    return cashIn.source.indicatedAmount;
  }

  @FieldResolver(() => CashDepositInstructions, { description: 'The code to show at the counter, and where.' })
  depositInstructions(@Root() cashIn: OmsCashIn) {
    return cashIn.depositInstructions;
  }

  @FieldResolver(() => PaymentTarget, { description: 'Where the converted money arrives.' })
  destination(@Root() cashIn: OmsCashIn) {
    const { walletId, blockchainAddress, externalAccountId, asset, network } = cashIn.destination;
    return { walletId, blockchainAddress, externalAccountId, asset, network };
  }

  @FieldResolver(() => FeeSchedule, { description: "OMS's fees on the cash paid in, published before the seller goes to the counter." })
  omsFeeSchedule(@Root() cashIn: OmsCashIn) {
    const { feeCurrency, entries } = cashIn.omsFeeSchedule;
    return {
      currency: feeCurrency,
      entries: entries.map((fee) =>
        fee.type === 'percentage'
          ? { type: fee.type, rate: fee.rate, amount: null, walletId: null }
          : { type: fee.type, rate: null, amount: fee.amount, walletId: null },
      ),
    };
  }

  @FieldResolver(() => Transaction, { nullable: true, description: 'The fiatToCrypto transaction, once the cash is deposited.' })
  transaction(@Root() cashIn: OmsCashIn, @Ctx() ctx: GatewayContext) {
    return cashIn.transactionId ? ctx.visible.transaction(cashIn.transactionId) : null;
  }
}
