import { ErrorCode, GatewayError } from '../../errors.js';
import type { LoggedEvent } from '../../events/event-log.js';
import { deliverable, type EventFilter } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';

/** The same stream again, for another context (the caller's visibility, another signal), from `after` on. */
export type Resume = (context: GatewayContext, after: string) => AsyncGenerator<LoggedEvent>;

/**
 * The root value a transport may give a subscription operation (graphql-ws with sharing, see
 * fanout.ts): once the stream is live and idle, `handOver` is offered its position and a way to
 * resume the same stream; answering true ends this stream there, the transport having taken over.
 */
export interface StreamRoot {
  handOver?(position: string, resume: Resume): boolean;
}

/**
 * The caller's tenant log as one subscription sees it: replayed after `after`, then live, filtered by
 * the one ownership rule (`deliverable`) where events arrive and again as the last step before the
 * socket. Each event starts with fresh loaders, so nothing is resolved from an earlier event's reads.
 * When the log cannot be read (Redis away, a replay page failing) the subscription ends with an
 * error carrying the request id, and the failure is logged with it.
 */
export async function* eventStream(
  context: GatewayContext,
  filter: EventFilter,
  after: string | null | undefined,
  name: string,
  root?: StreamRoot,
): AsyncGenerator<LoggedEvent> {
  const { caller, events, disconnect } = context;
  if (after && !events.isCursor(after)) throw new GatewayError(ErrorCode.BAD_USER_INPUT, `\`after\` is not a cursor of ${name}`);
  const wanted = (event: LoggedEvent) => deliverable(caller, filter, event);
  // The sellers `deliverable` limits this subscription to, so the log hands it only their events.
  const sellerIds = caller.role === 'seller' ? [caller.sellerId] : filter.sellerId ? [filter.sellerId] : undefined;
  const offer = root?.handOver?.bind(root);
  const handOver = offer && ((position: string) => offer(position, (other, from) => eventStream(other, filter, from, name)));
  let last = after ?? undefined;
  try {
    for await (const event of events.subscribe(caller.tenant.id, after ?? undefined, disconnect, wanted, sellerIds, handOver)) {
      if (!wanted(event)) continue;
      context.fresh();
      last = event.cursor;
      yield event;
    }
  } catch (error) {
    context.log.error({ err: error, subscription: name, after: last }, 'subscription ended: the event log could not be read');
    throw unreadableLog(error);
  }
}

/** What a subscriber is told when the event log cannot be read for it (the failure is logged with its request id). */
export function unreadableLog(cause: unknown): GatewayError {
  return new GatewayError(
    ErrorCode.INTERNAL_SERVER_ERROR,
    'The event log could not be read; subscribe again with `after` set to the last cursor received (quote the requestId when reporting it)',
    { retryAfterMs: 1_000, cause },
  );
}
