import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger } from 'pino';
import { requestIdFrom } from '../door/request-id.js';
import { admissionOf, pathOf } from '../graphql/http.js';

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
export function accessLog(logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    if (!logger.isLevelEnabled('warn')) return;
    const started = performance.now();
    // As the client sent it, before any router rewrites `req.url`.
    const { method, url } = req;
    res.once('close', () => {
      const failed = res.statusCode >= 500;
      const path = pathOf(url);
      const level: Level = PROBES.has(path) ? 'debug' : failed ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](fields(requestId, method, res, path, Math.round(performance.now() - started)), failed ? 'request failed' : 'request');
    });
  };
}

function fields(requestId: string, method: string | undefined, res: ServerResponse, path: string, durationMs: number) {
  // Known once the GraphQL transport (src/graphql/http.ts) has the door's admission.
  const admission = admissionOf(res);
  return {
    requestId,
    method,
    path,
    status: res.statusCode,
    durationMs,
    ...(admission
      ? { tenant: admission.caller.tenant.id, role: admission.caller.role, operation: admission.operationName?.slice(0, MAX_OPERATION_NAME) ?? null }
      : {}),
  };
}
