import type { DocumentNode } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, GatewayError } from '../errors.js';
import type { GatewayContext } from '../graphql/context.js';
import type { Authenticate, Caller } from '../tenancy/caller.js';
import type { PersistedDocuments } from '../tenancy/persisted-documents.js';
import type { RequestBudgets, SocketSlot, SocketSlots } from '../tenancy/limits/limits.js';
import { mayRun } from '../tenancy/permissions.js';
import type { SellerSession, Sessions } from '../tenancy/sessions.js';
import type { Documents } from './documents.js';
import { operationOf } from './operation.js';
import type { Origins } from './origins.js';
import { documentTextOf } from './persisted.js';
import { requestIdFrom } from './request-id.js';

/**
 * The door: the one admission step of every operation, whatever its transport. It authenticates,
 * assigns the request id, charges the caller's budgets, finds the document (the text sent, or the
 * registered document a hash names, as the caller's tenant allows: persisted.ts), checks it (bytes,
 * tokens, then parse and validate, cached), resolves the operation and checks it against the caller's
 * permissions, and hands the operation its context with a deadline signal. Transports only
 * translate: an HTTP request, a graphql-ws connection_init and each graphql-ws subscribe message,
 * a Server-Sent Events stream as a connection and its one operation, come here, and what comes
 * back (an admission or a refusal) they put in their own words.
 */

/** Scope of one operation's OMS work: aborted when the deadline passes or the client goes away. */
export interface OperationScope {
  signal: AbortSignal;
  /** Absent for subscriptions, which live as long as the client wants them. */
  deadlineAt?: number;
}

export type ContextFactory = (caller: Caller, requestId: string, scope: OperationScope) => GatewayContext;

export interface DoorOptions {
  authenticate: Authenticate;
  /** Whether a seller caller's session still lives, and word when it ends (for callers that stay, on sockets). */
  sessions: Pick<Sessions, 'isLive' | 'watch'>;
  origins: Origins;
  budgets: RequestBudgets;
  sockets: SocketSlots;
  documents: Documents;
  /** Each tenant's registered documents: what its callers may name by hash, and whether its seller tokens are held to them. */
  persisted: PersistedDocuments;
  context: ContextFactory;
  /** How long a query or mutation may run. */
  deadlineMs: number;
  logger: Logger;
}

/** What every operation brings, whatever the transport. */
export interface OperationRequest {
  query: unknown;
  operationName: unknown;
  /**
   * As a JSON body carries them: each an object, null or absent. A transport whose protocol checks them
   * itself (graphql-ws) or sends them as text (a GET's query string, which Apollo decodes) leaves them out.
   */
  variables?: unknown;
  /** As `variables`; its `persistedQuery` may name a registered document by hash (persisted.ts). */
  extensions?: unknown;
  /** The GraphQL-over-HTTP draft's name of a registered document ("sha256:<hex>"), where the transport carries one. */
  documentId?: unknown;
  /** The client's own request id, used when it is well-formed. */
  requestId?: string | undefined;
  /**
   * Aborts when the client goes away (HTTP connection closed, socket closed, operation completed).
   * Read only when the operation first needs it, so a transport may make it on that read (a getter).
   */
  readonly signal: AbortSignal;
}

export interface Credentials {
  authorization: string | undefined;
  origin: string | undefined;
  host: string | undefined;
}

export interface HttpRequest extends OperationRequest, Credentials {
  method: string;
}

export interface SocketOperation extends OperationRequest {
  caller: Caller;
  /** Operations already running on the socket. */
  running: number;
}

export interface Admission {
  requestId: string;
  caller: Caller;
  /** The document's text: as sent, or the registered document a hash named. What Apollo and the fan-out are given. */
  query: string;
  document: DocumentNode;
  operationName: string | null;
  context: GatewayContext;
  /** Ends the deadline's timer; the transport calls it once the operation has answered. */
  finish(): void;
}

export type Admitted<T> = { ok: true; value: T; requestId: string } | { ok: false; error: GatewayError; requestId: string };

export interface Door {
  /** One HTTP request: authentication and every check above. */
  http(request: HttpRequest): Promise<Admitted<Admission>>;
  /** A graphql-ws connection_init, or a Server-Sent Events stream opening: authentication and a slot under the socket caps (release it on close). */
  connect(credentials: Credentials): Promise<Admitted<{ caller: Caller; slot: SocketSlot }>>;
  /** A graphql-ws subscribe message on an admitted socket, or an admitted event stream's one operation. */
  operation(request: SocketOperation): Promise<Admitted<Admission>>;
  /** Before any token is seen (CORS preflight, WebSocket upgrade): whether this origin may call at all. */
  mayKnock(origin: string | undefined, host: string | undefined): boolean;
  /**
   * For a caller that stays (a socket): calls `ended` once, with why, when its seller session expires
   * or is revoked on any instance. A tenant key never ends. The answer stops watching.
   */
  watch(caller: Caller, ended: (reason: string) => void): () => void;
}

