import { Arg, Ctx, Field, FieldResolver, ID, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { BalanceEvent, LoggedEvent } from '../../events/event-log.js';
import type { EventFilter } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';
import { CashIn } from '../cash-in/cash-in.type.js';
import { DateTimeScalar } from '../scalars.js';
import { Seller } from '../seller/seller.type.js';
import { Transaction } from '../transaction/transaction.type.js';
import { toBalance } from '../wallet/wallet.map.js';
import { Wallet, WalletBalance } from '../wallet/wallet.type.js';
import { ActivityKind } from './activity.enums.js';
import { eventStream, type StreamRoot } from './stream.js';

@ObjectType({ description: 'A wallet’s balance, read by the gateway once after the event that moved it.' })
export class BalanceChange {}

@ObjectType({ description: 'One thing a dashboard shows, as it happened.' })
export class ActivityEvent {
  @Field(() => String, { description: 'Opaque and increasing, shared by every kind; pass it back as `after` to resume.' }) cursor!: string;
  @Field(() => ActivityKind, { description: 'What the event is about.' }) kind!: ActivityKind;
  @Field(() => String, { description: 'The OMS event name, or wallet.balanceChanged for a balance the gateway read after an event.' }) event!: string;
  @Field(() => DateTimeScalar, { description: 'When it happened.' }) occurredAt!: string;
}

interface Args extends Omit<EventFilter, 'virtualAccountId' | 'depositAddressId'> {
  after?: string | null;
}

function activityEvents({ source, args, context }: SubscribeResolverData<StreamRoot | undefined, Args, GatewayContext>) {
  const { after, sellerId, kinds } = args;
  return eventStream(context, { sellerId, kinds }, after, 'activity', source);
}

@Resolver(() => ActivityEvent)
export class ActivityResolver {
  @Subscription(() => ActivityEvent, {
    subscribe: activityEvents,
    description:
      'Everything a dashboard shows, on one stream with one cursor: transactions, balance changes (read once per event, not once per subscriber), cash-ins, and seller/KYC changes. Same ownership rules and resume as transactionUpdated; `kinds` narrows it.',
  })
  activity(
    @Root() event: LoggedEvent,
    @Arg('sellerId', () => ID, { nullable: true, description: 'Tenant tokens: only this seller’s events.' }) _sellerId?: string | null,
    @Arg('kinds', () => [ActivityKind], { nullable: true, description: 'Only events of these kinds.' }) _kinds?: ActivityKind[] | null,
    @Arg('after', () => String, { nullable: true, description: 'Replay the events after this cursor first.' }) _after?: string | null,
  ): LoggedEvent {
    return event;
  }

  @FieldResolver(() => Transaction, { nullable: true, description: 'Set for TRANSACTION (and for BALANCE when a transaction moved it).' })
  transaction(@Root() event: LoggedEvent, @Ctx() ctx: GatewayContext) {
    if (event.kind === 'transaction') return event.transaction;
    return event.kind === 'balance' && event.transactionId ? ctx.visible.transaction(event.transactionId) : null;
  }

  @FieldResolver(() => BalanceChange, { nullable: true, description: 'Set for BALANCE.' })
  balance(@Root() event: LoggedEvent, @Ctx() ctx: GatewayContext): BalanceEvent | null {
    if (event.kind !== 'balance') return null;
    // The wallet and balance read once at ingestion answer every subscriber, through `balance` and `wallet { balance }` alike.
    ctx.loaders.balance.prime(event.walletId, event.balance);
    ctx.loaders.wallet.prime(event.walletId, event.wallet);
    return event;
  }

  @FieldResolver(() => CashIn, { nullable: true, description: 'Set for CASH_IN.' })
  cashIn(@Root() event: LoggedEvent) {
    return event.kind === 'cashIn' ? event.cashIn : null;
  }

  @FieldResolver(() => Seller, { nullable: true, description: 'Set for SELLER (endorsements and KYC).' })
  seller(@Root() event: LoggedEvent) {
    return event.kind === 'seller' ? event.customer : null;
  }
}

@Resolver(() => BalanceChange)
export class BalanceChangeResolver {
  @FieldResolver(() => Wallet, { description: 'The wallet whose balance changed.' })
  wallet(@Root() event: BalanceEvent, @Ctx() ctx: GatewayContext) {
    return ctx.visible.wallet(event.walletId);
  }

  @FieldResolver(() => WalletBalance, { description: 'The balance as read after the event.' })
  balance(@Root() event: BalanceEvent) {
    return toBalance(event.balance);
  }

  @FieldResolver(() => Transaction, { nullable: true, description: 'The transaction that moved it, when one did.' })
  transaction(@Root() event: BalanceEvent, @Ctx() ctx: GatewayContext) {
    return event.transactionId ? ctx.visible.transaction(event.transactionId) : null;
  }
}
