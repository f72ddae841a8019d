import { execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { WebSocket } from 'ws';
import { compareCursors } from '../../events/cursor.js';
import type { LoggedEvent } from '../../events/event-log.js';
import type { FanoutCounters } from './counters.js';
import { nextMessage } from './frames.js';
import type { Resume, StreamRoot } from './stream.js';

/** What a member asks of the fan-out it belongs to. */
export interface MemberHost {
  /** A group for `key` that will send every event after `position`, the member added; undefined when the group is ahead of it. */
  join(member: Member, key: string, position: string, resume: Resume, args: ExecutionArgs): SharedGroup | undefined;
  /** The message of `result` for this member (its own errors and request id). */
  message(member: Member, result: ExecutionResult): string;
  counters: Pick<FanoutCounters, 'count'>;
}

/** The side of a group a member sees. */
export interface SharedGroup {
  remove(member: Member): void;
}

const DONE: IteratorResult<never> = { done: true, value: undefined };
/** graphql-transport-ws messages are text, also when handed over as bytes. */
const TEXT = { binary: false } as const;

/**
 * One subscription on a socket, as graphql-ws iterates it. It starts alone: its own stream (replay,
 * then live), each event executed with its own context and sent on its socket, each send awaited
 * (the socket's pace, as graphql-ws does). Once that stream is live and idle it offers itself to the
 * group of its key (`handOver`); joined, it holds no stream, context or execution of its own: the
 * group sends it every event after the position it joined at, framed with its id. graphql-ws's loop
 * waits on `next()` meanwhile, which settles when the member ends: done (completed, socket closed,
 * the log closed) or rejected (its stream or its group's failed), so its error reaches it alone.
 *
 * A class, not a factory: there are tens of thousands, and methods on a prototype cost none of them a closure.
 */
export class Member implements AsyncIterableIterator<never>, StreamRoot {
  private state: 'new' | 'alone' | 'shared' | 'ended' = 'new';
  private group: SharedGroup | undefined;
  /** While in a group: events at or before it were sent by the member itself. */
  private floor: string | undefined;
  private source: AsyncIterable<LoggedEvent> | undefined;
  private args: ExecutionArgs | undefined;
  private settled: Promise<IteratorResult<never>> | undefined;
  private resolve: ((result: IteratorResult<never>) => void) | undefined;
  private reject: ((error: unknown) => void) | undefined;
  /** Why it failed, once it has. */
  private failure: unknown;

  constructor(
    private readonly host: MemberHost,
    readonly socket: WebSocket,
    readonly id: string,
    readonly requestId: string,
    /** Its group's key, until it joins. */
    public key: string | undefined,
    /** Where it starts (its `after`), when that is a variable of its own. */
    readonly after: string | undefined,
    private shared: (() => void) | undefined,
  ) {}

  /** The stream graphql made of the operation, and the operation (its context executes the member's own events). */
  begin(source: AsyncIterable<LoggedEvent>, args: ExecutionArgs): this {
    this.source = source;
    this.args = args;
    return this;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<never>> {
    if (this.settled) return this.settled;
    // Ended already (its group's stream ended before graphql-ws first asked): settled as it ended.
    if (this.state === 'ended') this.settled = this.failure === undefined ? Promise.resolve(DONE) : Promise.reject(this.failure);
    else
      this.settled = new Promise((resolve, reject) => {
        this.resolve = resolve;
        this.reject = reject;
      });
    if (this.state === 'new') void this.alone();
    return this.settled;
  }

  /** graphql-ws: the client completed, or its socket closed. */
  return(): Promise<IteratorResult<never>> {
    this.end(DONE);
    return Promise.resolve(DONE);
  }

  /** Offered by the member's stream when live and idle (see StreamRoot). */
  handOver(position: string, resume: Resume): boolean {
    if (this.state !== 'alone' || this.key === undefined || !this.args) return false;
    const group = this.host.join(this, this.key, position, resume, this.args);
    if (!group) return false;
    this.joined(group, position, this.args);
    return true;
  }

  /** Joins `group`, which has taken no event after `position`, before running alone at all. */
  joinNow(group: SharedGroup & { add(member: Member): void }, position: string, args: ExecutionArgs): this {
    group.add(this);
    this.joined(group, position, args);
    return this;
  }

  private joined(group: SharedGroup, position: string, args: ExecutionArgs): void {
    this.state = 'shared';
    this.group = group;
    this.floor = position;
    // What only the alone member needed: its stream ends now, and its context executes nothing more
    // (graphql-ws holds the same arguments while the operation lives, so its context goes from there too).
    args.contextValue = undefined;
    args.variableValues = undefined;
    this.key = undefined;
    this.source = undefined;
    this.args = undefined;
    this.shared?.();
    this.shared = undefined;
  }

  /** Whether the group's event at `cursor` is this member's to send (it sent those up to where it joined). */
  takes(cursor: string): boolean {
    if (this.state !== 'shared') return false;
    if (this.floor === undefined) return true;
    if (compareCursors(cursor, this.floor) <= 0) return false;
    this.floor = undefined;
    return true;
  }

  /** Sends a message of the group's, without waiting: one slow socket never holds up the others. */
  write(message: string | Buffer): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(message, TEXT);
  }

  /** The group's stream ended (the log closed): completed. */
  finish(): void {
    this.end(DONE);
  }

  /** The group's stream failed: this member's error, shown to it with its request id. */
  fail(error: unknown): void {
    this.end(undefined, error);
  }

  private async alone(): Promise<void> {
    this.state = 'alone';
    const { source, args } = this;
    const { counters } = this.host;
    counters.count({ alone: 1 });
    try {
      for await (const event of source!) {
        if (this.state !== 'alone') break;
        const result = await execute({ ...args!, rootValue: event });
        counters.count({ aloneExecutions: 1 });
        if (this.state !== 'alone') break;
        await this.send(nextMessage(this.id, this.host.message(this, result)));
      }
    } catch (error) {
      this.fail(error);
      return;
    } finally {
      counters.count({ alone: -1 });
    }
    // Joined a group (which sends from here on), ended, or the stream ended by itself (the log closed).
    if (this.state === 'alone') this.end(DONE);
  }

  private send(message: string): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState !== this.socket.OPEN) return resolve();
      // A failed send is the socket's end, which graphql-ws learns of from the socket itself.
      this.socket.send(message, () => resolve());
    });
  }

  private end(result: IteratorResult<never> | undefined, error?: unknown): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.group?.remove(this);
    this.group = undefined;
    this.source = undefined;
    this.args = undefined;
    if (!result) this.failure = error ?? new Error('the subscription failed');
    if (result) this.resolve?.(result);
    else this.reject?.(this.failure);
    this.resolve = undefined;
    this.reject = undefined;
  }
}