const ENDED = { expired: 'the session token has expired', revoked: 'the session was revoked' } as const;

const sessionOf = (caller: Caller & { role: 'seller' }): SellerSession => ({
  tenantId: caller.tenant.id,
  sellerId: caller.sellerId,
  sessionId: caller.sessionId,
  expiresAt: caller.expiresAt,
});

export function createDoor(options: DoorOptions): Door {
  const { documents, logger } = options;

  function refuse<T>(requestId: string, error: GatewayError, caller?: Caller): Admitted<T> {
    // A client's mistake, not ours: its code, never its message (a syntax error quotes what was sent).
    logger.info({ requestId, tenant: caller?.tenant.id, role: caller?.role, code: error.code }, 'refused');
    return { ok: false, error, requestId };
  }

  async function authenticate(credentials: Credentials, requestId: string): Promise<Caller | GatewayError> {
    let caller: Caller | null;
    try {
      caller = await options.authenticate(credentials.authorization);
    } catch (error) {
      return unavailable(error, requestId);
    }
    return caller ?? new GatewayError(ErrorCode.UNAUTHENTICATED, 'Send a tenant API key or a seller session token as `Authorization: Bearer <token>`');
  }

  /** Sessions cannot be checked (Redis away): no seller token is let in unchecked, and the client retries. */
  function unavailable(error: unknown, requestId: string): GatewayError {
    logger.error({ err: error, requestId }, 'seller sessions unavailable');
    return new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'Seller sessions cannot be checked now; retry later');
  }

  /** A socket's later operation: its session may have been revoked since the socket opened. */
  async function ended(caller: Caller, requestId: string): Promise<GatewayError | undefined> {
    if (caller.role !== 'seller') return undefined;
    try {
      if (await options.sessions.isLive(sessionOf(caller))) return undefined;
    } catch (error) {
      return unavailable(error, requestId);
    }
    return new GatewayError(ErrorCode.UNAUTHENTICATED, 'The session has ended (expired or revoked)');
  }

  function refusedOrigin(caller: Caller, credentials: Credentials): GatewayError | undefined {
    if (options.origins.mayEnter(caller.tenant, credentials.origin, credentials.host)) return undefined;
    return new GatewayError(ErrorCode.FORBIDDEN, `Origin ${credentials.origin} is not allowed for this tenant`);
  }

  async function charge(caller: Caller): Promise<GatewayError | undefined> {
    const charged = await options.budgets.charge(caller);
    if (charged.ok) return undefined;
    const limit =
      charged.scope === 'seller'
        ? `This seller's share of the tenant's ${caller.tenant.limits.requestsPerMinute} operations per minute is used up`
        : `Tenant ${caller.tenant.id} is over its limit of ${caller.tenant.limits.requestsPerMinute} operations per minute`;
    return new GatewayError(ErrorCode.RATE_LIMITED, limit, { retryAfterMs: charged.retryAfterMs });
  }

  /** Everything after the caller is known and charged: the document, the operation, its permission, its scope. */
  async function admit(caller: Caller, requestId: string, request: OperationRequest, transport: 'http' | 'ws', method = 'POST'): Promise<Admitted<Admission>> {
    if (request.operationName !== undefined && request.operationName !== null && typeof request.operationName !== 'string') {
      return refuse(requestId, new GatewayError(ErrorCode.BAD_REQUEST, 'Expected `operationName` to be a string'), caller);
    }
    for (const field of ['variables', 'extensions'] as const) {
      const value = request[field];
      if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
        return refuse(requestId, new GatewayError(ErrorCode.BAD_REQUEST, `Expected \`${field}\` to be an object`), caller);
      }
    }
    const query = documentTextOf(request, caller, options.persisted);
    if (query instanceof GatewayError) return refuse(requestId, query, caller);
    const prepared = documents.prepare(query);
    if (Array.isArray(prepared)) return refuse(requestId, prepared[0]!, caller);
    const operation = operationOf(prepared, request.operationName ?? null);
    if (operation instanceof GatewayError) return refuse(requestId, operation, caller);
    if (transport === 'http' && operation.type === 'subscription') {
      return refuse(
        requestId,
        new GatewayError(
          ErrorCode.BAD_REQUEST,
          'Subscriptions run over graphql-ws (the graphql-transport-ws protocol), or over Server-Sent Events (graphql-sse’s protocol: POST with `Accept: text/event-stream`), at this same URL',
        ),
        caller,
      );
    }
    if (method === 'GET' && operation.type !== 'query') {
      return refuse(requestId, new GatewayError(ErrorCode.BAD_REQUEST, `A GET request can only run a query; send a ${operation.type} with POST`), caller);
    }
    const forbidden = operation.fields.find((field) => !mayRun(caller, operation.type, field));
    if (forbidden) return refuse(requestId, new GatewayError(ErrorCode.FORBIDDEN, `A seller session token may not run ${forbidden}`), caller);

    const scope = scopeOf(() => request.signal, operation.type === 'subscription' ? undefined : options.deadlineMs);
    const admission = withContext({ requestId, caller, query, document: prepared, operationName: operation.name, finish: scope.finish }, () =>
      options.context(caller, requestId, scope),
    );
    return { ok: true, value: admission, requestId };
  }

  return {
    async http(request) {
      const requestId = requestIdFrom(request.requestId);
      const caller = await authenticate(request, requestId);
      if (caller instanceof GatewayError) return refuse(requestId, caller);
      // Every authenticated request pays, refused ones included.
      const refusal = (await charge(caller)) ?? refusedOrigin(caller, request);
      if (refusal) return refuse(requestId, refusal, caller);
      return admit(caller, requestId, request, 'http', request.method);
    },
    async connect(credentials) {
      const requestId = requestIdFrom(undefined);
      const caller = await authenticate(credentials, requestId);
      if (caller instanceof GatewayError) return refuse(requestId, caller);
      const origin = refusedOrigin(caller, credentials);
      if (origin) return refuse(requestId, origin, caller);
      // Opening a socket costs no operation: the socket caps bound it, and its operations pay their own way.
      let claim: Awaited<ReturnType<SocketSlots['claim']>>;
      try {
        claim = await options.sockets.claim(caller, requestId);
      } catch (error) {
        // Sockets nobody can count are not let in: the client reconnects later.
        logger.error({ err: error, requestId, tenant: caller.tenant.id }, 'socket slots unavailable');
        return { ok: false, error: new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'Sockets cannot be admitted now; reconnect later'), requestId };
      }
      if (!claim.ok) {
        const whose = claim.scope === 'seller' ? 'this seller' : `tenant ${caller.tenant.id}`;
        return refuse(requestId, new GatewayError(ErrorCode.RATE_LIMITED, `Too many open sockets for ${whose} (at most ${claim.limit})`), caller);
      }
      return { ok: true, value: { caller, slot: claim.slot }, requestId };
    },
    async operation(request) {
      const requestId = requestIdFrom(request.requestId);
      const cap = request.caller.tenant.limits.subscriptionsPerSocket;
      const refusal =
        (await ended(request.caller, requestId)) ??
        (await charge(request.caller)) ??
        (request.running >= cap ? new GatewayError(ErrorCode.RATE_LIMITED, `At most ${cap} operations may run at once on one socket`) : undefined);
      if (refusal) return refuse(requestId, refusal, request.caller);
      return admit(request.caller, requestId, request, 'ws');
    },
    mayKnock: (origin, host) => options.origins.mayKnock(origin, host),
    watch(caller, ended) {
      if (caller.role !== 'seller') return () => {};
      return options.sessions.watch(sessionOf(caller), (why) => ended(ENDED[why]));
    },
  };
}

