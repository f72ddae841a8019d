import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Door } from '../door/door.js';
import type { EventLog } from '../events/event-log.js';
import type { GatewayContext } from '../graphql/context.js';
import type { Transport } from '../oms/index.js';
import type { OmsAccount } from '../tenancy/accounts.js';
import type { RequestBudgets, SocketSlots } from '../tenancy/limits/limits.js';
import type { WebhookObserver } from '../webhooks/stats.js';
import { accessLog } from './access-log.js';
import { graphqlMetrics } from './graphql-metrics.js';
import { limitMetrics } from './limit-metrics.js';
import { type LiveParts, liveMetrics } from './live-metrics.js';
import { omsMetrics } from './oms-metrics.js';
import { createReadiness } from './readiness.js';
import { createMetrics } from './registry.js';
import { listenMetrics, opsRoutes } from './routes.js';
import { webhookMetrics } from './webhook-metrics.js';

export type { ReadinessReport } from './readiness.js';

/** The parts of a gateway that operators watch, once the composition root has built them. */
export interface WatchedParts extends LiveParts {
  accounts: ReadonlyMap<string, OmsAccount>;
  events: EventLog;
  webhooks: WebhookObserver;
}

/**
 * Operating one gateway: probes, metrics and the access log. The composition root (server.ts) wires
 * each piece where it belongs; nothing here decides anything about requests.
 */
export interface Ops {
  /** Called first for every HTTP request, whoever serves it: one log line per request. */
  accessLog: (req: IncomingMessage, res: ServerResponse) => void;
  /** OMS client decorator (OmsClient.decorate), innermost: counts and times OMS calls. */
  oms: (transport: Transport) => Transport;
  /** Apollo plugin: GraphQL operations by name, type, tenant and outcome, and their latency. */
  graphql: ApolloServerPlugin<GatewayContext>;
  /** The limits and the door, counting their refusals. */
  limits<T extends { budgets: RequestBudgets; sockets: SocketSlots }>(limits: T): T;
  door(door: Door): Door;
  /** Registers what is read at each scrape and what readiness checks. Call once, before listening. */
  watch(parts: WatchedParts): void;
  /** /healthz, /readyz, and /metrics unless METRICS_PORT gives it a port of its own. */
  routes: Router;
  /** Starts the metrics port (METRICS_PORT), if configured. */
  listen(): Promise<void>;
  /**
   * Shutting down: /readyz answers 503 from this call on, then SHUTDOWN_DELAY_MS passes (so load
   * balancers stop sending traffic) before the promise resolves and the caller drains. A second call
   * ends the wait at once.
   */
  shutDown(): Promise<void>;
  /** Closes the metrics port and the readiness checks' Redis connection. */
  close(): Promise<void>;
}

export function createOps({ config, logger }: { config: Config; logger: Logger }): Ops {
  const metrics = createMetrics();
  const { registry } = metrics;
  const oms = omsMetrics(registry);
  const limits = limitMetrics(registry);
  let parts: WatchedParts | undefined;
  const watched = (): WatchedParts => {
    if (!parts) throw new Error('ops.watch() was not called');
    return parts;
  };
  const readiness = createReadiness({
    redis: config.redis,
    readers: () => watched().events.status?.(),
    accounts: () => watched().accounts.values(),
  });
  let metricsServer: Server | undefined;
  let shutdown: { waited: Promise<void>; cut(): void } | undefined;

  return {
    accessLog: accessLog(logger.child({ component: 'http' })),
    oms: oms.decorate,
    graphql: graphqlMetrics(registry),
    limits: limits.limits,
    door: limits.door,
    watch(given) {
      parts = given;
      oms.watch(() => given.accounts.values());
      webhookMetrics(registry, given.webhooks);
      liveMetrics(registry, given);
    },
    routes: opsRoutes({ readiness, metrics: config.metricsPort === undefined ? metrics : undefined, logger: logger.child({ component: 'readiness' }) }),
    async listen() {
      if (config.metricsPort === undefined) return;
      metricsServer = await listenMetrics(metrics, config.metricsPort, config.host);
    },
    shutDown() {
      if (shutdown) {
        shutdown.cut();
        return shutdown.waited;
      }
      readiness.shutDown();
      const delayMs = config.shutdownDelayMs;
      logger.info({ delayMs }, 'shutting down: /readyz answers 503; draining once the delay has passed');
      let cut!: () => void;
      const waited = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        cut = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      shutdown = { waited, cut };
      return waited;
    },
    async close() {
      const server = metricsServer;
      await Promise.all([readiness.close(), server && new Promise<void>((resolve) => server.close(() => resolve()))]);
    },
  };
}
