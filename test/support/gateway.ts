import { type Logger, pino } from 'pino';
import type { z } from 'zod';
import type { CacheStore } from '../../src/cache/index.js';
import { loadConfig } from '../../src/config.js';
import type { EventLog } from '../../src/events/event-log.js';
import { createMemoryEventLog } from '../../src/events/memory-log.js';
import type { LoaderFactory } from '../../src/graphql/context.js';
import { createOmsClient, type OmsClient } from '../../src/oms/index.js';
import { embeddedAccount } from '../../src/sandbox/account.js';
import type { OmsAccount } from '../../src/tenancy/accounts.js';
import { createWebhookCounters, type WebhookCounters } from '../../src/webhooks/stats.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/app.js';
import type { SandboxOptionsInput } from '../../src/sandbox/options.js';
import type { FanoutCounters } from '../../src/graphql/subscription/counters.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/server.js';
import { hashApiKey, newApiKey } from '../../src/tenancy/api-keys.js';
import type { SessionStore } from '../../src/tenancy/session-store.js';
import { createMemorySessionStore } from '../../src/tenancy/session-store.memory.js';
import { createMemorySellerIndex, type SellerIndex } from '../../src/tenancy/seller-index/index.js';
import { createSessionTokens } from '../../src/tenancy/session-tokens.js';
import { createSessions, type Sessions } from '../../src/tenancy/sessions.js';
import { createOwnershipCache, type OwnershipCache } from '../../src/tenancy/ownership-cache.js';
import { parseTenantsFile, type TenantsFileSchema } from '../../src/tenancy/tenants-file.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; requestId?: string } & Record<string, unknown> }[];
}

/** What a test may set of a tenant's entry in the tenants file: everything but who it is and its keys. */
export type TenantOverrides = Partial<Omit<z.input<typeof TenantsFileSchema>['tenants'][number], 'id' | 'omsAccount' | 'apiKeyHashes'>>;

