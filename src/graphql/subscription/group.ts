import { execute, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { ContextFactory } from '../../door/door.js';
import type { Caller } from '../../tenancy/caller.js';
import type { GatewayContext } from '../context.js';
import type { FanoutCounters } from './counters.js';
import type { ErrorShowing } from './frames.js';
import type { Member, SharedGroup } from './member.js';
import type { Resume } from './stream.js';

export interface GroupOptions {
  /** The operation as its first member sent it; its context is not used (the group has its own). */
  args: ExecutionArgs;
  caller: Caller;
  requestId: string;
  /** Where the group's stream starts: its first member's position. */
  position: string;
  resume: Resume;
  context: ContextFactory;
  showing: ErrorShowing;
  /** Called once the last member has left (the group is then closed). */
  emptied(group: Group): void;
  counters: Pick<FanoutCounters, 'count'>;
}

/** How many of its subscribers' request ids a group's error log line names (enough to find one's own in a small group). */
const LOGGED_REQUEST_IDS = 50;

/**
 * Subscriptions with the same key (share-key.ts) as one: one stream of the log under the first
 * member's visibility, and per event one execution with fresh loaders (the group's context, made by
 * the door's factory, `fresh()` per event as any subscription) and one serialization; each member
 * gets the payload framed with its own id. Events are taken in log order, one at a time, so every
 * member sees them in order. The group closes when its last member leaves.
 */
export class Group implements SharedGroup {
  readonly members = new Set<Member>();
  /** The cursor of the last event taken from the stream (or where it started): a member may join at or after it. */
  taken: string;
  private readonly controller = new AbortController();

  constructor(private readonly options: GroupOptions) {
    this.taken = options.position;
  }

  get requestId(): string {
    return this.options.requestId;
  }

  add(member: Member): void {
    this.members.add(member);
    this.options.counters.count({ shared: 1 });
  }

  remove(member: Member): void {
    if (!this.members.delete(member)) return;
    this.options.counters.count({ shared: -1 });
    if (this.members.size > 0) return;
    this.controller.abort();
    this.options.emptied(this);
  }

  /** Starts reading the group's stream; runs until the group is emptied or the stream ends. */
  start(): void {
    void this.run();
  }

  private async run(): Promise<void> {
    const { args, caller, requestId, position, resume, context: contextOf } = this.options;
    const context: GatewayContext = contextOf(caller, requestId, { signal: this.controller.signal });
    try {
      for await (const event of resume(context, position)) {
        if (this.controller.signal.aborted) break;
        this.taken = event.cursor;
        const result = await execute({ ...args, contextValue: context, rootValue: event });
        this.options.counters.count({ sharedExecutions: 1 });
        this.deliver(event.cursor, result);
      }
    } catch (error) {
      for (const member of [...this.members]) member.fail(error);
      return;
    }
    // The stream ended by itself (the log closed): so does every subscription on it.
    for (const member of [...this.members]) member.finish();
  }

  private deliver(cursor: string, result: ExecutionResult): void {
    if (result.errors) {
      const requestIds = [...this.members].slice(0, LOGGED_REQUEST_IDS).map((member) => member.requestId);
      this.options.showing.report(result.errors, this.options.requestId, { count: this.members.size, requestIds });
    }
    // Without errors, one payload for all; with them (rare), each member's shows its own request id.
    const payload = result.errors ? undefined : Buffer.from(JSON.stringify(result));
    for (const member of this.members) member.receive(cursor, result, payload);
  }
}
