import { ErrorCode, GatewayError } from '../../errors.js';
import type { LoggedEvent } from '../../events/event-log.js';
import { deliverable, type EventFilter } from '../../tenancy/ownership.js';
import type { GatewayContext } from '../context.js';

/**
 * The caller's tenant log as one subscription sees it: replayed after `after`, then live, filtered by
 * the one ownership rule (`deliverable`) where events arrive and again as the last step before the
 * socket. Each event starts with fresh loaders, so nothing is resolved from an earlier event's reads.
 */
export async function* eventStream(context: GatewayContext, filter: EventFilter, after: string | null | undefined, name: string): AsyncGenerator<LoggedEvent> {
  const { caller, events, disconnect } = context;
  if (after && !events.isCursor(after)) throw new GatewayError(ErrorCode.BAD_USER_INPUT, `\`after\` is not a cursor of ${name}`);
  const wanted = (event: LoggedEvent) => deliverable(caller, filter, event);
  for await (const event of events.subscribe(caller.tenant.id, after ?? undefined, disconnect, wanted)) {
    if (!wanted(event)) continue;
    context.fresh();
    yield event;
  }
}
