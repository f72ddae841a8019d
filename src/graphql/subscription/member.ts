import { execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { compareCursors } from '../../events/cursor.js';
import type { LoggedEvent } from '../../events/event-log.js';
import type { FanoutCounters } from './counters.js';
import type { Outlet } from './outlet.js';
import type { Start } from './share-key.js';
import type { Resume, StreamRoot } from './stream.js';

/** What a member asks of the fan-out it belongs to. */
export interface MemberHost {
  /** A group for `key` that will send every event after `position`, the member added; undefined when the group is ahead of it. */
  join(member: Member, key: string, position: string, resume: Resume, args: ExecutionArgs): SharedGroup | undefined;
  /** The payload of `result` for this member (its own errors and request id); `log` logs the errors too (a lone execution's). */
  payload(member: Member, result: ExecutionResult, log: boolean): string;
  /** Its start could not be read: it fails, as its own stream would have. */
  lost(member: Member, error: unknown): void;
  counters: Pick<FanoutCounters, 'count'>;
}

/** The side of a group a member sees. */
export interface SharedGroup {
  add(member: Member): void;
  remove(member: Member): void;
}

const DONE: IteratorResult<never> = { done: true, value: undefined };

/**
 * One subscription on an outlet (a graphql-ws socket, a Server-Sent Events response), as its
 * transport iterates it. It starts alone: its own stream (replay, then live), each event executed
 * with its own context and sent on its outlet, each send awaited (the client's pace, as graphql-ws
 * does). Once that stream is live and idle it offers itself to the
 * group of its key (`handOver`); joined, it holds no stream, context or execution of its own: the
 * group hands it every event after the position it joined at, framed by its outlet. One that starts
 * where its group is (`after` at or past it, or from now on) joins at once. The transport's loop
 * waits on `next()` meanwhile, which settles when the member ends: done (completed, client gone, the log
 * closed) or rejected (its stream or its group's failed), so its error reaches it alone.
 *
 * A class, not a factory: there are tens of thousands, and methods on a prototype cost none of them a closure.
 */
export class Member implements AsyncIterableIterator<never>, StreamRoot {
  private state: 'new' | 'alone' | 'shared' | 'ended' = 'new';
  private group: SharedGroup | undefined;
  /** In a group: events at or before it were sent by the member itself (or logged before it subscribed). */
  private floor: string | undefined;
  /** In a group, from now on, until it knows where "now" was: what the group handed it meanwhile. */
  private waiting: [cursor: string, payload: Buffer | string][] | undefined;
  private source: AsyncIterable<LoggedEvent> | undefined;
  private args: ExecutionArgs | undefined;
  private settled: Promise<IteratorResult<never>> | undefined;
  /** Settles `settled`: with done, or with a rejected promise (one function kept, not two, for tens of thousands). */
  private settle: ((result: IteratorResult<never> | Promise<never>) => void) | undefined;
  private failure: unknown;

  constructor(
    private readonly host: MemberHost,
    readonly outlet: Outlet,
    readonly id: string,
    readonly requestId: string,
    /** Its group's key, and where it starts, until it joins. */
    public key: string | undefined,
    public start: Start,
    /** Called once it has joined: the transport may let go of what only its own stream needed. */
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
    else this.settled = new Promise((resolve) => (this.settle = resolve));
    if (this.state === 'new') void this.alone();
    return this.settled;
  }

  /** The transport: the client completed, or went away. */
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

  /** Joins `group` before running alone at all: at `position` (the group has taken nothing after it), or from now on, where `now` says. */
  joinNow(group: SharedGroup, position: string | Promise<string>, args: ExecutionArgs): this {
    group.add(this);
    if (typeof position === 'string') this.joined(group, position, args);
    else {
      this.joined(group, undefined, args);
      this.waiting = [];
      position.then(
        (now) => this.caughtUp(now),
        (error: unknown) => this.state === 'shared' && this.host.lost(this, error),
      );
    }
    return this;
  }

  /** The group's event at `cursor`, with its result and (without errors) its payload encoded once for all. */
  receive(cursor: string, result: ExecutionResult, payload: Buffer | undefined): void {
    if (this.state !== 'shared') return;
    if (!this.waiting && !this.takes(cursor)) return;
    const own = payload ?? this.host.payload(this, result, false);
    if (this.waiting) this.waiting.push([cursor, own]);
    else if (this.outlet.open) this.outlet.next(this.id, own); // unawaited: one slow client holds up no other
  }

  /** The group's stream ended (the log closed): completed. */
  finish(): void {
    this.end(DONE);
  }

  /** This member's error (its group's stream failed), shown to it with its request id. */
  fail(error: unknown): void {
    this.end(undefined, error);
  }

  private joined(group: SharedGroup, position: string | undefined, args: ExecutionArgs): void {
    this.state = 'shared';
    this.group = group;
    this.floor = position;
    // What only the alone member needed: its stream ends now, and its context executes nothing more
    // (graphql-ws holds the same arguments while the operation lives, so its context goes from there too).
    args.contextValue = undefined;
    args.variableValues = undefined;
    this.key = undefined;
    this.start = undefined;
    this.source = undefined;
    this.args = undefined;
    this.shared?.();
    this.shared = undefined;
  }

  private caughtUp(now: string): void {
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    this.floor = now;
    for (const [cursor, payload] of waiting) if (this.takes(cursor) && this.outlet.open) this.outlet.next(this.id, payload);
  }

  private takes(cursor: string): boolean {
    if (this.state !== 'shared') return false;
    if (this.floor === undefined) return true;
    if (compareCursors(cursor, this.floor) <= 0) return false;
    this.floor = undefined;
    return true;
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
        await this.send(this.host.payload(this, result, true));
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

  /** Sends at the client's pace: resolves once written (or at once, the client gone: its transport learns of that itself). */
  private send(payload: string): Promise<void> {
    return new Promise((resolve) => {
      if (!this.outlet.open) return resolve();
      this.outlet.next(this.id, payload, resolve);
    });
  }

  private end(result: IteratorResult<never> | undefined, error?: unknown): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.group?.remove(this);
    this.group = undefined;
    this.waiting = undefined;
    this.source = undefined;
    this.args = undefined;
    if (!result) this.failure = error ?? new Error('the subscription failed');
    this.settle?.(result ?? Promise.reject(this.failure));
    this.settle = undefined;
  }
}
