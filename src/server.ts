import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { ErrorCode } from './errors.js';
import type { EventLog } from './events/event-log.js';
import { createMemoryEventLog } from './events/memory-log.js';
import type { GatewayContext } from './graphql/context.js';
import { createCursors } from './graphql/common/connection.js';
import { errorReportingPlugin, formatError } from './graphql/errors.js';
import { queryLimitRules } from './graphql/limits.js';
import { createLoaders } from './graphql/loaders.js';
import { buildGatewaySchema } from './graphql/schema.js';
import { createVisibility } from './graphql/visibility.js';
import { startSubscriptions } from './graphql/ws.js';
import { playgroundRoutes } from './playground/playground.js';
import type { SandboxOptionsInput } from './sandbox/options.js';
import { openOmsAccounts, type OmsAccount } from './tenancy/accounts.js';
import { createAuthenticator, createTenantRegistry, type Authenticate, type Caller } from './tenancy/caller.js';
import { createRateLimiter } from './tenancy/rate-limit.js';
import { createSessionIssuer } from './tenancy/sessions.js';
import { tenantFrom, type TenantsFile } from './tenancy/tenants-file.js';
import { createWebhookIngestion } from './webhooks/ingest.js';
import { webhookRoutes } from './webhooks/route.js';
import type { WebhookObserver } from './webhooks/stats.js';
import { subscribeToSandboxWebhooks } from './webhooks/subscribe.js';

export interface GatewayOptions {
  config: Config;
  tenants: TenantsFile;
  logger: Logger;
  /** Options of embedded sandbox accounts (tests make them fast). */
  sandbox?: SandboxOptionsInput;
  /** A token the playground offers ready in its headers (the demo tenant's key). */
  playgroundToken?: string;
  /** Benchmark baseline: loaders without batching or caching. */
  naiveLoaders?: boolean;
  /** The shared event log; in memory (one process) when not given. */
  events?: EventLog;
}

export interface Gateway {
  /** http://host:port/graphql */
  url: string;
  server: Server;
  accounts: Map<string, OmsAccount>;
  authenticate: Authenticate;
  events: EventLog;
  /** What the OMS webhook route did (counters, events no tenant owns); not served over HTTP. */
  webhooks: WebhookObserver;
  /** Closes in order: HTTP (draining requests), then WebSockets (clients told to reconnect), the event log, the sandboxes. */
  close(): Promise<void>;
}

/** The composition root: builds every part of the gateway, wires them, and listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, tenants, logger } = options;
  const accounts = openOmsAccounts(tenants.omsAccounts, { timeoutMs: config.omsTimeoutMs, ...(options.sandbox ? { sandbox: options.sandbox } : {}) });
  const registry = createTenantRegistry(tenants.tenants.map((t) => ({ tenant: tenantFrom(t, config.limits), apiKeyHashes: t.apiKeyHashes })));
  if (!config.sessionSecret) logger.warn('SESSION_SECRET is not set: seller tokens die with this process and do not work across instances');
  const secret = config.sessionSecret ?? randomBytes(32).toString('base64url');
  const sessions = createSessionIssuer(secret);
  const authenticate = createAuthenticator(registry, sessions);
  const limiter = createRateLimiter();

  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);
  const schema = await buildGatewaySchema();
  const events = options.events ?? createMemoryEventLog();
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    validationRules: queryLimitRules(config.graphql),
    // Apollo's own landing page loads from a CDN; the playground is ours (offline).
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), ApolloServerPluginLandingPageDisabled(), errorReportingPlugin(logger)],
    introspection: true,
  });
  await apollo.start();

  /**
   * One request's (or one subscription's) context. Loaders, visibility, cursors and the logger are
   * built on first use: an idle subscription needs none of them, and there may be thousands.
   */
  function context(caller: Caller, requestId: string, disconnect: AbortSignal): GatewayContext {
    const account = accounts.get(caller.tenant.omsAccountId)!;
    let loaders: GatewayContext['loaders'] | undefined;
    let visible: GatewayContext['visible'] | undefined;
    let cursors: GatewayContext['cursors'] | undefined;
    let log: GatewayContext['log'] | undefined;
    return {
      requestId,
      caller,
      oms: account.client,
      get loaders() {
        return (loaders ??= createLoaders(account.client, { concurrency: config.omsMaxConcurrency, naive: options.naiveLoaders ?? false }));
      },
      get visible() {
        return (visible ??= createVisibility(caller, this.loaders));
      },
      sessions,
      sandbox: account.sandbox !== undefined,
      get log() {
        return (log ??= logger.child({ requestId, tenant: caller.tenant.id }));
      },
      events,
      disconnect,
      get cursors() {
        return (cursors ??= createCursors(secret, caller.role === 'seller' ? `${caller.tenant.id}/${caller.sellerId}` : caller.tenant.id));
      },
    };
  }

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  // Its own raw body parser: the signature covers the bytes as sent.
  const webhooks = createWebhookIngestion({ events, tenants: tenants.tenants });
  app.use('/webhooks/oms', webhookRoutes({ accounts, ingestion: webhooks, maxBytes: config.webhookMaxBytes, logger: logger.child({ component: 'webhooks' }) }));
  playgroundRoutes(app, { endpoint: '/graphql', token: options.playgroundToken });
  app.use(
    '/graphql',
    express.json({ limit: '256kb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const requestId = validRequestId(req.header('x-request-id')) ?? randomUUID();
        res.setHeader('X-Request-Id', requestId);
        const caller = await authenticate(req.header('authorization'));
        if (!caller) {
          throw new GraphQLError('Send a tenant API key or a seller session token as `Authorization: Bearer <token>`', {
            extensions: { code: ErrorCode.UNAUTHENTICATED, requestId, http: { status: 401 } },
          });
        }
        const allowed = limiter.take(caller.tenant.id, caller.tenant.limits.requestsPerMinute);
        if (!allowed.ok) {
          res.setHeader('Retry-After', String(Math.ceil(allowed.retryAfterMs / 1000)));
          throw new GraphQLError(`Tenant ${caller.tenant.id} is over its limit of ${caller.tenant.limits.requestsPerMinute} requests per minute`, {
            extensions: { code: ErrorCode.RATE_LIMITED, requestId, http: { status: 429 } },
          });
        }
        return context(caller, requestId, new AbortController().signal);
      },
    }),
  );

  const subscriptions = startSubscriptions({ server, path: '/graphql', schema, authenticate, context, validationRules: queryLimitRules(config.graphql) });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address() as AddressInfo;
  const { port } = address;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const gateway: Gateway = {
    url: `http://${host}:${port}/graphql`,
    server,
    accounts,
    authenticate,
    events,
    webhooks,
    async close() {
      // HTTP first: stop accepting, let requests in flight finish. WebSocket clients are then told to
      // reconnect (elsewhere), which also lets the HTTP server finish closing; then the event log's
      // reader and its Redis connections; then the embedded sandboxes.
      const http = apollo.stop();
      await subscriptions.close();
      await http;
      await events.close();
      for (const account of accounts.values()) account.sandbox?.close();
    },
  };
  try {
    // After listening: the sandbox delivers to the port it now has.
    await subscribeToSandboxWebhooks(accounts.values(), address, logger);
  } catch (error) {
    await gateway.close();
    throw error;
  }
  return gateway;
}

function validRequestId(value: string | undefined): string | undefined {
  return value && /^[A-Za-z0-9_.:-]{1,128}$/.test(value) ? value : undefined;
}
