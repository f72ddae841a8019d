import type { ServerResponse } from 'node:http';
import { type ExecutionArgs, type ExecutionResult, execute, GraphQLError, getOperationAST, type GraphQLSchema, subscribe } from 'graphql';
import type { Logger } from 'pino';
import type { Admission, Door } from '../door/door.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { header, type JsonRequest, sendRefusal } from './http.js';
import { EventStream } from './sse-stream.js';
import type { Fanout } from './subscription/fanout.js';
import type { WsErrors } from './ws-errors.js';

/**
 * Refusals of the caller (door.connect: token, origin, socket caps) and of door.operation's that a
 * later try may cure (the session ended, the budgets, the session store away) are answered as GraphQL
 * over HTTP answers them: status, JSON errors, Retry-After; graphql-sse's client takes any such answer
 * for a network error and retries. Refusals of what was sent (the document, its permission) arrive in
 * an accepted stream, a `next` with the errors then `complete`, as the protocol asks of validation.
 */
const REFUSED_OVER_HTTP: ReadonlySet<string> = new Set([ErrorCode.UNAUTHENTICATED, ErrorCode.RATE_LIMITED, ErrorCode.INTERNAL_SERVER_ERROR]);

export interface EventStreams {
  /** Serves one request that asked for text/event-stream; http.ts hands it over with CORS answered and its JSON body read. */
  serve(req: JsonRequest, res: ServerResponse): Promise<void>;
  /** Ends every open stream without `complete`, so clients reconnect (elsewhere), and refuses new ones. */
  close(): Promise<void>;
}

/**
 * GraphQL over Server-Sent Events, graphql-sse's protocol in its distinct connections mode: a POST
 * of the usual GraphQL request with `Accept: text/event-stream`, answered by one stream per
 * operation. A translator between the protocol and the door, as ws.ts is: a stream is admitted as a
 * graphql-ws socket and its one operation are (door.connect: authentication, origin, a slot under
 * the same socket caps; door.operation: session, budgets, document, permissions), runs through the
 * same fan-out, and ends when its seller session is revoked or expires.
 *
 * graphql-sse's own handler is not used: it serializes every result itself and owns the response's
 * write loop, so the fan-out could not hand it a group's payload serialized once; and its single
 * connection mode keeps reservations in one process's memory, which does not hold across instances
 * behind a load balancer. The protocol's client (graphql-sse's createClient) is what the tests speak.
 */
