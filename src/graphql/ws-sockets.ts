import { CloseCode, handleProtocols, makeServer, type ServerOptions, type WebSocket as ProtocolSocket } from 'graphql-ws';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { WebSocket, type WebSocketServer } from 'ws';

/** What graphql-ws's hooks get as `ctx.extra` for a socket; the transport may add its own fields. */
export interface SocketExtra {
  readonly socket: WebSocket;
  /** The upgrade request, until the transport lets it go. */
  request: IncomingMessage | undefined;
}

export interface ServeOptions {
  logger: Logger;
  /** How often every socket is pinged; one unanswered by the next ping is terminated (default 12 s, as graphql-ws/use/ws). */
  keepAliveMs?: number;
  /** The ctx.extra of a new socket (beyond `socket` and `request`, fields the transport fills in later). */
  extra(socket: WebSocket, request: IncomingMessage): SocketExtra;
}

/** Slices of the keep-alive period: each tick pings the sockets of one slice, so pings are spread, never a burst of every socket. */
const TICKS_PER_PERIOD = 120;

/**
 * graphql-ws's server (makeServer) on a ws WebSocketServer, as graphql-ws/use/ws's useServer does it,
 * holding less for each of tens of thousands of open, idle sockets: its message handler waits for no
 * operation (useServer's keeps each subscribe frame's bytes until the operation ends), its protocol
 * methods sit on a prototype, one timer pings every socket in turn instead of one interval each, and
 * socket errors are the client's doing, logged at info (never to stderr). `sockets` are the open ones
 * (the WebSocketServer's own `clientTracking` may be off).
 */
export function serveGraphqlWs<P extends Record<string, unknown>>(
  options: ServerOptions<P, SocketExtra>,
  wss: WebSocketServer,
  serve: ServeOptions,
): { sockets: ReadonlySet<WebSocket>; dispose(): Promise<void> } {
  const { logger, keepAliveMs = 12_000 } = serve;
  const server = makeServer(options);
  wss.options.handleProtocols = (protocols) => handleProtocols(protocols);
  const answered = new WeakSet<WebSocket>();
  const sockets = new Set<WebSocket>();
  const due = keepAliveRounds(sockets, TICKS_PER_PERIOD);
  const keepAlive = setInterval(() => {
    for (const socket of due()) {
      if (!answered.delete(socket)) socket.terminate();
      else if (socket.readyState === WebSocket.OPEN) socket.ping();
    }
  }, keepAliveMs / TICKS_PER_PERIOD);
  keepAlive.unref();

  wss.on('error', (error) => {
    logger.error({ err: error }, 'graphql-ws server error');
    for (const client of sockets) client.close(CloseCode.InternalServerError, 'Internal server error');
  });
  wss.on('connection', (socket, request) => {
    sockets.add(socket);
    answered.add(socket); // a new socket counts as answering until its first ping
    socket.on('pong', answeredPing);
    socket.on('error', socketError);
    const closed = server.opened(new ProtocolSocketOf(socket, logger), serve.extra(socket, request));
    socket.on('close', (code, reason) => {
      sockets.delete(socket);
      void closed(code, String(reason));
    });
  });

  function answeredPing(this: WebSocket): void {
    answered.add(this);
  }
  function socketError(this: WebSocket, error: Error & { code?: string }): void {
    // A frame over maxPayload, a bad frame: ws closes the socket itself.
    logger.info({ code: error.code }, 'graphql-ws socket error');
  }

  return {
    sockets,
    async dispose() {
      clearInterval(keepAlive);
      for (const client of sockets) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/**
 * Which items are due at each call (a tick), so that each is visited once per period of `ticks` ticks,
 * spread over it: a round walks the set in insertion order, `ceil(size / ticks)` items a tick, and the
 * next round starts on the next period's first tick once this one is over (a round still walking then
 * goes on). Starting a new round at once whenever one ended would visit a lone socket every tick, so a
 * pong later than one tick (100 ms by default: a slow link, a busy process) would terminate it.
 */
export function keepAliveRounds<T>(items: ReadonlySet<T>, ticks: number): () => T[] {
  let tick = 0;
  // The round under way, and its next item looked up ahead, so a round is known to be over as soon as it is.
  let round: { walk: Iterator<T>; ahead: IteratorResult<T> } | undefined;
  return () => {
    if (tick % ticks === 0 && round === undefined) {
      const walk = items.values();
      round = { walk, ahead: walk.next() };
    }
    tick += 1;
    const due: T[] = [];
    for (let left = Math.ceil(items.size / ticks); round !== undefined && left > 0; left -= 1) {
      const { ahead } = round;
      if (ahead.done) break;
      // It may have left the set since it was looked up.
      if (items.has(ahead.value)) due.push(ahead.value);
      round.ahead = round.walk.next();
    }
    if (round?.ahead.done) round = undefined;
    return due;
  };
}

/** The socket as graphql-ws's protocol sees it; a class, so the thousands of them share their methods. */
class ProtocolSocketOf implements ProtocolSocket {
  constructor(
    private readonly socket: WebSocket,
    private readonly logger: Logger,
  ) {}

  get protocol(): string {
    return this.socket.protocol;
  }

  send(data: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.socket.readyState !== WebSocket.OPEN) return resolve();
      this.socket.send(data, (error) => (error ? reject(error) : resolve()));
    });
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  onMessage(handle: (data: string) => Promise<void>): void {
    const { socket, logger } = this;
    // Not awaited here: a subscription's handling lasts as long as the subscription.
    socket.on('message', (data) => {
      handle(String(data)).catch((error: unknown) => {
        logger.error({ err: error }, 'graphql-ws message handling failed');
        socket.close(CloseCode.InternalServerError, 'Internal server error');
      });
    });
  }
}
