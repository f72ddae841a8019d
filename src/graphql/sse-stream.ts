import type { ServerResponse } from 'node:http';
import { MAX_UNREAD_BYTES, type Outlet } from './subscription/outlet.js';

const NEXT = Buffer.from('event: next\ndata: ');
const EVENT_END = Buffer.from('\n\n');
/** With an empty `data:` field: a browser's EventSource fires no listener for an event without one. */
const COMPLETE = 'event: complete\ndata:\n\n';
/** An SSE comment: keeps proxies from timing the stream out, and is ignored by every client. */
const PING = ':\n\n';

/**
 * One operation's Server-Sent Events response in graphql-sse's distinct connections mode: `next`
 * events carrying execution results as JSON, then `complete`. It is the operation's outlet, so the
 * fan-out writes a group's payload, serialized once, into it as bytes. Ending it either way is
 * final; later writes are dropped.
 */
export class EventStream implements Outlet {
  /** Aborts the operation's OMS work and log reader: made when the operation first reads its signal, let go once it is shared. */
  controller: AbortController | undefined;
  /** Set once the response has ended, by either side. */
  ended = false;

  constructor(
    private readonly res: Pick<ServerResponse, 'writable' | 'writableLength' | 'write' | 'end' | 'writeHead'>,
    private readonly maxUnread = MAX_UNREAD_BYTES,
  ) {}

  get open(): boolean {
    return !this.ended && this.res.writable;
  }

  /** Sends the stream's headers and a first comment, which makes every proxy and client treat it as open. */
  start(requestId: string): void {
    this.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Request-Id': requestId,
      // nginx buffers responses by default, which would hold events back until its buffer fills.
      'X-Accel-Buffering': 'no',
    });
    this.res.write(PING);
  }

  next(_id: string, payload: string | Buffer, sent?: () => void): void {
    if (!this.open) return void sent?.();
    if (this.res.writableLength > this.maxUnread) {
      // Ended without `complete`: graphql-sse's client reconnects, and resumes from its last cursor.
      this.drop();
      return void sent?.();
    }
    const event = typeof payload === 'string' ? `event: next\ndata: ${payload}\n\n` : Buffer.concat([NEXT, payload, EVENT_END]);
    this.res.write(event, sent && (() => sent()));
  }

  /** Resolves once `payload` is written (or the client is gone): the pace of a subscription running alone. */
  send(payload: string): Promise<void> {
    return new Promise((resolve) => this.next('', payload, resolve));
  }

  ping(): void {
    if (this.open) this.res.write(PING);
  }

  /** The operation is over: `complete`, and graphql-sse's client ends the subscription without reconnecting. */
  complete(): void {
    if (this.ended) return;
    this.ended = true;
    this.res.end(COMPLETE);
  }

  /** Ends without `complete` (the gateway is shutting down): graphql-sse's client reconnects, to another instance. */
  drop(): void {
    if (this.ended) return;
    this.ended = true;
    this.res.end();
  }
}
