import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Admission } from '../door/door.js';
import type { Caller } from '../tenancy/caller.js';
import type { SocketSlot } from '../tenancy/limits/limits.js';
import { nextMessage, nextMessageBytes } from './subscription/frames.js';
import { MAX_UNREAD_BYTES, type Outlet } from './subscription/outlet.js';
import type { SocketExtra } from './ws-sockets.js';

/** graphql-ws's code for a socket that sent no connection_init in time. */
const CLOSE_NO_INIT = 4408;
/** A client that leaves more than MAX_UNREAD_BYTES unread: 1013 Try Again Later, which graphql-ws's client retries. */
export const CLOSE_TOO_SLOW = 1013;

/** A socket's state (graphql-ws's ctx.extra), every field there from the start. */
export interface Connection extends SocketExtra {
  /** The upgrade request: read by onConnect, then let go (thousands of idle sockets need none of its headers). */
  request: IncomingMessage | undefined;
  caller: Caller | undefined;
  slot: SocketSlot | undefined;
  /** Stops watching the seller session that closes this socket when it expires or is revoked. */
  unwatch: (() => void) | undefined;
  /** What runs on the socket, by operation id (admitted, or before the door while it decides). */
  operations: Map<string, Running> | undefined;
  /** Closes the socket (4408) unless connection_init comes in time; graphql-ws's own timer would stay referenced while the socket is open. */
  init: NodeJS.Timeout | undefined;
  /** Where the fan-out sends this socket's shared subscriptions' results; made with the first of them. */
  outlet: SocketOutlet | undefined;
}

/** One operation of a socket: aborting its controller ends its OMS work and its log reader. */
export interface Running {
  /** Made when the operation first reads its signal; let go once a shared subscription has no stream of its own. */
  controller?: AbortController | undefined;
  /** Set once ended: a controller made after that starts aborted. */
  ended?: boolean;
  /** Once admitted: its request id, and for a query or mutation the end of its deadline. */
  requestId?: string;
  finish?: Admission['finish'];
}

/** A new socket's state: nothing known of it yet, and `initTimeoutMs` for its connection_init. */
export function newConnection(socket: WebSocket, request: IncomingMessage, initTimeoutMs: number): Connection {
  return {
    socket,
    request,
    caller: undefined,
    slot: undefined,
    unwatch: undefined,
    operations: undefined,
    init: setTimeout(() => socket.close(CLOSE_NO_INIT, 'Connection initialisation timeout'), initTimeoutMs),
    outlet: undefined,
  };
}

/** Ends operation `id` of the socket: its OMS work and its log reader stop, its deadline is no more. */
export function end(state: Connection, id: string): void {
  const operation = state.operations?.get(id);
  if (!operation) return;
  state.operations!.delete(id);
  operation.ended = true;
  operation.controller?.abort();
  operation.finish?.();
}

/** graphql-transport-ws messages are text, also when handed over as bytes. */
const TEXT = { binary: false } as const;

/** A socket as the fan-out's outlet: each payload framed as graphql-ws's `next` message for its operation id. */
export class SocketOutlet implements Outlet {
  constructor(
    private readonly socket: Pick<WebSocket, 'readyState' | 'OPEN' | 'bufferedAmount' | 'send' | 'close'>,
    private readonly maxUnread = MAX_UNREAD_BYTES,
  ) {}

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  next(id: string, payload: string | Buffer, sent?: () => void): void {
    if (this.socket.bufferedAmount > this.maxUnread) {
      // Try Again Later: graphql-ws's client reconnects, and resumes from its last cursor.
      this.socket.close(CLOSE_TOO_SLOW, 'Too slow: events are waiting unread; reconnect and resume from the last cursor');
      return void sent?.();
    }
    const message = typeof payload === 'string' ? nextMessage(id, payload) : nextMessageBytes(id, payload);
    this.socket.send(message, TEXT, sent && (() => sent()));
  }
}
