import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import type { Admission, Door } from '../door/door.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { GatewayContext } from './context.js';
import { refusalStatus } from './http-status.js';
import type { AnswerCache } from './response-cache.js';
import type { EventStreams } from './sse.js';

/** Headers a GraphQL client in a browser sends: the token, the body type, and the usual client hints. */
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'X-Request-Id',
  'Apollo-Require-Preflight',
  'X-Apollo-Operation-Name',
  'GraphQL-Client-Name',
  'GraphQL-Client-Version',
];

/** Accept headers that settle on plain JSON without negotiating (what fetch, curl and most clients send). */
const PLAIN_ACCEPTS = new Set(['*/*', 'application/json', 'application/json, */*']);

/**
 * GraphQL over HTTP: a translator between HTTP and the door. CORS (the `cors` package) answers
 * preflights for origins the door knows, without credentials (tokens travel in Authorization, never
 * in cookies); bodies are read up to `maxBodyBytes`; the door decides; Apollo runs what it admitted,
 * with the admission's context. A refusal is a GraphQL error response with the door's code, its HTTP
 * status, X-Request-Id and, for limits, Retry-After.
 */
export function graphqlOverHttp(options: {
  door: Door;
  apollo: ApolloServer<GatewayContext>;
  /** Kept answers of repeated queries (response-cache.ts), sent as they were without running the query again. */
  answers?: AnswerCache | undefined;
  /** Operations for a client that accepts only text/event-stream (sse.ts): graphql-sse's protocol on this same URL. */
  eventStreams?: EventStreams | undefined;
  maxBodyBytes: number;
  logger: Logger;
  /** Starts each request's span once its body is read (src/tracing/operation.ts); no tracing when not given. */
  spans?: RequestHandler | undefined;
}): Router {
  const { door } = options;
  const router = Router();
  router.options('/', (req, res, next) => {
    if (!door.mayKnock(req.header('origin'), req.header('host'))) return void res.status(403).end();
    next();
  });
  const withCors = cors((req, callback) => {
    const origin = req.headers.origin;
    const allowed = typeof origin === 'string' && door.mayKnock(origin, req.headers.host);
    callback(null, {
      origin: allowed ? origin : false,
      methods: ['GET', 'POST'],
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: ['X-Request-Id', 'Retry-After'],
      credentials: false,
      maxAge: 600,
    });
  });
  // A request without Origin comes from no browser: nothing for CORS to answer (answers are no-store, so no Vary either).
  router.use((req, res, next) => (req.headers.origin === undefined ? next() : withCors(req, res, next)));
  router.use(express.json({ limit: options.maxBodyBytes }));
  const { eventStreams } = options;
  if (eventStreams) router.use((req, res, next) => (acceptsOnlyEventStream(req) ? void eventStreams.serve(req, res) : next()));
  // After the body parser: the body's stream events would run outside a span made current before it.
  if (options.spans) router.use(options.spans);
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    // The client went away before its answer: the OMS calls made for it are stopped. The signal is made
    // only if the operation reads it (most never need to: a query that calls no OMS does not).
    let client: AbortController | undefined;
    let gone = false;
    let finish: (() => void) | undefined;
    res.on('close', () => {
      finish?.();
      if (res.writableFinished) return;
      gone = true;
      client?.abort(new DOMException('The client closed the request', 'AbortError'));
    });
    // Answers are the caller's own: no cache keeps them (Apollo's cache-control plugin, now off, said the same).
    res.setHeader('Cache-Control', 'no-store');
    let body: Record<string, unknown> = (req.method === 'GET' ? req.query : req.body) ?? {};
    // A GET's extensions are JSON text; the door reads their persisted query (the rest is Apollo's to decode).
    const extensions = req.method === 'POST' ? body.extensions : fromJsonParameter(body.extensions);
    const admitted = await door.http({
      method: req.method,
      authorization: req.header('authorization'),
      origin: req.header('origin'),
      host: req.header('host'),
      requestId: req.header('x-request-id'),
      query: body.query,
      operationName: body.operationName,
      // A GET's variables are JSON text, which Apollo decodes and checks itself (and no kept answer serves a GET).
      ...(req.method === 'POST' ? { variables: body.variables } : {}),
      extensions,
      documentId: body.documentId,
      get signal() {
        if (!client) {
          client = new AbortController();
          if (gone) client.abort(new DOMException('The client closed the request', 'AbortError'));
        }
        return client.signal;
      },
    });
    res.setHeader('X-Request-Id', admitted.requestId);
    if (!admitted.ok) return sendRefusal(res, admitted.error, admitted.requestId);
    finish = admitted.value.finish;
    res.locals.admission = admitted.value;
    if (body.documentId !== undefined || (isRecord(extensions) && extensions.persistedQuery !== undefined))
      body = withText(req, body, admitted.value.query, extensions);
    // Only as plain JSON: a client asking for application/graphql-response+json gets Apollo's own answer.
    const accept = req.headers.accept;
    const plain =
      accept === undefined || PLAIN_ACCEPTS.has(accept) || req.accepts(['application/json', 'application/graphql-response+json']) === 'application/json';
    const kept = req.method === 'POST' && plain ? await options.answers?.lookup(admitted.value, body) : undefined;
    if (kept === undefined) return next();
    admitted.value.finish();
    res.type('application/json').send(kept);
  });
  router.use(expressMiddleware(options.apollo, { context: async ({ res }) => (res.locals.admission as Admission).context }));
  // body-parser's refusals: too large, not JSON.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.too.large')
      return sendRefusal(res, new GatewayError(ErrorCode.REQUEST_TOO_LARGE, `The request body is larger than ${options.maxBodyBytes} bytes`));
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendRefusal(res, new GatewayError(ErrorCode.BAD_REQUEST, 'Expected a JSON body {"query": "...", "variables": {...}}'));
    }
    options.logger.error({ err: error }, 'graphql over http failed');
    sendRefusal(res, new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal error'));
  });
  return router;
}

