import { pino } from 'pino';
import { createRedisCacheStore } from './cache/index.js';
import { createRedisEventLog } from './events/redis-log.js';
import { createRequestBudgets } from './tenancy/limits/budgets.js';
import { createRedisSocketSlots } from './tenancy/limits/socket-slots.js';
import { createRedisSessionStore } from './tenancy/session-store.redis.js';
import { createRedisSellerIndex } from './tenancy/seller-index/index.js';
import { DASHBOARD_MANIFEST } from './dashboard/dashboard.js';
import type { DemoSeller } from './dashboard/page.js';
import { DEMO_TENANT_ID, demoTenants, seedDemo } from './demo.js';
import { runUntilSignal } from './process.js';
import { embeddedAccount } from './sandbox/account.js';
import { createSandbox } from './sandbox/app.js';
import { startGateway } from './server.js';
import { traceIds } from './tracing/log.js';
import { newApiKey } from './tenancy/api-keys.js';
import { readTenantsFile } from './tenancy/tenants-file.js';

/**
 * Process entry. With TENANTS_FILE: the configured tenants and OMS accounts. Without it: a demo tenant
 * on the embedded OMS sandbox with demo data (or on the real OMS when OMS_BASE_URL and credentials
 * are set), and the playground's and the example seller dashboard's URLs and the demo token printed.
 */
runUntilSignal(async (config) => {
  // With tracing on, every line carries the ids of the span it was written in (src/tracing/log.ts).
  const logger = pino({ level: config.logLevel, ...(config.tracing ? { mixin: traceIds } : {}) });
  // Shared by every instance through Redis (REDIS_URL, or a Cluster: REDIS_CLUSTER_NODES); without it, in memory for this process alone.
  const { redis } = config;
  const events = redis ? createRedisEventLog({ url: redis, onError: (err) => logger.warn({ err }, 'event log reader') }) : undefined;
  // The limits every instance must share: operation budgets and socket caps.
  const onError = (err: Error) => logger.warn({ err }, 'limits');
  const limits = redis ? { budgets: createRequestBudgets({ redis, onError }), sockets: createRedisSocketSlots({ redis, onError }) } : undefined;
  // Seller sessions: a revocation on one instance ends the session on all of them.
  const sessions = redis ? createRedisSessionStore({ redis, onError: (err) => logger.warn({ err }, 'sessions') }) : undefined;
  // The read cache: what one instance read from OMS, every instance may answer from, until a webhook or a write renews it.
  const cacheStore = redis ? createRedisCacheStore({ redis, maxAgeMs: config.cacheMaxAgeMs, onError: (err) => logger.warn({ err }, 'read cache') }) : undefined;
  const shared = { ...(events ? { events } : {}), ...(limits ? { limits } : {}), ...(sessions ? { sessions } : {}), ...(cacheStore ? { cacheStore } : {}) };
  // The seller index too (a seller listed, an externalId claimed on one instance is so on all), where
  // OMS outlives the process: an embedded sandbox's customers die with it, so its index must as well.
  const sellerIndexOver = (omsPersists: boolean) =>
    redis && omsPersists ? { sellerIndex: createRedisSellerIndex({ redis, onError: (err) => logger.warn({ err }, 'seller index') }) } : {};
  if (config.tenantsFile) {
    const tenants = readTenantsFile(config.tenantsFile);
    const gateway = await startGateway({ config, tenants, logger, ...shared, ...sellerIndexOver(tenants.omsAccounts.every((entry) => entry.kind === 'oms')) });
    logger.info({ url: gateway.url }, 'gateway listening');
    return gateway;
  }
  const apiKey = config.demoTenantApiKey ?? newApiKey(DEMO_TENANT_ID);
  const account = config.oms
    ? {
        kind: 'oms' as const,
        id: 'oms',
        baseUrl: config.oms.baseUrl,
        apiKey: config.oms.apiKey,
        apiSecret: config.oms.apiSecret,
        webhookSecrets: config.oms.webhookSecrets,
        sandbox: config.oms.sandbox,
      }
    : undefined;
  // The embedded sandbox is made here, handed to the gateway as its account, and seeded with demo data.
  const sandbox = account ? undefined : createSandbox({ completionDelayMs: config.sandbox.completionDelayMs, tokenTtlSeconds: config.sandbox.tokenTtlSeconds });
  const embedded = sandbox && embeddedAccount('sandbox', sandbox, { timeoutMs: config.omsTimeoutMs });
  // The example seller dashboard offers the demo sellers to sign in as, once they are seeded.
  let demoSellers: readonly DemoSeller[] = [];
  const gateway = await startGateway({
    config,
    // The demo tenant's sellers may run the example dashboard's registered operations, and nothing else.
    tenants: demoTenants(apiKey, account, { manifests: [DASHBOARD_MANIFEST], sellerTokensRegisteredOnly: true }),
    logger,
    ...shared,
    ...sellerIndexOver(account !== undefined),
    playgroundToken: apiKey,
    dashboard: { trustedDocuments: true, demo: { tenantId: DEMO_TENANT_ID, sellers: () => demoSellers } },
    ...(embedded ? { accounts: [embedded] } : {}),
  });
  if (sandbox && embedded) demoSellers = (await seedDemo(embedded.client, sandbox)).sellers;
  console.log(
    [
      '',
      `  OMS gateway ready (${sandbox ? 'embedded OMS sandbox, demo data loaded' : `OMS at ${config.oms!.baseUrl}`})`,
      config.playground ? `  Playground:  ${gateway.url}` : `  GraphQL:     ${gateway.url}`,
      `  Dashboard:   ${gateway.dashboardUrl}${sandbox ? ' (sign in as a demo seller)' : ''}`,
      `  Demo token:  ${apiKey}`,
      `  Try:         curl -s ${gateway.url} -H 'content-type: application/json' -H 'authorization: Bearer ${apiKey}' -d '{"query":"{ viewer { role tenant { name } } }"}'`,
      '',
    ].join('\n'),
  );
  return {
    async close() {
      await gateway.close();
      sandbox?.close();
    },
  };
});
