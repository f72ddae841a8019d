import { createServer, type Server } from 'node:http';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { Readiness } from './readiness.js';
import type { Metrics } from './registry.js';

/**
 * The probes, and the metrics when they have no port of their own:
 * - GET /healthz: 200 while the process runs (liveness; it checks nothing else).
 * - GET /readyz: 200 when every readiness check passes, else 503; both with the report as JSON.
 * - GET /metrics: Prometheus's text format.
 */
export function opsRoutes(options: { readiness: Readiness; metrics: Metrics | undefined; logger: Logger }): Router {
  const router = Router();
  let wasReady = true;
  router.get('/healthz', (_req, res) => void res.json({ ok: true }));
  router.get('/readyz', async (_req, res) => {
    const report = await options.readiness.check();
    // Said when it changes, not at every probe.
    if (report.ready !== wasReady) {
      if (report.ready) options.logger.info('ready again');
      else options.logger.warn({ failed: report.failed, checks: report.checks }, 'not ready');
      wasReady = report.ready;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.status(report.ready ? 200 : 503).json(report);
  });
  if (options.metrics) router.get('/metrics', metricsHandler(options.metrics));
  return router;
}

function metricsHandler(metrics: Metrics): express.RequestHandler {
  return async (_req, res) => {
    const { contentType, body } = await metrics.scrape();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  };
}

/** GET /metrics alone on its own port (METRICS_PORT): kept off the public port, for the scraper's network only. */
export async function listenMetrics(metrics: Metrics, port: number, host: string): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', metricsHandler(metrics));
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return server;
}
