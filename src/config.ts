import { z } from 'zod';
import { origin } from './tenancy/origin.js';
import type { RedisNode, RedisTarget } from './redis/connect.js';
import type { TenantLimits } from './tenancy/caller.js';

/**
 * The process configuration, read from the environment by zod. This file is the only reader of
 * process.env: everything else receives the parsed Config. A bad value stops start-up with a message
 * that names the variable.
 */

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().min(0);

const bool = z.enum(['true', 'false']).transform((value) => value === 'true');
const count = z.coerce.number().int().min(1);
/** "a, b,,c" as ["a", "b", "c"]. */
const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** "host:port" ("[v6 address]:port" too) as a node of a Redis Cluster. */
const redisNode = z
  .string()
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):\d{1,5}$/, 'each node must be host:port')
  .transform((entry): RedisNode => {
    const at = entry.lastIndexOf(':');
    return { host: entry.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port: Number(entry.slice(at + 1)) };
  })
  .refine((node) => node.port >= 1 && node.port <= 65535, 'each node needs a port from 1 to 65535');

const EnvSchema = z
  .object({
    /** production turns introspection and field suggestions off (unless GRAPHQL_INTROSPECTION=true). */
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    GRAPHQL_INTROSPECTION: bool.optional(),
    /** The GraphiQL playground (GET /graphql in a browser, and its files): on unless NODE_ENV=production. */
    PLAYGROUND: z
      .enum(['on', 'off'], { error: 'must be on or off' })
      .transform((value) => value === 'on')
      .optional(),
    /** Largest GraphQL document, in UTF-8 bytes, and most lexical tokens: refused before parsing. */
    GRAPHQL_MAX_DOCUMENT_BYTES: count.default(64 * 1024),
    GRAPHQL_MAX_TOKENS: count.default(3_000),
    /** Largest HTTP request body (document and variables) and graphql-ws frame. */
    HTTP_MAX_BODY_BYTES: count.default(128 * 1024),
    WS_MAX_PAYLOAD_BYTES: count.default(64 * 1024),
    /** How long one query or mutation may take, OMS calls and their retries included. */
    OPERATION_DEADLINE_MS: count.default(10_000),
    /** Defaults of every tenant's limits; the tenants file overrides them per tenant. */
    RATE_LIMIT_PER_MINUTE: count.default(600),
    SELLER_SHARE: z.coerce.number().gt(0).max(1).default(0.1),
    WS_MAX_SOCKETS_PER_TENANT: count.default(10_000),
    WS_MAX_SOCKETS_PER_SELLER: count.default(10),
    WS_MAX_SUBSCRIPTIONS_PER_SOCKET: count.default(20),
    /** Comma-separated browser origins allowed for every tenant (CORS and graphql-ws); tenants add their own. */
    CORS_ALLOWED_ORIGINS: commaList.pipe(z.array(origin)).default([]),
    PORT: port.default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** GET /metrics on this port alone (same HOST), off the public one; unset: /metrics on PORT. */
    METRICS_PORT: port.optional(),
    /** After SIGTERM, how long /readyz answers 503 while requests are still served, before the drain. */
    SHUTDOWN_DELAY_MS: positiveMs.max(600_000).default(0),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    /** A Redis Cluster instead of one server: comma-separated host:port of some of its nodes (the rest are discovered). */
    REDIS_CLUSTER_NODES: commaList.pipe(z.array(redisNode).min(1, 'must name at least one host:port')).optional(),
    /** A real (or external) OMS. Unset: the embedded sandbox. */
    OMS_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    OMS_API_KEY: z.string().min(1).optional(),
    OMS_API_SECRET: z.string().min(1).optional(),
    OMS_TIMEOUT_MS: positiveMs.default(10_000),
    /** The OMS at OMS_BASE_URL is a sandbox (OMS's own, or `npm run sandbox`): sandbox-only mutations (simulate*) work. */
    OMS_SANDBOX: z.stringbool().default(false),
    /** Comma-separated whsec_ secrets of the OMS webhook subscriptions pointing at this gateway. */
    OMS_WEBHOOK_SECRETS: commaList.refine((secrets) => secrets.every((s) => s.startsWith('whsec_')), 'each secret must start with whsec_').optional(),
    /** Sandbox credentials; generated at start when unset. */
    SANDBOX_API_KEY: z.string().regex(/^sk_/, 'must start with sk_').optional(),
    SANDBOX_API_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /** How long a sandbox transaction stays processing before it completes. */
    SANDBOX_COMPLETION_DELAY_MS: positiveMs.default(2_000),
    SANDBOX_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).default(3600),
    /** JSON file of OMS accounts and tenants (see src/tenancy/tenants-file.ts). Unset: the embedded sandbox and a demo tenant. */
    TENANTS_FILE: z.string().min(1).optional(),
    /** The demo tenant's API key when running the embedded sandbox; generated when unset. */
    DEMO_TENANT_API_KEY: z
      .string()
      .regex(/^gw_[A-Za-z0-9_-]{16,}$/, 'must look like gw_ followed by at least 16 letters, digits, _ or -')
      .optional(),
    /** Signs seller session tokens; every instance must share it. Generated when unset (one instance only). */
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * Rotating SESSION_SECRET: set this to the old secret and SESSION_SECRET to the new one. Tokens the
     * old one signed are still accepted (none is signed with it) until it is unset: keep it for a day
     * (86400 s, the longest session), by when every such token has expired. A token signed with any
     * other key is refused. Cursors are sealed with keys derived from SESSION_SECRET alone, so a cursor
     * given out before the rotation is refused (BAD_USER_INPUT) after it: the client pages from the start.
     * A leaked secret is not rotated this way: replace it and leave this unset, ending every session.
     */
    SESSION_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters').optional(),
    /** How many OMS calls one GraphQL request may have in flight at once. */
    /**
     * The read cache's safety net: the longest an OMS object is served from the cache, webhooks or not
     * (OMS may change what it never announces). 0 turns the cache off: every read goes to OMS.
     */
    CACHE_MAX_AGE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    OMS_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
    /**
     * What executes queries and mutations over HTTP: `jit`, graphql-jit's compiled queries (see
     * src/graphql/executor.ts for why and what falls back), or `graphql-js`, Apollo's own execution.
     */
    GRAPHQL_EXECUTOR: z.enum(['jit', 'graphql-js']).default('jit'),
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
    GRAPHQL_MAX_COST: z.coerce.number().int().min(100).default(20_000),
    /** Largest OMS webhook body accepted, in bytes; a larger one is answered 413 unread. */
    WEBHOOK_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(256 * 1024),
    /**
     * Tracing (src/tracing) is on when either is set: OpenTelemetry's own variables, spelled as its
     * specification spells them. The base endpoint gets /v1/traces appended; the traces endpoint is used
     * as it is. The SDK itself reads its other standard variables (OTEL_EXPORTER_OTLP_HEADERS,
     * OTEL_EXPORTER_OTLP_TIMEOUT, OTEL_TRACES_SAMPLER, ...).
     */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default('oms-graphql-gateway'),
  })
  .superRefine((env, ctx) => {
    if (env.REDIS_URL && env.REDIS_CLUSTER_NODES) {
      ctx.addIssue({
        code: 'custom',
        path: ['REDIS_CLUSTER_NODES'],
        message: 'cannot be set together with REDIS_URL: set REDIS_URL for one Redis server, or REDIS_CLUSTER_NODES for a Redis Cluster',
      });
    }
    if (env.SESSION_SECRET_PREVIOUS && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET_PREVIOUS'], message: 'needs SESSION_SECRET (the new secret) beside it' });
    }
    if (!env.OMS_BASE_URL) return;
    for (const name of ['OMS_API_KEY', 'OMS_API_SECRET'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required when OMS_BASE_URL is set' });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  metricsPort: number | undefined;
  shutdownDelayMs: number;
  logLevel: Env['LOG_LEVEL'];
  /** REDIS_URL as given (undefined with a Cluster): `redis` below says where Redis is, either way. */
  redisUrl: string | undefined;
  /** The Redis every instance shares: REDIS_URL, or REDIS_CLUSTER_NODES as a Cluster's nodes; undefined: none (one process, in memory). */
  redis: RedisTarget | undefined;
  /** Undefined: run against the embedded sandbox. */
  oms: { baseUrl: string; apiKey: string; apiSecret: string; timeoutMs: number; webhookSecrets: string[]; sandbox: boolean } | undefined;
  omsTimeoutMs: number;
  /** The read cache's maximum age of an entry; 0: no cache. */
  cacheMaxAgeMs: number;
  sandbox: {
    apiKey: string | undefined;
    apiSecret: string | undefined;
    completionDelayMs: number;
    tokenTtlSeconds: number;
  };
  tenantsFile: string | undefined;
  demoTenantApiKey: string | undefined;
  sessionSecret: string | undefined;
  /** The secret before the last rotation: its tokens are still accepted, never signed. */
  sessionSecretPrevious: string | undefined;
  omsMaxConcurrency: number;
  graphql: { maxDepth: number; maxCost: number; executor: Env['GRAPHQL_EXECUTOR'] };
  webhookMaxBytes: number;
  production: boolean;
  /** Whether the playground is served (PLAYGROUND; on unless production). */
  playground: boolean;
  /** What the door enforces on every operation, whatever its transport. */
  door: {
    introspection: boolean;
    maxDocumentBytes: number;
    maxTokens: number;
    maxBodyBytes: number;
    maxPayloadBytes: number;
    deadlineMs: number;
    allowedOrigins: string[];
  };
  /** Every tenant's limits unless the tenants file says otherwise. */
  limits: TenantLimits;
  /** Where spans are exported (OTLP over HTTP); undefined: no tracing at all. */
  tracing: { tracesUrl: string; serviceName: string } | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment (process.env unless given); throws a ConfigError naming each bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    metricsPort: env.METRICS_PORT,
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS,
    logLevel: env.LOG_LEVEL,
    redisUrl: env.REDIS_URL,
    redis: env.REDIS_CLUSTER_NODES ? { clusterNodes: env.REDIS_CLUSTER_NODES } : env.REDIS_URL,
    oms: env.OMS_BASE_URL
      ? {
          baseUrl: env.OMS_BASE_URL,
          apiKey: env.OMS_API_KEY!,
          apiSecret: env.OMS_API_SECRET!,
          timeoutMs: env.OMS_TIMEOUT_MS,
          webhookSecrets: env.OMS_WEBHOOK_SECRETS ?? [],
          sandbox: env.OMS_SANDBOX,
        }
      : undefined,
    omsTimeoutMs: env.OMS_TIMEOUT_MS,
    cacheMaxAgeMs: env.CACHE_MAX_AGE_MS,
    sandbox: {
      apiKey: env.SANDBOX_API_KEY,
      apiSecret: env.SANDBOX_API_SECRET,
      completionDelayMs: env.SANDBOX_COMPLETION_DELAY_MS,
      tokenTtlSeconds: env.SANDBOX_TOKEN_TTL_SECONDS,
    },
    tenantsFile: env.TENANTS_FILE,
    demoTenantApiKey: env.DEMO_TENANT_API_KEY,
    sessionSecret: env.SESSION_SECRET,
    sessionSecretPrevious: env.SESSION_SECRET_PREVIOUS,
    omsMaxConcurrency: env.OMS_MAX_CONCURRENCY,
    graphql: { maxDepth: env.GRAPHQL_MAX_DEPTH, maxCost: env.GRAPHQL_MAX_COST, executor: env.GRAPHQL_EXECUTOR },
    webhookMaxBytes: env.WEBHOOK_MAX_BYTES,
    production: env.NODE_ENV === 'production',
    playground: env.PLAYGROUND ?? env.NODE_ENV !== 'production',
    door: {
      introspection: env.GRAPHQL_INTROSPECTION ?? env.NODE_ENV !== 'production',
      maxDocumentBytes: env.GRAPHQL_MAX_DOCUMENT_BYTES,
      maxTokens: env.GRAPHQL_MAX_TOKENS,
      maxBodyBytes: env.HTTP_MAX_BODY_BYTES,
      maxPayloadBytes: env.WS_MAX_PAYLOAD_BYTES,
      deadlineMs: env.OPERATION_DEADLINE_MS,
      allowedOrigins: env.CORS_ALLOWED_ORIGINS,
    },
    limits: {
      requestsPerMinute: env.RATE_LIMIT_PER_MINUTE,
      sellerShare: env.SELLER_SHARE,
      socketsPerTenant: env.WS_MAX_SOCKETS_PER_TENANT,
      socketsPerSeller: env.WS_MAX_SOCKETS_PER_SELLER,
      subscriptionsPerSocket: env.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
    },
    tracing: tracingOf(env),
  };
}

/** The OTLP/HTTP traces URL as the OpenTelemetry specification derives it, when either endpoint is set. */
function tracingOf(env: Env): Config['tracing'] {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base && `${base.replace(/\/+$/, '')}/v1/traces`);
  return tracesUrl ? { tracesUrl, serviceName: env.OTEL_SERVICE_NAME } : undefined;
}
