import { getOperationAST, type GraphQLSchema } from 'graphql';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Door } from '../door/door.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Fanout } from './subscription/fanout.js';
import { type Connection, end, newConnection, type Running, SocketOutlet } from './ws-connection.js';
import { createWsErrors, withRequestId } from './ws-errors.js';
import { serveGraphqlWs } from './ws-sockets.js';

/** Close codes beyond graphql-ws's own (4403 forbidden, 4408 no connection_init in time). */
export const CLOSE_TOO_MANY_SOCKETS = 4429;
/** WebSocket's own "try again later", when the socket caps cannot be counted (Redis down). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

export interface Subscriptions {
  /** WebSockets open now (metrics). */
  sockets(): number;
  /** Tells every client to reconnect (1012 service restart) and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server's port and path: a translator between the protocol and the door.
 * Frames are capped at `maxPayloadBytes` (ws closes larger ones with 1009); the upgrade is refused
 * (403) for an origin the door does not know; connection_init and every subscribe message go
 * through the door, whose refusal is a close (4403 for who the caller is, 4429 for the socket caps)
 * or an error result with the same code HTTP would give.
 */
export function startSubscriptions(options: {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  door: Door;
  maxPayloadBytes: number;
  logger: Logger;
  initTimeoutMs?: number;
  /** One execution per event per group of identical subscriptions (subscription/fanout.ts, shared with sse.ts); without it, graphql-ws's own subscribe. */
  fanout?: Fanout | undefined;
}): Subscriptions {
  const { door, logger, initTimeoutMs = 3_000 } = options;
  const errors = createWsErrors(logger);
  const { fanout } = options;
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
    // serveGraphqlWs keeps the open sockets; ws's own set would cost each a second 'close' listener.
    clientTracking: false,
    verifyClient: ({ origin, req }, done) => done(door.mayKnock(origin || undefined, req.headers.host), 403, 'Origin not allowed'),
  });
  const connection = (extra: unknown) => extra as Connection;
  const asErrors = (error: GatewayError, requestId: string) => [withRequestId(error, requestId)];
  const cleanup = serveGraphqlWs(
    {
      schema: options.schema,
      connectionInitWaitTimeout: 0, // ours: Connection.init
      onConnect: async (ctx) => {
        const state = connection(ctx.extra);
        clearTimeout(state.init);
        state.init = undefined;
        const params = ctx.connectionParams ?? {};
        const token =
          typeof params.authorization === 'string' ? params.authorization : typeof params.Authorization === 'string' ? params.Authorization : undefined;
        const { request, socket } = state;
        const admitted = await door.connect({ authorization: token, origin: request?.headers.origin, host: request?.headers.host });
        // Admitted or not, the socket needs neither its credentials nor its upgrade request again; graphql-ws would keep both while it is open.
        (ctx as { connectionParams?: unknown }).connectionParams = undefined;
        state.request = undefined;
        if (!admitted.ok) {
          // graphql-ws closes with 4403 on false; the caps close first, with their own code.
          if (admitted.error.code === 'RATE_LIMITED') socket.close(CLOSE_TOO_MANY_SOCKETS, admitted.error.message.slice(0, 120));
          else if (admitted.error.code === 'INTERNAL_SERVER_ERROR') socket.close(CLOSE_TRY_AGAIN_LATER, 'Try again later');
          return false;
        }
        const { caller, slot } = admitted.value;
        if (socket.readyState !== socket.OPEN) {
          // Closed while the door decided: onClose has run already, so nothing may be left behind.
          void slot.release();
          return false;
        }
        state.caller = caller;
        state.slot = slot;
        state.operations = new Map();
        // A session token is good until it expires or is revoked (on any instance), and so is the socket it opened.
        state.unwatch = door.watch(caller, (reason) => socket.close(4403, `Forbidden: ${reason}`));
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const state = connection(ctx.extra);
        const operations = state.operations!;
        if (operations.has(id)) {
          // An id still being admitted or running (graphql-ws forgets a completed one at once; we do not).
          ctx.extra.socket.close(4409, `Subscriber for ${id} already exists`);
          return asErrors(new GatewayError(ErrorCode.BAD_REQUEST, `Operation id ${id} is in use`), 'duplicate-id');
        }
        // Counted before the door is asked: messages of one socket are admitted concurrently.
        const running = operations.size;
        const slot: Running = {};
        operations.set(id, slot);
        const admitted = await door.operation({
          caller: state.caller!,
          running,
          // '' when the operation names a registered document by hash: graphql-ws's messages must carry a string.
          query: payload.query,
          operationName: payload.operationName,
          extensions: payload.extensions,
          // Not in graphql-ws's message type, but its validation lets it through, as the GraphQL-over-HTTP draft names it.
          documentId: (payload as { documentId?: unknown }).documentId,
          requestId: typeof payload.extensions?.requestId === 'string' ? payload.extensions.requestId : undefined,
          get signal() {
            slot.controller ??= new AbortController();
            if (slot.ended) slot.controller.abort();
            return slot.controller.signal;
          },
        });
        if (!admitted.ok) {
          operations.delete(id);
          // The socket's session ended while it was open (revoked, the announcement missed): the socket goes with it.
          if (admitted.error.code === 'UNAUTHENTICATED') ctx.extra.socket.close(4403, 'Forbidden: the session has ended');
          return asErrors(admitted.error, admitted.requestId);
        }
        const admission = admitted.value;
        const { requestId } = admission;
        slot.requestId = requestId;
        if (slot.ended || !(id in ctx.subscriptions)) {
          // Completed by the client, or its socket closed, while the door decided: it never starts.
          end(state, id);
          admission.finish();
          return asErrors(new GatewayError(ErrorCode.BAD_REQUEST, 'The operation was completed before it started'), admission.requestId);
        }
        const isSubscription = getOperationAST(admission.document, admission.operationName)?.operation === 'subscription';
        // A subscription has no deadline to end: nothing of the door's is kept for it while it lives.
        if (isSubscription) admission.finish();
        else slot.finish = admission.finish;
        const subscription = fanout && isSubscription;
        const variableValues = payload.variables ?? null;
        const rootValue =
          subscription &&
          fanout.member({
            outlet: (state.outlet ??= new SocketOutlet(ctx.extra.socket)),
            id,
            requestId,
            caller: admission.caller,
            query: admission.query,
            document: admission.document,
            operationName: admission.operationName,
            variables: variableValues,
            // Joined its group, the subscription has no stream of its own to abort.
            shared: () => {
              slot.controller = undefined;
            },
          });
        // graphql-ws keeps the subscribe message until the operation ends; its text was the door's and the key's, and nothing reads it again.
        if (rootValue) Object.assign(payload, { query: '', variables: undefined });
        return {
          schema: options.schema,
          document: admission.document,
          variableValues,
          operationName: admission.operationName,
          contextValue: admission.context,
          // The fan-out knows the operation by its root value (its member), which only its stream reads.
          ...(rootValue ? { rootValue } : {}),
        };
      },
      onComplete: (ctx, id) => end(connection(ctx.extra), id),
      onClose: (ctx) => {
        const state = connection(ctx.extra);
        clearTimeout(state.init);
        state.unwatch?.();
        for (const id of [...(state.operations?.keys() ?? [])]) end(state, id);
        void state.slot?.release();
      },
      ...(fanout ? { subscribe: (args) => fanout.subscribe(args) } : {}),
      onNext: (ctx, id, _payload, _args, result) =>
        result.errors ? { ...result, errors: errors.reported(result.errors, connection(ctx.extra).operations?.get(id)?.requestId) } : result,
      // Refusals of the door carry their request id already; errors of a running operation get theirs here.
      onError: (ctx, id, _payload, failed) => errors.reported(failed, connection(ctx.extra).operations?.get(id)?.requestId),
    },
    wss,
    {
      logger,
      extra: (socket, request) => newConnection(socket, request, initTimeoutMs),
    },
  );
  return {
    sockets: () => cleanup.sockets.size,
    async close() {
      for (const client of cleanup.sockets) client.close(1012, 'Service restart: reconnect');
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
