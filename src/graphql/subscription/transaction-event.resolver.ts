import { Arg, Field, ID, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { TransactionEvent as LoggedEvent } from '../../events/event-log.js';
import type { EventFilter } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';
import { DateTimeScalar } from '../scalars.js';
import { Transaction } from '../transaction/transaction.type.js';
import { eventStream, type StreamRoot } from './stream.js';

@ObjectType({ description: 'A status change of one of the caller’s transactions, as OMS reported it.' })
export class TransactionEvent {
  @Field(() => String, { description: 'Opaque and increasing; pass it back as `after` to resume after a disconnect.' }) cursor!: string;
  @Field(() => String, { description: 'The OMS event name, e.g. "transaction.fiatToCrypto.completed".' }) event!: string;
  @Field(() => DateTimeScalar, { description: 'When OMS created the event.' }) occurredAt!: string;
  @Field(() => Transaction, { description: 'The transaction as the webhook carried it.' }) transaction!: LoggedEvent['transaction'];
}

/** The subscription's arguments: the ownership filter, and where in the log to start. */
interface Args extends EventFilter {
  after?: string | null;
}

function transactionEvents({ source, args, context }: SubscribeResolverData<StreamRoot | undefined, Args, GatewayContext>) {
  const { after, ...filter } = args;
  return eventStream(context, { ...filter, kinds: ['transaction'] }, after, 'transactionUpdated', source);
}

@Resolver(() => TransactionEvent)
export class TransactionEventResolver {
  @Subscription(() => TransactionEvent, {
    subscribe: transactionEvents,
    description:
      'Status changes of the caller’s transactions, pushed as OMS webhooks arrive. A tenant token may filter by seller, virtual account or deposit address; a seller token always gets its own alone. With `after`, the events since that cursor are replayed first, then live ones follow, with no gap and no repeat. Compliance events (underReview) are never sent to seller tokens.',
  })
  transactionUpdated(
    @Root() event: LoggedEvent,
    @Arg('sellerId', () => ID, { nullable: true, description: 'Tenant tokens: only this seller’s transactions.' }) _sellerId?: string | null,
    @Arg('virtualAccountId', () => ID, { nullable: true, description: 'Only deposits into this virtual account.' }) _virtualAccountId?: string | null,
    @Arg('depositAddressId', () => ID, { nullable: true, description: 'Only deposits to this deposit address.' }) _depositAddressId?: string | null,
    @Arg('after', () => String, { nullable: true, description: 'Replay the events after this cursor first.' }) _after?: string | null,
  ): LoggedEvent {
    return event;
  }
}