/**
 * A request that named its document by hash, as Apollo is to run it: the admitted text in `query`, and
 * neither `documentId` nor `extensions.persistedQuery` (Apollo's own persisted queries are off, and would
 * refuse it). A POST's body is replaced; a GET's URL, which Apollo reads its parameters from, is rewritten.
 */
function withText(req: Request, body: Record<string, unknown>, query: string, extensions: unknown): Record<string, unknown> {
  const { persistedQuery: _hash, ...others } = isRecord(extensions) ? extensions : {};
  const { documentId: _id, extensions: _all, ...rest } = body;
  // Apollo refuses an `extensions` key whose value is not an object: none at all when nothing else was in it.
  const rewritten = { ...rest, query, ...(Object.keys(others).length > 0 ? { extensions: others } : {}) };
  if (req.method === 'POST') {
    req.body = rewritten;
    return rewritten;
  }
  const url = new URL(req.url, 'http://gateway');
  url.searchParams.delete('documentId');
  url.searchParams.set('query', query);
  if (rewritten.extensions) url.searchParams.set('extensions', JSON.stringify(rewritten.extensions));
  else url.searchParams.delete('extensions');
  req.url = `${url.pathname}${url.search}`;
  return rewritten;
}

/** A GET parameter holding JSON: its value, or the parameter as it came when it is not JSON (the door refuses what is not an object). */
function fromJsonParameter(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether the client asked for an event stream rather than JSON (graphql-sse's client sends `Accept: text/event-stream`). */
function acceptsOnlyEventStream(req: Request): boolean {
  if (!req.headers.accept?.includes('text/event-stream')) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/event-stream']) === 'text/event-stream';
}

/** A refusal of the door as GraphQL over HTTP answers it: its status, the error with its request id, Retry-After for limits. */
export function sendRefusal(res: Response, error: GatewayError, requestId?: string): void {
  // The rest of an oversized body is not worth reading: the connection ends with the answer.
  if (error.code === ErrorCode.REQUEST_TOO_LARGE) res.setHeader('Connection', 'close');
  if (requestId) res.setHeader('X-Request-Id', requestId);
  if (error.retryAfterMs !== null) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  const json = error.toJSON();
  res
    .status(refusalStatus(error.code, res.req.header('accept')))
    .json({ errors: [{ ...json, extensions: { ...json.extensions, ...(requestId ? { requestId } : {}) } }] });
}
