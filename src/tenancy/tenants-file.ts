import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import type { Tenant, TenantLimits } from './caller.js';
import { origin } from './origin.js';

/**
 * The tenants file: which OMS accounts the gateway talks to and which tenants (marketplaces) use
 * them. Several tenants may share one account. API keys are stored only as hashes ("sha256:<hex>",
 * see api-keys.ts). Every field is described below with .describe(): `npm run tenants-schema` writes
 * them into schema/tenants-file.schema.json (a JSON Schema for editors and reviewers), and
 * deploy/tenants.example.json shows every field. Limits left out take the gateway-wide defaults of
 * the config (RATE_LIMIT_PER_MINUTE, SELLER_SHARE, WS_MAX_*); seller tokens get the default policy of
 * src/tenancy/permissions.ts unless widened here.
 */

/** Mutations a tenant may open to its seller tokens (createQuote, executeQuote and revokeSellerSession are open by default). */
export const SELLER_WIDENABLE_MUTATIONS = [
  'createSeller',
  'createWallet',
  'createVirtualAccount',
  'updateVirtualAccount',
  'deleteVirtualAccount',
  'simulateDeposit',
  'createSellerSession',
  'createCashIn',
  'refreshCashIn',
  'simulateCashDeposit',
  'createDepositAddress',
  'updateDepositAddress',
  'deleteDepositAddress',
  'simulateCryptoDeposit',
  'updateSeller',
  'registerExternalAccount',
  'revokeSellerSessions',
] as const;

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected 1-40 lowercase letters, digits, _ or -');
const positive = z.number().int().positive();

const omsAccount = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('oms').describe("An OMS reached over HTTP: Polygon's OMS (sandbox or production), or `npm run sandbox`."),
      id: id.describe("This account's id: tenants name it in `omsAccount`, and OMS delivers its webhooks to /webhooks/oms/<id>."),
      baseUrl: z
        .url({ protocol: /^https?$/ })
        .describe('OMS base URL with its version prefix, e.g. https://api.polygon.technology/v0.9 or https://sandbox-api.polygon.technology/v0.9.'),
      apiKey: z.string().min(1).describe('The OMS API key (sk_live_… or sk_sdbx_…), exchanged with apiSecret at POST /auth/token.'),
      apiSecret: z.string().min(1).describe('The OMS API secret, shown once by OMS when the key was made.'),
      webhookSecrets: z
        .array(z.string().regex(/^whsec_/, 'expected a whsec_ secret'))
        .default([])
        .describe(
          "The whsec_ signing secrets of this account's webhook subscriptions that point at the gateway: one per subscription (normal and complianceOnly), old and new side by side during a rotation. `npm run webhooks -- register` prints them. Empty: every webhook is refused (401).",
        ),
      sandbox: z
        .boolean()
        .default(false)
        .describe('A sandbox OMS: the sandbox-only mutations (simulate*, registerExternalAccount, simulateKycDecision) work against it. Default false.'),
    })
    .describe('An OMS account of a real (or separately served) OMS.'),
  z
    .strictObject({
      kind: z.literal('sandbox').describe('The in-process OMS sandbox, for development and tests; the gateway subscribes itself to its webhooks.'),
      id: id.describe("This account's id, which tenants name in `omsAccount`."),
    })
    .describe('The embedded sandbox (development and tests only: its data lives in the process).'),
]);

