import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import accepts from 'accepts';
import { json } from 'body-parser';
import cors from 'cors';
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

/** A request of the GraphQL endpoint once its JSON body is read (body-parser sets `body`). */
export type JsonRequest = IncomingMessage & { body?: unknown };

/** A handler of plain Node requests, as `http.createServer` takes. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The admission of each request the door let in, for the access log's line (src/ops/access-log.ts). */
const admissions = new WeakMap<ServerResponse, Admission>();

/** The operation a response answers, once the door admitted it. */
export function admissionOf(res: ServerResponse): Admission | undefined {
  return admissions.get(res);
}

/**
 * GraphQL over HTTP: a translator between HTTP and the door, on Node's own request and response (the
 * server hands it every request for the endpoint's path; Express serves the rest). CORS (the `cors`
 * package) answers preflights for origins the door knows, without credentials (tokens travel in
 * Authorization, never in cookies); bodies are read by body-parser up to `maxBodyBytes`; the door
 * decides; Apollo runs what it admitted, with the admission's context, through its
 * `executeHTTPGraphQLRequest` (what @as-integrations/express5 calls). A refusal is a GraphQL error
 * response with the door's code, its HTTP status, X-Request-Id and, for limits, Retry-After.
 *
 * Why not Express's router here: for a query answered without upstream work (a kept answer, or
 * `{ viewer { role } }`), the application, its router and the mounted router's layers were close to half the
 * gateway's CPU per request (a kept answer, against a bare Apollo Server on Express in the same run:
 * 1.05× its CPU per request under Express, 0.43× to 0.46× without; `npm run bench`, "no upstream"). Express still serves the
 * probes, metrics, webhooks and pages, where a request is rare or does real work.
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
  spans?: ((req: IncomingMessage, res: ServerResponse, next: () => void) => void) | undefined;
}): HttpHandler {
  const { door, apollo, eventStreams, spans, logger } = options;
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
  const readJson = json({ limit: options.maxBodyBytes });

  /** Once CORS is answered: the body, then an event stream or an operation. */
  function afterCors(req: JsonRequest, res: ServerResponse): void {
    readJson(req, res, (error?: unknown) => {
      if (error) return bodyRefused(res, error);
      if (eventStreams && acceptsOnlyEventStream(req)) return void eventStreams.serve(req, res);
      // After the body parser: the body's stream events would run outside a span made current before it.
      if (spans) spans(req, res, () => void answer(req, res));
      else void answer(req, res);
    });
  }

  /** body-parser's refusals: too large, not JSON. */
  function bodyRefused(res: ServerResponse, error: unknown): void {
    const type = (error as { type?: unknown }).type;
    // The client left before sending all of it: nobody to answer, and no fault of ours.
    if (type === 'request.aborted') return void res.destroy();
    if (type === 'entity.too.large')
      return sendRefusal(res, new GatewayError(ErrorCode.REQUEST_TOO_LARGE, `The request body is larger than ${options.maxBodyBytes} bytes`));
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported') {
      return sendRefusal(res, new GatewayError(ErrorCode.BAD_REQUEST, 'Expected a JSON body {"query": "...", "variables": {...}}'));
    }
    failed(res, error);
  }

  function failed(res: ServerResponse, error: unknown): void {
    logger.error({ err: error }, 'graphql over http failed');
    if (res.headersSent) return void res.destroy();
    sendRefusal(res, new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, 'Internal error'));
  }

  async function run(req: JsonRequest, res: ServerResponse): Promise<void> {
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
    let body: Record<string, unknown> = (req.method === 'GET' ? searchParams(searchOf(req.url)) : isRecord(req.body) ? req.body : undefined) ?? {};
    // A GET's extensions are JSON text; the door reads their persisted query (the rest is Apollo's to decode).
    const extensions = req.method === 'POST' ? body.extensions : fromJsonParameter(body.extensions);
    const { headers } = req;
    const admitted = await door.http({
      method: req.method ?? 'GET',
      authorization: headers.authorization,
      origin: headers.origin,
      host: headers.host,
      requestId: header(headers['x-request-id']),
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
    const admission = admitted.value;
    finish = admission.finish;
    admissions.set(res, admission);
    if (body.documentId !== undefined || (isRecord(extensions) && extensions.persistedQuery !== undefined))
      body = withText(req, body, admission.query, extensions);
    // Only as plain JSON: a client asking for application/graphql-response+json gets Apollo's own answer.
    const accept = headers.accept;
    const plain =
      accept === undefined || PLAIN_ACCEPTS.has(accept) || accepts(req).type(['application/json', 'application/graphql-response+json']) === 'application/json';
    const kept = req.method === 'POST' && plain ? await options.answers?.lookup(admission, body) : undefined;
    if (kept !== undefined) {
      admission.finish();
      return sendJson(res, 200, kept);
    }
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers: headerMap(headers), search: searchOf(req.url), body: req.body },
      context: async () => admission.context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.setHeader('Content-Length', Buffer.byteLength(response.body.string));
      return void res.end(response.body.string);
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return (req, res) => {
    // A preflight from an origin no tenant allows is refused before CORS says anything.
    if (req.method === 'OPTIONS' && !door.mayKnock(req.headers.origin, req.headers.host)) {
      res.statusCode = 403;
      return void res.end();
    }
    const next = () => {
      try {
        afterCors(req, res);
      } catch (error) {
        failed(res, error);
      }
    };
    // A request without Origin comes from no browser: nothing for CORS to answer (answers are no-store, so no Vary either).
    if (req.headers.origin === undefined) next();
    else withCors(req, res, next);
  };

  /** answer(), its failures answered as an internal error. */
  function answer(req: JsonRequest, res: ServerResponse): Promise<void> {
    return run(req, res).catch((error: unknown) => failed(res, error));
  }
}

/** GET parameters read as Apollo reads them (URLSearchParams, every pair), so the door checks what runs. Repeated names come as arrays, which the door refuses. */
export function searchParams(text: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const had = params[name];
    params[name] = had === undefined ? value : Array.isArray(had) ? [...had, value] : [had, value];
  }
  return params;
}

