import { Arg, Field, ID, ObjectType, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import { ErrorCode, GatewayError } from '../../errors.js';
import type { TransactionEvent as LoggedEvent } from '../../events/event-log.js';
import { deliverable, type EventFilter } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';
import { DateTimeScalar } from '../scalars.js';
import { Transaction } from '../transaction/transaction.type.js';

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

async function* transactionEvents({ args, context }: SubscribeResolverData<unknown, Args, GatewayContext>): AsyncGenerator<LoggedEvent> {
  const { caller, events, disconnect } = context;
  if (args.after && !events.isCursor(args.after)) throw new GatewayError(ErrorCode.BAD_USER_INPUT, '`after` is not a cursor of transactionUpdated');
  const wanted = (event: LoggedEvent) => deliverable(caller, args, event);
  // The log filters where events arrive; checked again here, as the last step before the socket.
  for await (const event of events.subscribe(caller.tenant.id, args.after ?? undefined, disconnect, wanted)) {
    if (wanted(event)) yield event;
  }
}

@Resolver(() => TransactionEvent)
export class TransactionEventResolver {
  @Subscription(() => TransactionEvent, {
    subscribe: transactionEvents,
    description:
      'Status changes of the caller’s transactions, pushed as OMS webhooks arrive. A tenant token may filter by seller or virtual account; a seller token always gets its own alone. With `after`, the events since that cursor are replayed first, then live ones follow, with no gap and no repeat. Compliance events (underReview) are never sent to seller tokens.',
  })
  transactionUpdated(
    @Root() event: LoggedEvent,
    @Arg('sellerId', () => ID, { nullable: true, description: 'Tenant tokens: only this seller’s transactions.' }) _sellerId?: string | null,
    @Arg('virtualAccountId', () => ID, { nullable: true, description: 'Only deposits into this virtual account.' }) _virtualAccountId?: string | null,
    @Arg('after', () => String, { nullable: true, description: 'Replay the events after this cursor first.' }) _after?: string | null,
  ): LoggedEvent {
    return event;
  }
}
