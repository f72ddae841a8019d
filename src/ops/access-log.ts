import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Level, Logger } from 'pino';
import type { Admission } from '../door/door.js';
import { requestIdFrom } from '../door/request-id.js';

/** Requests an orchestrator or a scraper makes every few seconds: logged at debug, not info. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
const MAX_OPERATION_NAME = 100;

/**
 * One line per HTTP request, through the gateway's own pino logger, written when the response
 * closes (answered, or the client gone): request id, method, path (never the query string: a GET's
 * document and variables stay out), status, duration in ms and, once the door admitted a GraphQL
 * operation, its tenant, the caller's role and the operation's name. Nothing else of the request or
 * the answer: no headers (Authorization), no bodies. Probes log at debug, answers of 500 and more at
 * warn as "request failed", the rest at info.
 *
 * The request id is the door's: the client's X-Request-Id when well-formed, else a new one, written
 * back to the request so that the door (which reads that header) uses the same id in its answer.
 *
 * Why not pino-http (used here before): per request it made two child loggers (one serializing the
 * request) and kept them on `req.log`/`res.log`, which nothing here reads, and listened for three
 * events. That was about a fifth of the CPU of a request answered without upstream work, paid even
 * with the log off. A close listener and one `logger[level]` call are all this line needs; with
 * LOG_LEVEL above warn no line can be written and the middleware only assigns the request id.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    if (logger.isLevelEnabled('warn')) {
      const started = performance.now();
      res.once('close', () => {
        const failed = res.statusCode >= 500;
        const path = pathOf(req);
        const level: Level = PROBES.has(path) ? 'debug' : failed ? 'warn' : 'info';
        if (!logger.isLevelEnabled(level)) return;
        logger[level](fields(requestId, req, res, path, Math.round(performance.now() - started)), failed ? 'request failed' : 'request');
      });
    }
    next();
  };
}

function fields(requestId: string, req: Request, res: Response, path: string, durationMs: number) {
  // Set by the GraphQL transport (src/graphql/http.ts) once the door admitted the operation.
  const admission = res.locals.admission as Admission | undefined;
  return {
    requestId,
    method: req.method,
    path,
    status: res.statusCode,
    durationMs,
    ...(admission
      ? { tenant: admission.caller.tenant.id, role: admission.caller.role, operation: admission.operationName?.slice(0, MAX_OPERATION_NAME) ?? null }
      : {}),
  };
}

/** The path as the client sent it, without the query string. */
function pathOf(req: Request): string {
  const url = req.originalUrl;
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}
