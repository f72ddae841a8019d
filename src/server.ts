import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from 'pino';
import {
  type CacheCounts,
  type CacheStore,
  CacheInvalidationFailed,
  cachedTransport,
  createMemoryCacheStore,
  createReadCache,
  type ReadCache,
} from './cache/index.js';
import type { Config } from './config.js';
import { createDocuments } from './door/documents.js';
import { createDoor } from './door/door.js';
import { createOrigins } from './door/origins.js';
import type { EventLog } from './events/event-log.js';
import { createMemoryEventLog } from './events/memory-log.js';
import { createContextFactory, type GatewayContext, type LoaderFactory } from './graphql/context.js';
import { errorReportingPlugin, formatError } from './graphql/errors.js';
import { graphqlOverHttp, type HttpHandler, pathOf } from './graphql/http.js';
import { plainJsonStatusPlugin } from './graphql/http-status.js';
import { compiledExecution } from './graphql/executor.js';
import { type AnswerCounts, createAnswerCache } from './graphql/response-cache.js';
import { queryLimitRules } from './graphql/limits.js';
import { buildGatewaySchema } from './graphql/schema.js';
import { eventStreams } from './graphql/sse.js';
import { createFanoutCounters, type FanoutCounters } from './graphql/subscription/counters.js';
import { createFanout } from './graphql/subscription/fanout.js';
import { startSubscriptions } from './graphql/ws.js';
import { createWsErrors } from './graphql/ws-errors.js';
import { createOps } from './ops/index.js';
import { playgroundRoutes, wantsPlaygroundPage } from './playground/playground.js';
import { DASHBOARD_PATH, dashboardRoutes } from './dashboard/dashboard.js';
import type { DemoSeller } from './dashboard/page.js';
import { embeddedAccount } from './sandbox/account.js';
import { createSandbox, type Sandbox } from './sandbox/app.js';
import type { SandboxOptionsInput } from './sandbox/options.js';
import { type OmsAccount, openOmsAccount } from './tenancy/accounts.js';
import { OmsError } from './oms/index.js';
import { createOwnershipCache, type OwnershipCache, rememberCustomers } from './tenancy/ownership-cache.js';
import { createAuthenticator, createTenantRegistry } from './tenancy/caller.js';
import { loadPersistedDocuments } from './tenancy/persisted-documents.js';
import { createRequestBudgets } from './tenancy/limits/budgets.js';
import type { RequestBudgets, SocketSlots } from './tenancy/limits/limits.js';
import { createMemorySocketSlots } from './tenancy/limits/socket-slots.js';
import type { SessionStore } from './tenancy/session-store.js';
import { createMemorySessionStore } from './tenancy/session-store.memory.js';
import { createSessionTokens } from './tenancy/session-tokens.js';
import { createSessions } from './tenancy/sessions.js';
import { createMemorySellerIndex, type SellerIndex } from './tenancy/seller-index/index.js';
import { type TenantsFile, tenantFrom } from './tenancy/tenants-file.js';
import { type Changed, createWebhookIngestion } from './webhooks/ingest.js';
import { webhookRoutes } from './webhooks/route.js';
import { createTenantRouter } from './webhooks/router.js';
import { createWebhookCounters, type WebhookCounters } from './webhooks/stats.js';
import { omsCallSpans } from './tracing/oms.js';
import { operationSpanPlugin, operationSpans } from './tracing/operation.js';
import { startTracing } from './tracing/tracing.js';
import { tracedIngestion, webhookSpans } from './tracing/webhook.js';
import { subscribeToSandboxWebhooks } from './webhooks/subscribe.js';

