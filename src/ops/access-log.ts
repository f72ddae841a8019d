import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Response } from 'express';
import type { Level, Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Admission } from '../door/door.js';
import { requestIdFrom } from '../door/request-id.js';

/** Requests an orchestrator or a scraper makes every few seconds: logged at debug, not info. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
const MAX_OPERATION_NAME = 100;

/**
 * One line per HTTP request, through the gateway's own pino logger: request id, method, path (never
 * the query string: a GET's document and variables stay out), status, duration in ms and, once the
 * door admitted a GraphQL operation, its tenant, the caller's role and the operation's name. Nothing
 * else of the request or the answer: no headers (Authorization), no bodies. Why pino-http: it is
 * pino's own HTTP logger, timing each request to its answer (or the client's leaving) once, on the
 * logger already in use; a middleware of ours would redo its finish/close handling.
 *
 * The request id is the door's: the client's X-Request-Id when well-formed, else a new one, written
 * back to the request so that the door (which reads that header) uses the same id in its answer.
 */
export function accessLog(logger: Logger) {
  return pinoHttp<IncomingMessage, ServerResponse>({
    logger,
    genReqId(req) {
      const id = requestIdFrom(req.headers['x-request-id']);
      req.headers['x-request-id'] = id;
      return id;
    },
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    // The line carries our fields alone; pino-http's request and response serializers would add headers.
    quietReqLogger: true,
    quietResLogger: true,
    customLogLevel: (req, res, error): Level => {
      if (PROBES.has(pathOf(req))) return 'debug';
      return error || res.statusCode >= 500 ? 'warn' : 'info';
    },
    customSuccessObject: (req, res, value: { durationMs: number }) => fields(req, res, value.durationMs),
    customErrorObject: (req, res, _error, value: { durationMs: number }) => fields(req, res, value.durationMs),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  });
}

function fields(req: IncomingMessage, res: ServerResponse, durationMs: number) {
  // Set by the GraphQL transport (src/graphql/http.ts) once the door admitted the operation.
  const admission = (res as Partial<Response>).locals?.admission as Admission | undefined;
  return {
    method: req.method,
    path: pathOf(req),
    status: res.statusCode,
    durationMs,
    ...(admission
      ? { tenant: admission.caller.tenant.id, role: admission.caller.role, operation: admission.operationName?.slice(0, MAX_OPERATION_NAME) ?? null }
      : {}),
  };
}

/** The path as the client sent it, without the query string. */
function pathOf(req: IncomingMessage): string {
  const url = (req as Partial<{ originalUrl: string }>).originalUrl ?? req.url ?? '';
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
