import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';

/** How the errors of a result reach subscribers: logged once, shown to each with its own request id (ws.ts gives both). */
export interface ErrorShowing {
  /**
   * Logs an execution's errors once, under the request id of whoever ran it: a subscriber, or a
   * group, which names (some of) the request ids of the subscribers it ran for.
   */
  report(errors: readonly GraphQLError[], requestId: string, subscribers?: { count: number; requestIds: string[] }): void;
  /** The errors as one subscriber is shown them: masked, with its request id. */
  format(errors: readonly GraphQLError[], requestId: string): GraphQLFormattedError[];
}

/**
 * The graphql-transport-ws `next` message graphql-ws would send for operation `id`, around a payload
 * serialized already: one payload, serialized once, is framed for each of its subscribers.
 */
export function nextMessage(id: string, payload: string): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":${payload}}`;
}

const CLOSING_BRACE = Buffer.from('}');

/**
 * The same message as bytes, around a payload encoded once for many: sent as they are (in a text
 * frame), each subscriber's copy costs a copy, not an encoding of the whole text.
 */
export function nextMessageBytes(id: string, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`), payload, CLOSING_BRACE]);
}

/** A result as one subscriber is sent it: errors (rare) shown with its request id, as ws.ts's onNext does (logging them is the executor's). */
export function payloadFor(result: ExecutionResult, requestId: string, showing: ErrorShowing): string {
  return JSON.stringify(result.errors ? { ...result, errors: showing.format(result.errors, requestId) } : result);
}