export interface GatewayOptions {
  config: Config;
  tenants: TenantsFile;
  logger: Logger;
  /**
   * OMS accounts the caller made, used in place of the tenants file's account of the same id: the
   * embedded sandbox's (sandbox/account.ts), which the caller then keeps, e.g. to seed or to watch it.
   */
  accounts?: readonly OmsAccount[];
  /** Options of the embedded sandboxes the gateway makes itself, for `sandbox` accounts not given above. */
  sandbox?: SandboxOptionsInput;
  /** A token the playground offers ready in its headers (the demo tenant's key). */
  playgroundToken?: string;
  /**
   * Serve the example seller dashboard at /dashboard (src/dashboard): `npm start`'s demo, and tests.
   * `demo` (demo mode alone) offers that tenant's sellers to sign in as with a click; `trustedDocuments`
   * makes the page send document hashes instead of texts. Not served when not given.
   */
  dashboard?: { demo?: { tenantId: string; sellers(): readonly DemoSeller[] }; trustedDocuments?: boolean };
  /** The shared event log; in memory (one process) when not given. */
  events?: EventLog;
  /** The shared limits (request budgets, socket caps); in memory (one process) when not given. */
  limits?: { budgets: RequestBudgets; sockets: SocketSlots };
  /** Where seller sessions are recorded (and revoked); in memory (one process) when not given. */
  sessions?: SessionStore;
  /** The seller index (sellers listed, externalIds claimed); in memory (one process) when not given. */
  sellerIndex?: SellerIndex;
  /** Where the webhook route counts what it did (and keeps the events no tenant owns); its own when not given. */
  webhookCounters?: WebhookCounters;
  /** Per-operation loaders; the batching and caching DataLoaders when not given (the benchmark passes its baseline). */
  loaders?: LoaderFactory;
  /** Where the read cache keeps OMS objects for every instance (Redis); in memory (one process) when not given. Closed by the gateway. */
  cacheStore?: CacheStore;
  /** The customer stamps this instance has read; a new, empty one when not given (tests pass theirs to empty it). */
  ownership?: OwnershipCache;
  /**
   * How a subscription event reaches its subscribers: `shared` (default), executed and serialized
   * once per group of subscriptions with the same document, variables and visibility; or
   * `per-subscriber`, once per subscription (graphql's own subscribe: the benchmark's baseline). Both transports alike.
   */
  fanout?: 'shared' | 'per-subscriber';
  /** Where the subscriptions' fan-out counts what it does (groups, shared and lone executions); its own when not given. */
  fanoutCounters?: FanoutCounters;
  /**
   * Where spans go (tests: an in-memory exporter), instead of the OTLP exporter config.tracing names;
   * registered for the process while the gateway runs (one traced gateway per process), flushed on
   * close, shut down by the caller. No tracing when neither is given.
   */
  tracerProvider?: NodeTracerProvider;
}

/** Where GraphQL is served: HTTP, graphql-ws and Server-Sent Events, and the playground page for a browser. */
const GRAPHQL_PATH = '/graphql';
/** A running gateway: where it listens, and how to stop it. */
export interface Gateway extends AsyncDisposable {
  /** http://host:port/graphql */
  url: string;
  /** http://host:port/dashboard, where the example seller dashboard is served; undefined when it is not. */
  dashboardUrl: string | undefined;
  /** What the read cache did on this instance (hits, misses, invalidations); undefined when it is off. */
  cacheCounts: CacheCounts | undefined;
  /** Whole answers reused, kept and found stale on this instance (the response cache rides on the read cache). */
  answerCounts: AnswerCounts | undefined;
  /**
   * Closes in order: /readyz turns 503 and SHUTDOWN_DELAY_MS passes (a second call ends that wait), then HTTP
   * (draining requests), WebSockets and event streams (clients told to reconnect), the event log, the limits,
   * sessions and the seller index, the sandboxes it made; then the last spans are exported. Every call answers
   * the same promise.
   */
  close(): Promise<void>;
}

