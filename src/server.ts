import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
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
import { createDocuments } from './door/documents.js';
import { createDoor, type OperationScope } from './door/door.js';
import { createOrigins } from './door/origins.js';
import { graphqlOverHttp } from './graphql/http.js';
import { createRequestBudgets } from './tenancy/limits/budgets.js';
import type { RequestBudgets, SocketSlots } from './tenancy/limits/limits.js';
import { createMemorySocketSlots } from './tenancy/limits/socket-slots.js';
import { playgroundRoutes } from './playground/playground.js';
import type { SandboxOptionsInput } from './sandbox/options.js';
import { openOmsAccounts, type OmsAccount } from './tenancy/accounts.js';
import { createAuthenticator, createTenantRegistry, type Caller } from './tenancy/caller.js';
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
  /** The shared limits (request budgets, socket caps); in memory (one process) when not given. */
  limits?: { budgets: RequestBudgets; sockets: SocketSlots };
}

export interface Gateway {
  /** http://host:port/graphql */
  url: string;
  server: Server;
  accounts: Map<string, OmsAccount>;
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

  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);
  const schema = await buildGatewaySchema();
  const events = options.events ?? createMemoryEventLog();
  const limits = options.limits ?? { budgets: createRequestBudgets({}), sockets: createMemorySocketSlots() };
  const rules = queryLimitRules(config.graphql);
  const documents = createDocuments({
    schema,
    rules,
    maxBytes: config.door.maxDocumentBytes,
    maxTokens: config.door.maxTokens,
    introspection: config.door.introspection,
  });
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    // The door parsed and validated the document into this store already; Apollo finds it there.
    documentStore: documents.store,
    validationRules: rules,
    parseOptions: { maxTokens: config.door.maxTokens },
    introspection: config.door.introspection,
    hideSchemaDetailsFromClientErrors: !config.door.introspection,
    // Documents are sent in full; trusted (registered) documents are a separate, later step.
    persistedQueries: false,
    // Apollo's own landing page loads from a CDN; the playground is ours (offline).
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), ApolloServerPluginLandingPageDisabled(), errorReportingPlugin(logger)],
  });
  await apollo.start();

  /**
   * One operation's context. Loaders, visibility, cursors and the logger are built on first use: an
   * idle subscription needs none of them, and there may be thousands.
   */
  function context(caller: Caller, requestId: string, scope: OperationScope): GatewayContext {
    const account = accounts.get(caller.tenant.omsAccountId)!;
    const oms = account.client.within(scope);
    let loaders: GatewayContext['loaders'] | undefined;
    let visible: GatewayContext['visible'] | undefined;
    let cursors: GatewayContext['cursors'] | undefined;
    let log: GatewayContext['log'] | undefined;
    return {
      requestId,
      caller,
      oms,
      get loaders() {
        return (loaders ??= createLoaders(oms, { concurrency: config.omsMaxConcurrency, naive: options.naiveLoaders ?? false }));
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
      disconnect: scope.signal,
      get cursors() {
        return (cursors ??= createCursors(secret, caller.role === 'seller' ? `${caller.tenant.id}/${caller.sellerId}` : caller.tenant.id));
      },
    };
  }

  const door = createDoor({
    authenticate,
    origins: createOrigins(config.door.allowedOrigins, registry.all()),
    budgets: limits.budgets,
    sockets: limits.sockets,
    documents,
    context,
    deadlineMs: config.door.deadlineMs,
    logger: logger.child({ component: 'door' }),
  });

  app.get('/healthz', (_req, res) => void res.json({ ok: true }));
  // Its own raw body parser: the signature covers the bytes as sent.
  const webhooks = createWebhookIngestion({ events, tenants: tenants.tenants });
  app.use('/webhooks/oms', webhookRoutes({ accounts, ingestion: webhooks, maxBytes: config.webhookMaxBytes, logger: logger.child({ component: 'webhooks' }) }));
  playgroundRoutes(app, { endpoint: '/graphql', token: options.playgroundToken });
  app.use('/graphql', graphqlOverHttp({ door, apollo, maxBodyBytes: config.door.maxBodyBytes, logger }));
  const subscriptions = startSubscriptions({ server, path: '/graphql', schema, door, maxPayloadBytes: config.door.maxPayloadBytes });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address() as AddressInfo;
  const { port } = address;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  const gateway: Gateway = {
    url: `http://${host}:${port}/graphql`,
    server,
    accounts,
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
      await Promise.all([limits.budgets.close(), limits.sockets.close()]);
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
