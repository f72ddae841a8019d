import type { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Admission, Door } from '../door/door.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Caller } from '../tenancy/caller.js';
import type { SocketSlot } from '../tenancy/limits/limits.js';
import { formatError, reportError } from './errors.js';

/** Close codes beyond graphql-ws's own (4403 forbidden, 4408 no connection_init in time). */
export const CLOSE_TOO_MANY_SOCKETS = 4429;
/** WebSocket's own "try again later", when the socket caps cannot be counted (Redis down). */
export const CLOSE_TRY_AGAIN_LATER = 1013;

interface Connection {
  socket: WebSocket;
  caller?: Caller;
  slot?: SocketSlot;
  /** Stops watching the seller session that closes this socket when it expires or is revoked. */
  unwatch?: () => void;
  /** What runs on the socket, by operation id (admitted, or before the door while it decides). */
  operations?: Map<string, Running>;
}

/** One operation of a socket: aborting the controller ends its OMS work and its log reader. */
interface Running {
  controller: AbortController;
  admission: Admission | undefined;
}

export interface Subscriptions {
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
}): Subscriptions {
  const { door } = options;
  const wss = new WebSocketServer({
    server: options.server,
    path: options.path,
    maxPayload: options.maxPayloadBytes,
    verifyClient: ({ origin, req }, done) => done(door.mayKnock(origin || undefined, req.headers.host), 403, 'Origin not allowed'),
  });
  const connection = (extra: unknown) => extra as Connection;
  const asErrors = (error: GatewayError, requestId: string) => [withRequestId(error, requestId)];
  const cleanup = useServer(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.initTimeoutMs ?? 3_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const token =
          typeof params.authorization === 'string' ? params.authorization : typeof params.Authorization === 'string' ? params.Authorization : undefined;
        const { request, socket } = ctx.extra;
        const admitted = await door.connect({ authorization: token, origin: request.headers.origin, host: request.headers.host });
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
        const state = connection(ctx.extra);
        Object.assign(state, { caller, slot, operations: new Map() });
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
        const controller = new AbortController();
        // Counted before the door is asked: messages of one socket are admitted concurrently.
        const running = operations.size;
        const slot: Running = { controller, admission: undefined };
        operations.set(id, slot);
        const admitted = await door.operation({
          caller: state.caller!,
          running,
          query: payload.query,
          operationName: payload.operationName,
          requestId: typeof payload.extensions?.requestId === 'string' ? payload.extensions.requestId : undefined,
          signal: controller.signal,
        });
        if (!admitted.ok) {
          operations.delete(id);
          // The socket's session ended while it was open (revoked, the announcement missed): the socket goes with it.
          if (admitted.error.code === 'UNAUTHENTICATED') ctx.extra.socket.close(4403, 'Forbidden: the session has ended');
          return asErrors(admitted.error, admitted.requestId);
        }
        const admission = admitted.value;
        slot.admission = admission;
        if (controller.signal.aborted || !(id in ctx.subscriptions)) {
          // Completed by the client, or its socket closed, while the door decided: it never starts.
          end(state, id);
          admission.finish();
          return asErrors(new GatewayError(ErrorCode.BAD_REQUEST, 'The operation was completed before it started'), admission.requestId);
        }
        return {
          schema: options.schema,
          document: admission.document,
          variableValues: payload.variables ?? null,
          operationName: admission.operationName,
          contextValue: admission.context,
        };
      },
      onComplete: (ctx, id) => end(connection(ctx.extra), id),
      onClose: (ctx) => {
        const state = connection(ctx.extra);
        state.unwatch?.();
        for (const id of [...(state.operations?.keys() ?? [])]) end(state, id);
        void state.slot?.release();
      },
      onNext: (ctx, id, _payload, _args, result) =>
        result.errors
          ? { ...result, errors: reported(options.logger, result.errors, connection(ctx.extra).operations?.get(id)?.admission?.requestId) }
          : result,
      // Refusals of the door carry their request id already; errors of a running operation get theirs here.
      onError: (ctx, id, _payload, errors) => reported(options.logger, errors, connection(ctx.extra).operations?.get(id)?.admission?.requestId),
    },
    wss,
  );
  // A socket error is the client's doing (a frame over maxPayload, a bad frame; ws closes the socket
  // itself): graphql-ws would print a stack trace to stderr for each, so abusers would write the logs.
  wss.on('connection', (socket) => {
    socket.removeAllListeners('error');
    socket.on('error', (error: Error & { code?: string }) => options.logger.info({ code: error.code }, 'graphql-ws socket error'));
  });
  return {
    async close() {
      for (const client of wss.clients) client.close(1012, 'Service restart: reconnect');
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function end(state: Connection, id: string): void {
  const operation = state.operations?.get(id);
  if (!operation) return;
  state.operations!.delete(id);
  operation.controller.abort();
  operation.admission?.finish();
}

/** Each error logged and shown as HTTP would (reportError, formatError), with the operation's request id. */
function reported(logger: Logger, errors: readonly GraphQLError[], requestId: string | undefined): GraphQLFormattedError[] {
  return errors.map((error) => {
    const original = thrown(error);
    reportError(logger, requestId, original);
    const shown = formatError(error.toJSON(), original);
    return requestId ? { ...shown, extensions: { ...shown.extensions, requestId } } : shown;
  });
}

/**
 * What was thrown: an error thrown by a subscription's event stream reaches graphql-ws's hooks wrapped
 * in a GraphQLError of its message without a path (execution errors have one), so a GatewayError
 * raised there would otherwise be masked.
 */
function thrown(error: GraphQLError): unknown {
  return error.path === undefined && error.originalError ? error.originalError : error;
}

function withRequestId(error: GatewayError, requestId: string): GraphQLError {
  error.extensions.requestId = requestId;
  return error;
}