export interface TestGateway {
  gateway: Gateway;
  /** The embedded OMS, made here and handed to the gateway as its account. */
  sandbox: Sandbox;
  /** That account: the gateway's own client of the sandbox, and the webhook secrets it subscribed with. */
  account: OmsAccount;
  /** A client of the same sandbox account for the test's own set-up and checks. */
  oms: OmsClient;
  events: EventLog;
  /** What the webhook route counted. */
  webhooks: WebhookCounters;
  /** The gateway's customer stamps: `clear()` it for the cold path. */
  ownership: OwnershipCache;
  /** API keys of the two tenants, which share one OMS account. */
  keys: { acme: string; globex: string };
  /** Seller sessions as the gateway sees them (its secret, its store): to issue tokens without the API (any lifetime). */
  sessions: Sessions;
  /** Where the gateway records seller sessions. */
  sessionStore: SessionStore;
  /** The tenants' sellers as the gateway lists them. */
  sellerIndex: SellerIndex;
  /** POSTs a GraphQL operation with `token` as bearer. */
  request<T = Record<string, any>>(token: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * A real gateway on a free port: two tenants (acme, globex) sharing one embedded sandbox account,
 * with lifecycle steps of a few milliseconds. Requests go over HTTP like a client's.
 */
export async function startTestGateway(
  options: {
    sandbox?: SandboxOptionsInput;
    /** The per-operation loaders (the benchmark baseline); the gateway's own when not given. */
    loaders?: LoaderFactory;
    /** Wraps the fetch the gateway's OMS client calls the sandbox with (to record or hold calls). */
    omsFetch?: (sandbox: typeof fetch) => typeof fetch;
    /** Where the gateway logs; silent when not given. */
    logger?: Logger;
    env?: Record<string, string>;
    /** The token the playground offers: a fixed one, or picked from the keys made here. */
    playgroundToken?: string | ((keys: TestGateway['keys']) => string);
    /** The event log to use; in memory when not given. */
    events?: EventLog;
    /** Where seller sessions are recorded (to share it between two gateways); in memory when not given. */
    sessionStore?: SessionStore;
    /** Where the read cache keeps OMS objects; in memory when not given. */
    cacheStore?: CacheStore;
    /** How subscription events reach subscribers, and where the fan-out counts (the fan-out's own tests). */
    fanout?: GatewayOptions['fanout'];
    fanoutCounters?: FanoutCounters;
    /** Per tenant, fields of its tenants-file entry to set (e.g. `sellerTokens`); the rest as by default. */
    tenants?: Partial<Record<keyof TestGateway['keys'], TenantOverrides>>;
    /** Where the gateway's spans go (test/tracing); no tracing when not given. */
    tracerProvider?: GatewayOptions['tracerProvider'];
    /** Serve the example seller dashboard at /dashboard (test/dashboard); not served when not given. */
    dashboard?: GatewayOptions['dashboard'];
    /**
     * Another test gateway whose OMS (sandbox and account), keys, sessions and seller index this one
     * shares: two gateways that see the same sellers. Closing this one leaves them to the other.
     */
    twinOf?: TestGateway;
  } = {},
): Promise<TestGateway> {
  const twin = options.twinOf;
  const keys = twin?.keys ?? { acme: newApiKey('acme'), globex: newApiKey('globex') };
  const tenants = parseTenantsFile({
    omsAccounts: [{ kind: 'sandbox', id: 'shared' }],
    tenants: [
      { id: 'acme', name: 'Acme Market', omsAccount: 'shared', apiKeyHashes: [hashApiKey(keys.acme)], ...options.tenants?.acme },
      { id: 'globex', name: 'Globex Bazaar', omsAccount: 'shared', apiKeyHashes: [hashApiKey(keys.globex)], ...options.tenants?.globex },
    ],
  });
  // Limits high enough that no suite meets them by accident; the limit tests set their own.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    SESSION_SECRET: 'test-session-secret-of-at-least-32-chars',
    RATE_LIMIT_PER_MINUTE: '1000000',
    SELLER_SHARE: '1',
    ...options.env,
  });
  const sandbox = twin?.sandbox ?? createSandbox({ completionDelayMs: 5, followUpDelayMs: 5, ...options.sandbox });
  const account =
    twin?.account ?? embeddedAccount('shared', sandbox, { timeoutMs: config.omsTimeoutMs, fetch: options.omsFetch?.(sandbox.fetch) ?? sandbox.fetch });
  const events = options.events ?? createMemoryEventLog();
  const webhooks = createWebhookCounters();
  const sessionStore = options.sessionStore ?? twin?.sessionStore ?? createMemorySessionStore();
  const sellerIndex = twin?.sellerIndex ?? createMemorySellerIndex();
  const ownership = createOwnershipCache();
  const gateway = await startGateway({
    ownership,
    config,
    tenants,
    logger: options.logger ?? pino({ level: 'silent' }),
    accounts: [account],
    events,
    webhookCounters: webhooks,
    sessions: sessionStore,
    sellerIndex,
    ...(options.loaders ? { loaders: options.loaders } : {}),
    ...(options.cacheStore ? { cacheStore: options.cacheStore } : {}),
    ...(options.fanout ? { fanout: options.fanout } : {}),
    ...(options.fanoutCounters ? { fanoutCounters: options.fanoutCounters } : {}),
    ...(options.tracerProvider ? { tracerProvider: options.tracerProvider } : {}),
    ...(options.dashboard ? { dashboard: options.dashboard } : {}),
    playgroundToken: typeof options.playgroundToken === 'function' ? options.playgroundToken(keys) : options.playgroundToken,
  });
  return {
    gateway,
    sandbox,
    account,
    oms: createOmsClient({ baseUrl: sandbox.baseUrl, ...sandbox.accounts[0]!, fetch: sandbox.fetch }),
    events,
    webhooks,
    ownership,
    keys,
    sessions: createSessions({
      tokens: createSessionTokens({ secret: config.sessionSecret!, previousSecret: config.sessionSecretPrevious }),
      store: sessionStore,
    }),
    sessionStore,
    sellerIndex,
    async request(token, query, variables) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<any>;
    },
    async close() {
      await gateway.close();
      if (!twin) sandbox.close();
    },
  };
}
