import { pino } from 'pino';
import type { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import type { EventLog } from '../../src/events/event-log.js';
import type { Sandbox } from '../../src/sandbox/app.js';
import type { SandboxOptionsInput } from '../../src/sandbox/options.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { hashApiKey, newApiKey } from '../../src/tenancy/api-keys.js';
import { parseTenantsFile, type TenantsFileSchema } from '../../src/tenancy/tenants-file.js';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; requestId?: string } & Record<string, unknown> }[];
}

/** What a test may set of a tenant's entry in the tenants file: everything but who it is and its keys. */
export type TenantOverrides = Partial<Omit<z.input<typeof TenantsFileSchema>['tenants'][number], 'id' | 'omsAccount' | 'apiKeyHashes'>>;

export interface TestGateway {
  gateway: Gateway;
  sandbox: Sandbox;
  /** API keys of the two tenants, which share one OMS account. */
  keys: { acme: string; globex: string };
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
    naiveLoaders?: boolean;
    env?: Record<string, string>;
    /** The token the playground offers: a fixed one, or picked from the keys made here. */
    playgroundToken?: string | ((keys: TestGateway['keys']) => string);
    /** The event log to use; in memory when not given. */
    events?: EventLog;
    /** Per tenant, fields of its tenants-file entry to set (e.g. `sellerTokens`); the rest as by default. */
    tenants?: Partial<Record<keyof TestGateway['keys'], TenantOverrides>>;
  } = {},
): Promise<TestGateway> {
  const keys = { acme: newApiKey('acme'), globex: newApiKey('globex') };
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
  const gateway = await startGateway({
    config,
    tenants,
    logger: pino({ level: 'silent' }),
    sandbox: { completionDelayMs: 5, followUpDelayMs: 5, ...options.sandbox },
    naiveLoaders: options.naiveLoaders ?? false,
    playgroundToken: typeof options.playgroundToken === 'function' ? options.playgroundToken(keys) : options.playgroundToken,
    ...(options.events ? { events: options.events } : {}),
  });
  return {
    gateway,
    sandbox: gateway.accounts.get('shared')!.sandbox!,
    keys,
    async request(token, query, variables) {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<any>;
    },
    close: () => gateway.close(),
  };
}