/** The query string of a request's URL, with its `?` ('' when none) and without a fragment, as Apollo's HTTP request takes it. */
export function searchOf(url = '/'): string {
  const fragment = url.indexOf('#');
  const target = fragment < 0 ? url : url.slice(0, fragment);
  const at = target.indexOf('?');
  return at < 0 ? '' : target.slice(at);
}

/**
 * The path of a request's URL, without its query string or fragment; for an absolute-form target
 * (`POST http://host/graphql`, which HTTP/1.1 servers must accept), its path.
 */
export function pathOf(url = '/'): string {
  const end = url.search(/[?#]/);
  const path = end < 0 ? url : url.slice(0, end);
  return path.startsWith('/') || !URL.canParse(path) ? path : new URL(path).pathname;
}

/** A header as one string (Node joins most repeated headers itself). */
export function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function headerMap(headers: IncomingHttpHeaders): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) if (value !== undefined) map.set(key, header(value)!);
  return map;
}

/** A JSON answer, as Express's res.send wrote it. */
function sendJson(res: ServerResponse, status: number, json: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

/**
 * A request that named its document by hash, as Apollo is to run it: the admitted text in `query`, and
 * neither `documentId` nor `extensions.persistedQuery` (Apollo's own persisted queries are off, and would
 * refuse it). A POST's body is replaced; a GET's URL, which Apollo reads its parameters from, is rewritten.
 */
function withText(req: JsonRequest, body: Record<string, unknown>, query: string, extensions: unknown): Record<string, unknown> {
  const { persistedQuery: _hash, ...others } = isRecord(extensions) ? extensions : {};
  const { documentId: _id, extensions: _all, ...rest } = body;
  // Apollo refuses an `extensions` key whose value is not an object: none at all when nothing else was in it.
  const rewritten = { ...rest, query, ...(Object.keys(others).length > 0 ? { extensions: others } : {}) };
  if (req.method === 'POST') {
    req.body = rewritten;
    return rewritten;
  }
  const url = new URL(req.url ?? '/', 'http://gateway');
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
function acceptsOnlyEventStream(req: IncomingMessage): boolean {
  if (!req.headers.accept?.includes('text/event-stream')) return false;
  return accepts(req).type(['application/json', 'application/graphql-response+json', 'text/event-stream']) === 'text/event-stream';
}

/** A refusal of the door as GraphQL over HTTP answers it: its status, the error with its request id, Retry-After for limits. */
export function sendRefusal(res: ServerResponse, error: GatewayError, requestId?: string): void {
  // The rest of an oversized body is not worth reading: the connection ends with the answer.
  if (error.code === ErrorCode.REQUEST_TOO_LARGE) res.setHeader('Connection', 'close');
  if (requestId) res.setHeader('X-Request-Id', requestId);
  if (error.retryAfterMs !== null) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  const json = error.toJSON();
  const body = JSON.stringify({ errors: [{ ...json, extensions: { ...json.extensions, ...(requestId ? { requestId } : {}) } }] });
  sendJson(res, refusalStatus(error.code, header(res.req.headers.accept)), body);
}