const tenant = z
  .strictObject({
    id: id.describe("The tenant's id, stamped on the OMS customers (sellers) it creates: never change it once sellers exist."),
    name: z.string().min(1).max(100).describe('Display name, shown as `viewer { tenant { name } }`.'),
    omsAccount: id.describe("The id of the OMS account (in omsAccounts) this tenant's sellers live in. Several tenants may share one."),
    apiKeyHashes: z
      .array(z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 hex digits'))
      .min(1)
      .describe(
        'Hashes of the tenant\'s API keys ("sha256:" and 64 hex digits; `npm run hash-key -- <tenantId>` makes a key and its hash). Several keys let a key be rotated; each hash belongs to one tenant.',
      ),
    limits: z
      .strictObject({
        requestsPerMinute: positive.describe(
          'Operations per minute for the whole tenant (HTTP and graphql-ws alike, every token together). Default RATE_LIMIT_PER_MINUTE.',
        ),
        sellerShare: z
          .number()
          .gt(0)
          .max(1)
          .describe('The share (0 < share <= 1) of requestsPerMinute one seller may use, so one seller cannot starve the tenant. Default SELLER_SHARE.'),
        socketsPerTenant: positive.describe('Open graphql-ws sockets of the tenant, across every instance. Default WS_MAX_SOCKETS_PER_TENANT.'),
        socketsPerSeller: positive.describe(
          'Open graphql-ws sockets of one seller (all its session tokens together), across every instance. Default WS_MAX_SOCKETS_PER_SELLER.',
        ),
        subscriptionsPerSocket: positive.describe('Operations running at once on one graphql-ws socket. Default WS_MAX_SUBSCRIPTIONS_PER_SOCKET.'),
      })
      .partial()
      .default({})
      .describe('Overrides of the gateway-wide limits (environment) for this tenant; each one left out keeps its default.'),
    sellerTokens: z
      .strictObject({
        allow: z
          .array(z.enum(SELLER_WIDENABLE_MUTATIONS))
          .default([])
          .describe("Mutations this tenant's seller tokens may also run, besides createQuote, executeQuote and revokeSellerSession."),
        seeDeveloperFees: z
          .boolean()
          .default(false)
          .describe('Whether a seller token sees the developer-fee configuration of its virtual accounts. Default false.'),
        sendAnywhere: z
          .boolean()
          .default(false)
          .describe('Whether a seller token may quote and execute sends to destinations that are not its own (any blockchain address). Default false.'),
      })
      .default({ allow: [], seeDeveloperFees: false, sendAnywhere: false })
      .describe("What this tenant's seller session tokens may do beyond the default (src/tenancy/permissions.ts)."),
    allowedOrigins: z
      .array(origin)
      .default([])
      .describe(
        "Browser origins (scheme://host[:port], no path) of this tenant's seller dashboards, allowed besides CORS_ALLOWED_ORIGINS (CORS and graphql-ws).",
      ),
    persistedDocuments: z
      .strictObject({
        manifests: z
          .array(z.string().min(1))
          .default([])
          .describe(
            'Paths (relative to this file, or absolute) of persisted-documents.json manifests, as graphql-codegen\'s client preset writes them with `persistedDocuments: { hashAlgorithm: "sha256" }`: an object of "sha256:<hex>" (or bare hex) hashes to document texts. Callers of this tenant may name these documents by hash (extensions.persistedQuery.sha256Hash or documentId) instead of sending their text; no other tenant\'s. A manifest that cannot be read, or whose hash is not the SHA-256 of its text, stops start-up.',
          ),
        sellerTokensRegisteredOnly: z
          .boolean()
          .default(false)
          .describe(
            "Whether this tenant's seller session tokens may run only documents of these manifests (by hash, or as their exact text); anything else is refused with PERSISTED_QUERY_NOT_FOUND. Tenant API keys may always send any document. Default false.",
          ),
      })
      .default({ manifests: [], sellerTokensRegisteredOnly: false })
      .describe('Registered (trusted) documents: what callers may name by hash, and whether seller tokens are held to them.'),
  })
  .describe('A marketplace: its backend holds the API keys; its sellers are OMS customers of its OMS account.');

export const TenantsFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors (e.g. "../schema/tenants-file.schema.json"); ignored by the gateway.'),
    omsAccounts: z.array(omsAccount).min(1).describe('The OMS accounts the gateway talks to; ids are unique.'),
    tenants: z.array(tenant).min(1).describe('The marketplaces served; ids and API key hashes are unique, and each names an account of omsAccounts.'),
  })
  .describe("The gateway's tenants file (TENANTS_FILE): OMS accounts and the tenants using them. It holds OMS credentials and webhook secrets: keep it secret.")
  .superRefine((file, ctx) => {
    const accounts = new Set<string>();
    file.omsAccounts.forEach((account, i) => {
      if (accounts.has(account.id)) ctx.addIssue({ code: 'custom', path: ['omsAccounts', i, 'id'], message: `duplicate OMS account id ${account.id}` });
      accounts.add(account.id);
    });
    const tenants = new Set<string>();
    const hashes = new Set<string>();
    file.tenants.forEach((t, i) => {
      if (tenants.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tenants', i, 'id'], message: `duplicate tenant id ${t.id}` });
      tenants.add(t.id);
      if (!accounts.has(t.omsAccount)) ctx.addIssue({ code: 'custom', path: ['tenants', i, 'omsAccount'], message: `no OMS account ${t.omsAccount}` });
      t.apiKeyHashes.forEach((hash, j) => {
        if (hashes.has(hash)) ctx.addIssue({ code: 'custom', path: ['tenants', i, 'apiKeyHashes', j], message: 'this key hash is already used' });
        hashes.add(hash);
      });
      if (t.persistedDocuments.sellerTokensRegisteredOnly && t.persistedDocuments.manifests.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', i, 'persistedDocuments', 'manifests'],
          message: 'sellerTokensRegisteredOnly needs at least one manifest: without one, seller tokens could run nothing',
        });
      }
    });
  });

export type TenantsFile = z.output<typeof TenantsFileSchema>;
export type TenantConfig = TenantsFile['tenants'][number];
export type OmsAccountConfig = TenantsFile['omsAccounts'][number];
/** An account as written in the file (defaults not yet applied). */
export type OmsAccountInput = z.input<typeof omsAccount>;
/** A tenant as written in the file (defaults not yet applied). */
export type TenantInput = z.input<typeof tenant>;

/**
 * Validates a parsed tenants file; a problem is a ConfigError naming the field. Relative paths in it
 * (persisted-document manifests) are made absolute against `directory` (default: the working directory).
 */
export function parseTenantsFile(value: unknown, source = 'tenants file', directory = process.cwd()): TenantsFile {
  const parsed = TenantsFileSchema.safeParse(value);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`Invalid ${source}:\n${lines.join('\n')}`);
  }
  for (const t of parsed.data.tenants) t.persistedDocuments.manifests = t.persistedDocuments.manifests.map((path) => resolve(directory, path));
  return parsed.data;
}

export function readTenantsFile(path: string): TenantsFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`TENANTS_FILE ${path}: ${(error as Error).message}`);
  }
  return parseTenantsFile(json, `TENANTS_FILE ${path}`, dirname(resolve(path)));
}

/** A tenant as the gateway uses it: the file's entry with the gateway-wide default limits filled in. */
export function tenantFrom(entry: TenantConfig, defaults: TenantLimits): Tenant {
  return {
    id: entry.id,
    name: entry.name,
    omsAccountId: entry.omsAccount,
    limits: { ...defaults, ...entry.limits },
    sellers: entry.sellerTokens,
    allowedOrigins: entry.allowedOrigins,
  };
}

/**
 * The JSON Schema of the file as written (so defaulted fields are optional), with the descriptions
 * above; schema/tenants-file.schema.json is this, committed. The cross-field checks of superRefine
 * (unique ids and hashes, known accounts) have no JSON Schema form: the descriptions say them.
 */
export function tenantsFileJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(TenantsFileSchema, { io: 'input', target: 'draft-2020-12' }), title: 'OMS GraphQL gateway tenants file' };
}
