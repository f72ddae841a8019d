import { createSourceEventStream, subscribe, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { ContextFactory } from '../../door/door.js';
import { requestIdFrom } from '../../door/request-id.js';
import { compareCursors } from '../../events/cursor.js';
import type { LoggedEvent } from '../../events/event-log.js';
import type { Caller } from '../../tenancy/caller.js';
import type { GatewayContext } from '../context.js';
import { payloadFor, type ErrorShowing } from './frames.js';
import { Group } from './group.js';
import { Member } from './member.js';
import { createShareKeys } from './share-key.js';

/** One subscription operation as admitted on a socket. */
export interface Subscriber {
  socket: WebSocket;
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
}

export interface Fanout {
  /** The root value to give the subscriber's operation, so that `subscribe` below knows it. */
  member(subscriber: Subscriber): Member;
  /** graphql-ws's `subscribe`: the operation's stream, iterated by its member (see Member). */
  subscribe(args: ExecutionArgs): Promise<AsyncIterable<never> | ExecutionResult | AsyncGenerator<ExecutionResult>>;
  /** Groups open now, their members, and shared executions so far (observability and tests). */
  stats(): { groups: number; shared: number; executions: number };
}

/**
 * Fan-out by group: subscriptions of one instance with the same document, variables and visibility
 * (share-key.ts) share one execution and one serialization per event. A subscription first runs alone
 * (its replay, its resume point, its errors are its own) and joins its group once it is live and idle
 * at a position the group has not passed; until then, and whenever the group is ahead, it stays alone.
 */
export function createFanout(options: FanoutOptions): Fanout {
  const { showing, logger } = options;
  const keyOf = createShareKeys();
  const groups = new Map<string, Group>();
  let executions = 0;

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
            if (groups.get(key) === emptied) groups.delete(key);
          },
          executed: () => {
            executions += 1;
          },
        });
        groups.set(key, group);
        group.start();
      }
      group.add(member);
      logger.debug({ requestId: member.requestId, group: group.requestId }, 'subscription joined its group');
      return group;
    },
    message(member: Member, result: ExecutionResult) {
      if (result.errors) showing.report(result.errors, member.requestId);
      return payloadFor(result, member.requestId, showing);
    },
  };

  return {
    member(subscriber) {
      const key = keyOf(subscriber);
      return new Member(host, subscriber.socket, subscriber.id, subscriber.requestId, key, subscriber.shared);
    },
    async subscribe(args) {
      const member = args.rootValue;
      if (!(member instanceof Member)) return subscribe(args);
      const source = await createSourceEventStream(args);
      if (!(Symbol.asyncIterator in source)) return source;
      return member.begin(source as AsyncIterable<LoggedEvent>, args);
    },
    stats: () => ({ groups: groups.size, shared: [...groups.values()].reduce((sum, g) => sum + g.members.size, 0), executions }),
  };
}
