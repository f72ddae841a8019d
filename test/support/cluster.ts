import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import type { EventLog } from '../../src/events/event-log.js';
import type { TenantLimits } from '../../src/tenancy/caller.js';
import { createWebhookCounters, type WebhookCounters } from '../../src/webhooks/stats.js';
import { createRequestBudgets } from '../../src/tenancy/limits/budgets.js';
import { createRedisSocketSlots } from '../../src/tenancy/limits/socket-slots.js';
import { createRedisSessionStore } from '../../src/tenancy/session-store.redis.js';
import { createSessionTokens } from '../../src/tenancy/session-tokens.js';
import { createSessions, type Sessions } from '../../src/tenancy/sessions.js';
import { createRedisSellerIndex } from '../../src/tenancy/seller-index/index.js';
import { type CacheStore, createRedisCacheStore } from '../../src/cache/index.js';
import { createOmsClient, type OmsClient } from '../../src/oms/index.js';
import type { SandboxOptionsInput } from '../../src/sandbox/options.js';
import { startSandboxServer, type SandboxServer } from '../../src/sandbox/server.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { hashApiKey, newApiKey } from '../../src/tenancy/api-keys.js';
import { parseTenantsFile } from '../../src/tenancy/tenants-file.js';
import type { RedisTarget } from '../../src/redis/connect.js';
import { freePort } from './redis-server.js';

export interface Cluster {
  /** The OMS: the sandbox served over HTTP, delivering signed webhooks to instance 0 only. */
  oms: SandboxServer;
  /** An OMS client of the same account, for set-up (deposits: the gateways see a "real" OMS, so simulateDeposit is refused there). */
  admin: OmsClient;
  instances: Gateway[];
  /** Each instance's event log (all on one Redis, or one Redis Cluster) and webhook counters, by instance. */
  events: EventLog[];
  webhooks: WebhookCounters[];
  /** The secrets of the OMS webhook subscriptions pointing at instance 0. */
  webhookSecrets: string[];
  keys: { acme: string; globex: string };
  sessionSecret: string;
  /** Seller sessions as the instances see them (same secret, same Redis): to issue tokens without the API (any lifetime). */
  sessions: Sessions;
  request(instance: number, token: string, query: string, variables?: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }>;
  close(): Promise<void>;
}

/**
 * Gateway instances sharing one Redis (a server's URL, or a Redis Cluster's nodes), in front of one OMS account (the sandbox over HTTP, configured
 * as a real OMS). Tenants acme and globex share that account. OMS's webhooks reach instance 0; every
 * instance reads the shared event log, so subscribers on any instance see them.
 */
export async function startCluster(options: {
  /** Where the instances' shared Redis is: a URL, or a Redis Cluster's nodes. */
  redisUrl: RedisTarget;
  prefix: string;
  instances?: number;
  sandbox?: SandboxOptionsInput;
  /** Every tenant's limits (default: high enough never to be met). */
  limits?: Partial<TenantLimits>;
  /** Wraps an instance's read-cache store (on Redis), e.g. to make some of its commands fail. */
  cacheStore?: (instance: number, store: CacheStore) => CacheStore;
}): Promise<Cluster> {
  const count = options.instances ?? 2;
  const oms = await startSandboxServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', SANDBOX_COMPLETION_DELAY_MS: '20' }), {
    followUpDelayMs: 20,
    ...options.sandbox,
    webhooks: { retryDelaysMs: [0, 100, 250, 500, 1000, 2000, 3000, 5000], ...options.sandbox?.webhooks },
  });
  const credentials = oms.sandbox.accounts[0]!;
  const admin = createOmsClient({ baseUrl: oms.url, ...credentials });
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const hookUrl = `http://127.0.0.1:${ports[0]}/webhooks/oms/main`;
  const hooks = await Promise.all([
    admin.webhooks.create({ url: hookUrl, events: [] }),
    admin.webhooks.create({ url: hookUrl, events: [], complianceOnly: true }),
  ]);
  const keys = { acme: newApiKey('acme'), globex: newApiKey('globex') };
  const tenants = parseTenantsFile({
    omsAccounts: [{ kind: 'oms', id: 'main', baseUrl: oms.url, ...credentials, webhookSecrets: hooks.map((h) => h.secret!) }],
    tenants: [
      { id: 'acme', name: 'Acme Market', omsAccount: 'main', apiKeyHashes: [hashApiKey(keys.acme)], limits: { requestsPerMinute: 100_000, ...options.limits } },
      {
        id: 'globex',
        name: 'Globex Bazaar',
        omsAccount: 'main',
        apiKeyHashes: [hashApiKey(keys.globex)],
        limits: { requestsPerMinute: 100_000, ...options.limits },
      },
    ],
  });
  const sessionSecret = 'cluster-session-secret-of-at-least-32-chars';
  const events = ports.map(() => createRedisEventLog({ url: options.redisUrl, prefix: options.prefix }));
  const webhooks = ports.map(() => createWebhookCounters());
  const sessionStores = [...ports, 'test'].map(() => createRedisSessionStore({ redis: options.redisUrl, prefix: options.prefix }));
  const sessions = createSessions({ tokens: createSessionTokens({ secret: sessionSecret }), store: sessionStores[ports.length]! });
  const instances = await Promise.all(
    ports.map((port, i) =>
      startGateway({
        config: loadConfig({ PORT: String(port), HOST: '127.0.0.1', SESSION_SECRET: sessionSecret }),
        tenants,
        logger: pino({ level: 'silent' }),
        events: events[i]!,
        webhookCounters: webhooks[i]!,
        limits: {
          budgets: createRequestBudgets({ redis: options.redisUrl, prefix: options.prefix }),
          sockets: createRedisSocketSlots({ redis: options.redisUrl, prefix: options.prefix }),
        },
        sessions: sessionStores[i]!,
        sellerIndex: createRedisSellerIndex({ redis: options.redisUrl, prefix: options.prefix }),
        cacheStore: (options.cacheStore ?? ((_, store) => store))(
          i,
          createRedisCacheStore({ redis: options.redisUrl, prefix: options.prefix, maxAgeMs: 30_000 }),
        ),
      }),
    ),
  );
  return {
    oms,
    admin,
    instances,
    events,
    webhooks,
    webhookSecrets: hooks.map((h) => h.secret!),
    keys,
    sessionSecret,
    sessions,
    async request(instance, token, query, variables) {
      const response = await fetch(instances[instance]!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as { data?: any; errors?: any[] };
    },
    async close() {
      await Promise.all(instances.map((gateway) => gateway.close()));
      await sessionStores[ports.length]!.close();
      await oms.close();
    },
  };
}
