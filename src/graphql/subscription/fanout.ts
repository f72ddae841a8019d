import { createSourceEventStream, subscribe, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import type { ContextFactory } from '../../door/door.js';
import { requestIdFrom } from '../../door/request-id.js';
import { compareCursors } from '../../events/cursor.js';
import type { LoggedEvent } from '../../events/event-log.js';
import type { Caller } from '../../tenancy/caller.js';
import type { GatewayContext } from '../context.js';
import { createFanoutCounters, type FanoutCounters, type FanoutStats } from './counters.js';
import { payloadFor, type ErrorShowing } from './frames.js';
import { Group } from './group.js';
import { Member } from './member.js';
import type { Outlet } from './outlet.js';
import { createShareKeys } from './share-key.js';
import { unreadableLog } from './stream.js';

/** One subscription operation as its transport admitted it. */
export interface Subscriber {
  /** Where its results go (a graphql-ws socket, a Server-Sent Events response). */
  outlet: Outlet;
  /** Its operation id on that outlet ('' where the protocol has none). */
  id: string;
  requestId: string;
  caller: Caller;
  query: string;
  document: DocumentNode;
  operationName: string | null;
  variables: Readonly<Record<string, unknown>> | null | undefined;
  /** Called once it has joined its group: what the transport holds for its own stream (its abort signal) may go. */
  shared(): void;
}

export interface FanoutOptions {
  /** The door's context factory: each group makes its own context with it. */
  context: ContextFactory;
  showing: ErrorShowing;
  logger: Logger;
  /** Where it counts what it does; its own when not given. */
  counters?: FanoutCounters | undefined;
}

export interface Fanout {
  /** The root value to give the subscriber's operation, so that `subscribe` below knows it. */
  member(subscriber: Subscriber): Member;
  /** The transport's `subscribe` (graphql-ws's, or sse.ts's): the operation's stream, iterated by its member (see Member). */
  subscribe(args: ExecutionArgs): Promise<AsyncIterable<never> | ExecutionResult | AsyncGenerator<ExecutionResult>>;
  /** What it did so far (see FanoutCounters). */
  stats(): FanoutStats;
}

/**
 * Fan-out by group: subscriptions of one instance with the same document, variables and visibility
 * (share-key.ts) share one execution and one serialization per event. A subscription that starts
 * where its group is joins at once: from now on, or with `after` at or past the group's position.
 * Any other first runs alone (its replay, its resume point, its errors are its own) and joins once it
 * is live and idle at a position the group has not passed; while the group is ahead it stays alone.
 * The first of a key founds its group, which reads the log from that subscription's position on.
 */
export function createFanout(options: FanoutOptions): Fanout {
  const { showing, logger } = options;
  const keyOf = createShareKeys();
  const groups = new Map<string, Group>();
  const counters = options.counters ?? createFanoutCounters();

  const host = {
    join(member: Member, key: string, position: string, resume: Parameters<Member['handOver']>[1], args: ExecutionArgs) {
      let group = groups.get(key);
      // Events the group has taken beyond the member's position would never reach it: it waits until it is there too.
      if (group && compareCursors(group.taken, position) > 0) return undefined;
      if (!group) {
        const caller = (args.contextValue as GatewayContext).caller;
        group = new Group({
          args: { ...args, contextValue: undefined, rootValue: undefined },
          caller,
          requestId: requestIdFrom(undefined),
          position,
          resume,
          context: options.context,
          showing,
          emptied: (emptied) => {
            if (groups.get(key) !== emptied) return;
            groups.delete(key);
            counters.count({ groups: -1 });
          },
          counters,
        });
        groups.set(key, group);
        counters.count({ groups: 1 });
        group.start();
      }
      group.add(member);
      logger.debug({ requestId: member.requestId, group: group.requestId }, 'subscription joined its group');
      return group;
    },
    payload(member: Member, result: ExecutionResult, log: boolean) {
      if (log && result.errors) showing.report(result.errors, member.requestId);
      return payloadFor(result, member.requestId, showing);
    },
    lost(member: Member, error: unknown) {
      logger.error({ err: error, requestId: member.requestId }, 'subscription ended: the event log could not be read');
      member.fail(unreadableLog(error));
    },
    counters,
  };

  return {
    member(subscriber) {
      const { key, start } = keyOf(subscriber);
      return new Member(host, subscriber.outlet, subscriber.id, subscriber.requestId, key, start, subscriber.shared);
    },
    async subscribe(args) {
      const member = args.rootValue;
      if (!(member instanceof Member)) return subscribe(args);
      // Starting where its group is, it joins at once, with no stream of its own: from now on (a dashboard
      // opening), or resuming at or past the group's position (a dashboard reconnecting).
      const { events, caller } = args.contextValue as GatewayContext;
      const group = member.key === undefined ? undefined : groups.get(member.key);
      const { start } = member;
      if (group && start === 'now' && events.end) return member.joinNow(group, events.end(caller.tenant.id), args);
      if (group && typeof start === 'object' && events.isCursor(start.after) && compareCursors(start.after, group.taken) >= 0)
        return member.joinNow(group, start.after, args);
      const source = await createSourceEventStream(args);
      if (!(Symbol.asyncIterator in source)) return source;
      return member.begin(source as AsyncIterable<LoggedEvent>, args);
    },
    stats: () => counters.stats(),
  };
}