/**
 * The client's signal, and for queries and mutations a deadline too; `finish` stops the deadline's
 * timer. Both are made on the first read of `signal`: an operation that never calls OMS nor waits
 * (`{ viewer { role } }`) costs no AbortController, timer or combined signal. Made late, the deadline
 * still counts from admission, and a client already gone gives a signal already aborted.
 */
function scopeOf(client: () => AbortSignal, deadlineMs: number | undefined): OperationScope & { finish(): void } {
  if (deadlineMs === undefined)
    return {
      get signal() {
        return client();
      },
      finish: () => {},
    };
  const deadlineAt = Date.now() + deadlineMs;
  let signal: AbortSignal | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  return {
    deadlineAt,
    get signal() {
      if (signal) return signal;
      const deadline = new AbortController();
      const passed = () => deadline.abort(new DOMException('The operation deadline passed', 'TimeoutError'));
      const left = deadlineAt - Date.now();
      if (left <= 0) passed();
      else if (!finished) {
        timer = setTimeout(passed, left);
        timer.unref();
      }
      signal = AbortSignal.any([client(), deadline.signal]);
      return signal;
    },
    finish: () => {
      finished = true;
      clearTimeout(timer);
    },
  };
}

/**
 * The admission with its context made when the operation first reads it: an answer kept from an
 * earlier run (response-cache.ts) needs none. Kept here, out of `admit`, so that only the admission
 * holds the context: the closures `admit` leaves behind (the scope's signal) live as long as a
 * subscription does, and would keep a joined subscription's context with them.
 */
function withContext(fields: Omit<Admission, 'context'>, make: () => GatewayContext): Admission {
  let context: GatewayContext | undefined;
  return Object.defineProperty(fields, 'context', { get: () => (context ??= make()), enumerable: true }) as Admission;
}