export function eventStreams(options: {
  schema: GraphQLSchema;
  door: Door;
  /** The fan-out graphql-ws uses too; without it, graphql's own subscribe runs each subscription. */
  fanout?: Fanout | undefined;
  errors: WsErrors;
  logger: Logger;
  /** How often every open stream gets a comment, so proxies do not time it out (default 12 s, as graphql-sse's handler). */
  keepAliveMs?: number;
}): EventStreams {
  const { schema, door, fanout, errors, logger, keepAliveMs = 12_000 } = options;
  /** Open streams, each with what ends its operation. */
  const open = new Map<EventStream, () => void>();
  let closed = false;
  const keepAlive = setInterval(() => {
    for (const stream of open.keys()) stream.ping();
  }, keepAliveMs);
  keepAlive.unref();

  /** A result as JSON, its errors (logged here) shown with the request id. */
  const payload = (result: ExecutionResult, requestId: string) =>
    JSON.stringify(result.errors ? { ...result, errors: errors.reported(result.errors, requestId) } : result);
  const refusal = (error: GatewayError, requestId: string) => {
    const json = error.toJSON();
    return JSON.stringify({ errors: [{ ...json, extensions: { ...json.extensions, requestId } }] });
  };

  const shuttingDown = () => new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'The gateway is shutting down; reconnect', { retryAfterMs: 1_000 });

  async function serve(req: JsonRequest, res: ServerResponse): Promise<void> {
    if (closed) return sendRefusal(res, shuttingDown());
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendRefusal(res, new GatewayError(ErrorCode.BAD_REQUEST, 'Send an event-stream operation with POST (graphql-sse’s distinct connections mode)'));
    }
    const body: Record<string, unknown> = isObject(req.body) ? req.body : {};
    const variables = body.variables ?? null;
    if (variables !== null && !isObject(variables)) return sendRefusal(res, new GatewayError(ErrorCode.BAD_REQUEST, 'Expected `variables` to be an object'));

    const stream = new EventStream(res);
    let iterator: AsyncIterator<ExecutionResult> | undefined;
    let release: (() => void) | undefined;
    // Once, whoever ends it: the client leaving, the operation done, the session ended, shutdown.
    const stop = () => {
      stream.ended = true;
      stream.controller?.abort(new DOMException('The event stream ended', 'AbortError'));
      void iterator?.return?.();
      release?.();
      release = undefined;
    };
    res.on('close', stop);

    const { headers } = req;
    const connected = await door.connect({ authorization: headers.authorization, origin: headers.origin, host: headers.host });
    if (!connected.ok) return sendRefusal(res, connected.error, connected.requestId);
    const { caller, slot } = connected.value;
    if (stream.ended) return void slot.release(); // the client left while the door decided
    const admitted = await door.operation({
      caller,
      running: 0,
      query: body.query,
      operationName: body.operationName,
      extensions: body.extensions,
      documentId: body.documentId,
      requestId: header(headers['x-request-id']),
      get signal() {
        stream.controller ??= new AbortController();
        if (stream.ended) stream.controller.abort();
        return stream.controller.signal;
      },
    });
    if (!admitted.ok) {
      void slot.release();
      if (REFUSED_OVER_HTTP.has(admitted.error.code)) return sendRefusal(res, admitted.error, admitted.requestId);
      if (stream.ended) return;
      stream.start(admitted.requestId);
      stream.next('', refusal(admitted.error, admitted.requestId));
      return stream.complete();
    }
    const admission = admitted.value;
    // As sent, or the registered document its hash named.
    const { query } = admission;
    // The request's body was the door's and the share key's; nothing reads it again while the stream is open.
    req.body = undefined;
    // A session token is good until it expires or is revoked (on any instance), and so is the stream it opened.
    const unwatch = door.watch(caller, (reason) => {
      if (stream.ended) return;
      const ended = new GatewayError(ErrorCode.UNAUTHENTICATED, `${reason[0]!.toUpperCase()}${reason.slice(1)}`);
      stream.next('', refusal(ended, admission.requestId));
      stream.complete();
      stop();
    });
    release = () => {
      unwatch();
      void slot.release();
      admission.finish();
      open.delete(stream);
    };
    if (stream.ended) return stop(); // the client left while the door decided
    if (closed) {
      stop();
      return sendRefusal(res, shuttingDown(), admission.requestId);
    }
    stream.start(admission.requestId);
    open.set(stream, stop);
    try {
      await run(stream, admission, query, variables, (running) => (iterator = running));
    } catch (error) {
      logger.error({ err: error, requestId: admission.requestId }, 'event stream failed');
    }
    stream.complete();
    stop();
  }

  /** Runs the admitted operation, sending its results into the stream until it ends or the stream does. */
  async function run(
    stream: EventStream,
    admission: Admission,
    query: string,
    variables: Record<string, unknown> | null,
    running: (iterator: AsyncIterator<ExecutionResult>) => void,
  ): Promise<void> {
    const { document, operationName, requestId, caller } = admission;
    const args: ExecutionArgs = { schema, document, operationName, variableValues: variables, contextValue: admission.context };
    const isSubscription = getOperationAST(document, operationName)?.operation === 'subscription';
    // A subscription has no deadline to end: nothing of the door's is kept for it while it lives.
    if (isSubscription) admission.finish();
    let result: Awaited<ReturnType<typeof subscribe>>;
    if (!isSubscription) result = await execute(args);
    else if (!fanout) result = await subscribe(args);
    else {
      const member = fanout.member({
        outlet: stream,
        id: '',
        requestId,
        caller,
        query,
        document,
        operationName,
        variables,
        // Joined its group, the subscription has no stream of its own to abort.
        shared: () => {
          stream.controller = undefined;
        },
      });
      result = (await fanout.subscribe({ ...args, rootValue: member })) as typeof result;
    }
    if (!(Symbol.asyncIterator in result)) return stream.send(payload(result, requestId));
    const iterator = result[Symbol.asyncIterator]();
    running(iterator);
    if (stream.ended) return void iterator.return?.();
    try {
      for (let next = await iterator.next(); !next.done && !stream.ended; next = await iterator.next()) await stream.send(payload(next.value, requestId));
    } catch (error) {
      // The stream failed (the event log unreadable, a bad cursor): shown as graphql-ws shows it, then complete.
      const failed = new GraphQLError(error instanceof Error ? error.message : String(error), { originalError: error instanceof Error ? error : undefined });
      await stream.send(JSON.stringify({ errors: errors.reported([failed], requestId) }));
    }
  }

  return {
    serve: (req, res) =>
      serve(req, res).catch((error: unknown) => {
        logger.error({ err: error }, 'event stream failed');
        if (!res.headersSent) sendRefusal(res, new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal error'));
        else res.end();
      }),
    async close() {
      closed = true;
      clearInterval(keepAlive);
      for (const [stream, stop] of [...open]) {
        stream.drop();
        stop();
      }
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