/** The composition root: builds every part of the gateway, wires them, and listens. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config, tenants, logger } = options;
  // First: a manifest that cannot be read or is malformed stops start-up before anything is made.
  const persisted = loadPersistedDocuments(tenants.tenants);
  // Probes, metrics and the access log (src/ops), wired below where each belongs.
  const ops = createOps({ config, logger });
  const sandboxes: Sandbox[] = [];
  const given = new Map((options.accounts ?? []).map((account) => [account.id, account]));
  const ownership = options.ownership ?? createOwnershipCache();
  const tracing = startTracing({ config: config.tracing, provider: options.tracerProvider, logger });
  const cache = readCache(config, options.cacheStore, logger);
  const answers = cache && createAnswerCache(cache);
  // Every customer the gateway reads or creates, through any account's client, leaves its stamp in
  // `ownership`; every read the cache keeps goes through it.
  const remembering = (account: OmsAccount): [string, OmsAccount] => {
    // OMS calls are counted and traced under the cache: a call the cache answers is no OMS call.
    const metered = account.client.decorate(ops.oms);
    const traced = tracing ? metered.decorate((transport) => omsCallSpans(tracing.tracer, transport)) : metered;
    const client = cache ? traced.decorate((transport) => cachedTransport(cache, account.id, transport)) : traced;
    return [account.id, { ...account, client: rememberCustomers(client, ownership.of(account.id)) }];
  };
  const accounts = new Map(
    tenants.omsAccounts.map((entry): [string, OmsAccount] => {
      const account = given.get(entry.id);
      if (account) return remembering(account);
      if (entry.kind === 'oms') return remembering(openOmsAccount(entry, { timeoutMs: config.omsTimeoutMs }));
      const sandbox = createSandbox(options.sandbox);
      sandboxes.push(sandbox);
      return remembering(embeddedAccount(entry.id, sandbox, { timeoutMs: config.omsTimeoutMs }));
    }),
  );
  const registry = createTenantRegistry(tenants.tenants.map((t) => ({ tenant: tenantFrom(t, config.limits), apiKeyHashes: t.apiKeyHashes })));
  if (!config.sessionSecret) logger.warn('SESSION_SECRET is not set: seller tokens die with this process and do not work across instances');
  const secret = config.sessionSecret ?? randomBytes(32).toString('base64url');
  const sessionStore = options.sessions ?? createMemorySessionStore();
  const sessions = createSessions({ tokens: createSessionTokens({ secret, previousSecret: config.sessionSecretPrevious }), store: sessionStore });
  const events = options.events ?? createMemoryEventLog();
  const limits = ops.limits(options.limits ?? { budgets: createRequestBudgets({}), sockets: createMemorySocketSlots() });
  const sellerIndex = options.sellerIndex ?? createMemorySellerIndex();

  const app = express();
  app.disable('x-powered-by');
  // Express would hash every body it sends for an ETag. Nothing here is revalidated: GraphQL answers are
  // `no-store`, the playground page too, and its assets carry their content hash in their names.
  app.disable('etag');
  // GraphQL's endpoint is served on Node's own request and response (graphql/http.ts says why); Express
  // serves the rest. The playground page shares the endpoint's path: a browser's GET asking for HTML.
  let graphql: HttpHandler | undefined;
  const server = createServer((req, res) => {
    ops.accessLog(req, res);
    // As Express matched it: in any case, with or without a trailing slash.
    const path = pathOf(req.url).toLowerCase();
    if (graphql && (path === GRAPHQL_PATH || path === `${GRAPHQL_PATH}/`) && !(config.playground && wantsPlaygroundPage(req))) graphql(req, res);
    else app(req, res);
  });
  const schema = await buildGatewaySchema();
  const rules = queryLimitRules(config.graphql);
  const { door: doorConfig } = config;
  const documents = createDocuments({
    schema,
    rules,
    maxBytes: doorConfig.maxDocumentBytes,
    maxTokens: doorConfig.maxTokens,
    introspection: doorConfig.introspection,
  });
  const apollo = new ApolloServer<GatewayContext>({
    ...(config.graphql.executor === 'jit' ? { gateway: compiledExecution(schema, logger.child({ component: 'executor' })) } : { schema }),
    formatError,
    // The door parsed and validated the document into this store already; Apollo finds it there.
    documentStore: documents.store,
    validationRules: rules,
    parseOptions: { maxTokens: doorConfig.maxTokens },
    introspection: doorConfig.introspection,
    hideSchemaDetailsFromClientErrors: !doorConfig.introspection,
    // Apollo's automatic persisted queries would let any caller register any document. Registered
    // (trusted) documents are the door's (door/persisted.ts): it resolves a hash to its text before
    // the document is prepared, on every transport, and http.ts hands Apollo the text.
    persistedQueries: false,
    // Apollo refuses a request a browser could send cross-site without a preflight (a GET, or a simple
    // content type) unless it carries one of these headers. Authorization is one: it is never
    // CORS-safelisted, so a page can send it only after a preflight the door answers for its origins, and
    // the door admits no request without it (a browser's automatic Basic credentials are no token of ours).
    // GETs with a bearer therefore run (queries only: the door refuses anything else over GET).
    csrfPrevention: { requestHeaders: ['authorization', 'x-apollo-operation-name', 'apollo-require-preflight'] },
    // Apollo's own landing page loads from a CDN; the playground is ours (offline).
    // Apollo's default plugins are off: cache control wraps every field though no field gives a cache hint
    // (http.ts sends `Cache-Control: no-store`); inline traces are for federation subgraphs, which this is
    // not; usage reporting would send operations to Apollo's cloud whenever APOLLO_KEY happens to be set.
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      errorReportingPlugin(logger),
      ops.graphql,
      plainJsonStatusPlugin(),
      ...(answers ? [answers.plugin] : []),
      ...(tracing ? [operationSpanPlugin()] : []),
    ],
  });
  await apollo.start();

  const context = createContextFactory({
    accounts,
    sessions,
    events,
    sellerIndex,
    logger,
    sessionSecret: secret,
    omsMaxConcurrency: config.omsMaxConcurrency,
    loaders: options.loaders,
    cache,
    ownership,
  });
  const admission = createDoor({
    authenticate: createAuthenticator(registry, sessions),
    sessions,
    origins: createOrigins(doorConfig.allowedOrigins, registry.all()),
    budgets: limits.budgets,
    sockets: limits.sockets,
    documents,
    persisted,
    context,
    deadlineMs: doorConfig.deadlineMs,
    logger: logger.child({ component: 'door' }),
  });
  const door = ops.door(admission);

  const fanoutCounters = options.fanoutCounters ?? createFanoutCounters();
  if (config.playground) playgroundRoutes(app, { endpoint: GRAPHQL_PATH, token: options.playgroundToken });
  const spans = tracing && operationSpans(tracing.tracer);
  // One fan-out for both subscription transports: identical subscriptions share a group whichever way they came.
  const errors = createWsErrors(logger);
  const fanout = options.fanout === 'per-subscriber' ? undefined : createFanout({ context, showing: errors, logger, counters: fanoutCounters });
  const streams = eventStreams({ schema, door, fanout, errors, logger });
  graphql = graphqlOverHttp({ door, apollo, answers, eventStreams: streams, maxBodyBytes: doorConfig.maxBodyBytes, logger, spans });
  app.use(ops.routes);
  const webhookCounters = options.webhookCounters ?? createWebhookCounters();
  // Its own raw body parser: the signature covers the bytes as sent.
  const ingested = createWebhookIngestion({
    events,
    tenants: tenants.tenants,
    router: createTenantRouter({ tenants: tenants.tenants, ownership }),
    ...(cache ? { invalidate: invalidateFor(cache) } : {}),
    counters: webhookCounters,
  });
  const ingestion = tracing ? tracedIngestion(ingested) : ingested;
  const webhookLogger = logger.child({ component: 'webhooks' });
  app.use(
    '/webhooks/oms',
    webhookRoutes({ accounts, ingestion, maxBytes: config.webhookMaxBytes, logger: webhookLogger, spans: tracing && webhookSpans(tracing.tracer) }),
  );
  const { dashboard } = options;
  if (dashboard) {
    const demo = dashboard.demo && { ...dashboard.demo, sessions };
    dashboardRoutes(app, { endpoint: GRAPHQL_PATH, trustedDocuments: dashboard.trustedDocuments ?? false, ...(demo ? { demo } : {}) });
  }
  const subscriptions = startSubscriptions({ server, path: GRAPHQL_PATH, schema, door, fanout, maxPayloadBytes: doorConfig.maxPayloadBytes, logger });

  ops.watch({
    accounts,
    events,
    webhooks: webhookCounters,
    fanout: fanoutCounters,
    sockets: subscriptions.sockets,
    cache: cache?.counts,
    answers: answers?.counts,
  });

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    // Not ready first (SHUTDOWN_DELAY_MS, which a second close() cuts short), then the drain.
    const delay = ops.shutDown();
    closing ??= delay.then(drain);
    return closing;
  }
  async function drain(): Promise<void> {
    // HTTP first: stop accepting, let requests in flight finish. WebSocket and event-stream clients are
    // then told to reconnect (elsewhere), which also lets the HTTP server finish closing; then the event log's
    // reader and its Redis connections, the limits; then the embedded sandboxes made here.
    const http = apollo.stop();
    await Promise.all([subscriptions.close(), streams.close()]);
    await http;
    await events.close();
    await Promise.all([limits.budgets.close(), limits.sockets.close(), sessionStore.close(), sellerIndex.close(), cache?.close()]);
    for (const sandbox of sandboxes) sandbox.close();
    await ops.close();
    // Last: spans of the work above (the drain's last operations) are exported too.
    await tracing?.close().catch((err: unknown) => logger.warn({ err }, 'tracing: spans could not be exported'));
  }
  const gateway: Gateway = {
    url: `http://${host}:${address.port}/graphql`,
    dashboardUrl: dashboard ? `http://${host}:${address.port}${DASHBOARD_PATH}` : undefined,
    cacheCounts: cache?.counts,
    answerCounts: answers?.counts,
    close,
    [Symbol.asyncDispose]: close,
  };
  try {
    await ops.listen();
    // After listening: the sandbox delivers to the port it now has.
    await subscribeToSandboxWebhooks(accounts.values(), address, logger);
  } catch (error) {
    await gateway.close();
    throw error;
  }
  return gateway;
}

/** The read cache over `store` (in memory when not given), or none when CACHE_MAX_AGE_MS is 0. */
function readCache(config: Config, store: CacheStore | undefined, logger: Logger): ReadCache | undefined {
  if (config.cacheMaxAgeMs === 0) {
    void store?.close();
    return undefined;
  }
  return createReadCache({
    store: store ?? createMemoryCacheStore({ maxAgeMs: config.cacheMaxAgeMs }),
    maxAgeMs: config.cacheMaxAgeMs,
    onError: (err, what) => logger.warn({ err }, `read cache: ${what}`),
  });
}

/**
 * Before a webhook is acknowledged: the cache of every customer it names, and of the owners of the
 * wallets it moved. An owner the cache does not know is asked of OMS: another instance may have
 * cached the wallet's balance under an owner it learned but could not yet (or could not at all)
 * write to the store, and an event naming the wallet alone must renew that too.
 */
function invalidateFor(cache: ReadCache) {
  return async (account: OmsAccount, changed: Changed): Promise<void> => {
    let owners: (string | undefined)[];
    try {
      owners = await Promise.all(changed.wallets.map(async (id) => (await cache.ownerOf(account.id, { kind: 'wallet', id })) ?? walletOwner(account, id)));
    } catch (error) {
      throw new CacheInvalidationFailed('the owners of the wallets an event moved could not be read', { cause: error });
    }
    await cache.invalidate(account.id, [...changed.customers, ...owners]);
  };
}

/** The customer owning a wallet, as OMS says (which the read also teaches the cache); undefined for a wallet OMS does not know. */
async function walletOwner(account: OmsAccount, walletId: string): Promise<string | undefined> {
  try {
    return (await account.client.wallets.get(walletId)).customerId;
  } catch (error) {
    if (error instanceof OmsError && error.status === 404) return undefined;
    throw error;
  }
}
