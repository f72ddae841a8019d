import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticate, Caller } from '../tenancy/caller.js';
import type { GatewayContext } from './context.js';
import { formatError } from './errors.js';

/** An error as HTTP would show it (formatError masks the unexpected). */
function masked(error: GraphQLError): GraphQLError {
  const formatted = formatError(error.toJSON(), error);
  return new GraphQLError(formatted.message, { extensions: formatted.extensions ?? {} });
}

interface Connection {
  socket: WebSocket;
  caller?: Caller;
  /** Closes a seller session's socket when its token expires. */
  expiry?: NodeJS.Timeout;
  /** One controller per running operation: aborting it ends the subscription's log reader. */
  operations: Map<string, AbortController>;
}

export interface Subscriptions {
  /** Tells every client to reconnect (1012 service restart) and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server's port and path. A connection authenticates once, with the same
 * tokens and ownership rule as HTTP: no or bad token closes it with 4403, no connection_init within
 * `initTimeoutMs` with 4408. Errors are masked exactly as over HTTP.
 */
export function startSubscriptions(options: {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  authenticate: Authenticate;
  context: (caller: Caller, requestId: string, disconnect: AbortSignal) => GatewayContext;
  /** Run with graphql-js's own rules, as over HTTP (query limits). */
  validationRules: readonly ValidationRule[];
  initTimeoutMs?: number;
}): Subscriptions {
  const rules = [...specifiedRules, ...options.validationRules];
  // Dashboards send the same few operations: parse and validate each text once, keep one copy.
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  function prepare(query: string): DocumentNode | readonly GraphQLError[] {
    const known = documents.get(query);
    if (known) return known;
    let prepared: DocumentNode | readonly GraphQLError[];
    try {
      const document = parse(query, { noLocation: true });
      const errors = validate(options.schema, document, rules);
      prepared = errors.length > 0 ? errors : document;
    } catch (error) {
      prepared = [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
    }
    if (documents.size >= 1_000) documents.delete(documents.keys().next().value!);
    documents.set(query, prepared);
    return prepared;
  }

  const wss = new WebSocketServer({ server: options.server, path: options.path });
  const connection = (extra: unknown) => extra as Connection;
  const cleanup = useServer(
    {
      schema: options.schema,
      isProd: true,
      connectionInitWaitTimeout: options.initTimeoutMs ?? 3_000,
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const token =
          typeof params.authorization === 'string' ? params.authorization : typeof params.Authorization === 'string' ? params.Authorization : undefined;
        const caller = await options.authenticate(token);
        if (!caller) return false;
        const connection = ctx.extra as unknown as Connection;
        Object.assign(connection, { caller, operations: new Map() });
        if (caller.role === 'seller') {
          // A session token is good until it expires, and so is the socket it opened.
          const left = Math.max(0, caller.expiresAt.getTime() - Date.now());
          connection.expiry = setTimeout(() => connection.socket.close(4403, 'Forbidden: the session token has expired'), left);
        }
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const prepared = prepare(payload.query);
        if (!('kind' in prepared)) return prepared.map(masked);
        const { caller, operations } = connection(ctx.extra);
        const controller = new AbortController();
        operations.set(id, controller);
        return {
          schema: options.schema,
          document: prepared,
          variableValues: payload.variables ?? null,
          operationName: payload.operationName ?? null,
          contextValue: options.context(caller!, randomUUID(), controller.signal),
        };
      },
      onComplete: (ctx, id) => {
        const { operations } = connection(ctx.extra);
        operations?.get(id)?.abort();
        operations?.delete(id);
      },
      onClose: (ctx) => {
        const { operations, expiry } = connection(ctx.extra);
        clearTimeout(expiry);
        for (const controller of operations?.values() ?? []) controller.abort();
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        'errors' in result && result.errors ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) } : result,
      onError: (_ctx, _id, _payload, errors) => errors.map(masked),
    },
    wss,
  );
  return {
    async close() {
      for (const client of wss.clients) client.close(1012, 'Service restart: reconnect');
      await cleanup.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
