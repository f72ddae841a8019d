import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import type { Tenant, TenantLimits } from './caller.js';
import { origin } from './origin.js';

/**
 * The tenants file: which OMS accounts the gateway talks to and which tenants (marketplaces) use
 * them. Several tenants may share one account. API keys are stored only as hashes
 * ("sha256:<hex>", see api-keys.ts). Example:
 *
 *   { "omsAccounts": [{ "kind": "oms", "id": "main", "baseUrl": "https://api.polygon.technology/v0.9",
 *                       "apiKey": "sk_live_…", "apiSecret": "…", "webhookSecrets": ["whsec_…"] }],
 *     "tenants": [{ "id": "acme", "name": "Acme Market", "omsAccount": "main",
 *                   "apiKeyHashes": ["sha256:…"],
 *                   "limits": { "requestsPerMinute": 1200, "sellerShare": 0.05, "socketsPerSeller": 4 },
 *                   "sellerTokens": { "allow": ["createWallet"], "sendAnywhere": false, "seeDeveloperFees": false },
 *                   "allowedOrigins": ["https://sellers.acme.example"] }] }
 *
 * Limits left out take the gateway-wide defaults of the config (RATE_LIMIT_PER_MINUTE, SELLER_SHARE,
 * WS_MAX_*); seller tokens get the default policy of src/tenancy/permissions.ts unless widened here.
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

const omsAccount = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('oms'),
    id,
    baseUrl: z.url({ protocol: /^https?$/ }),
    apiKey: z.string().min(1),
    apiSecret: z.string().min(1),
    /** The signing secrets of this account's webhook subscriptions: several during rotation, or one per subscription. */
    webhookSecrets: z.array(z.string().startsWith('whsec_', 'expected a whsec_ secret')).default([]),
    /** A sandbox OMS (OMS's own sandbox, or this project's served over HTTP): sandbox-only mutations work against it. */
    sandbox: z.boolean().default(false),
  }),
  /** The in-process sandbox (development and tests). */
  z.strictObject({ kind: z.literal('sandbox'), id }),
]);

const tenant = z.strictObject({
  id,
  name: z.string().min(1).max(100),
  omsAccount: id,
  apiKeyHashes: z.array(z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 hex digits')).min(1),
  /** Overrides of the gateway-wide defaults (config) for this tenant. */
  limits: z
    .strictObject({
      requestsPerMinute: z.number().int().positive(),
      sellerShare: z.number().gt(0).max(1),
      socketsPerTenant: z.number().int().positive(),
      socketsPerSeller: z.number().int().positive(),
      subscriptionsPerSocket: z.number().int().positive(),
    })
    .partial()
    .default({}),
  /** What this tenant's seller session tokens may do beyond the default (see src/tenancy/permissions.ts). */
  sellerTokens: z
    .strictObject({
      allow: z.array(z.enum(SELLER_WIDENABLE_MUTATIONS)).default([]),
      seeDeveloperFees: z.boolean().default(false),
      sendAnywhere: z.boolean().default(false),
    })
    .default({ allow: [], seeDeveloperFees: false, sendAnywhere: false }),
  /** Browser origins (scheme://host[:port]) of this tenant's dashboards, besides CORS_ALLOWED_ORIGINS. */
  allowedOrigins: z.array(origin).default([]),
});

export const TenantsFileSchema = z.strictObject({ omsAccounts: z.array(omsAccount).min(1), tenants: z.array(tenant).min(1) }).superRefine((file, ctx) => {
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
  });
});

export type TenantsFile = z.output<typeof TenantsFileSchema>;
export type TenantConfig = TenantsFile['tenants'][number];
export type OmsAccountConfig = TenantsFile['omsAccounts'][number];
/** An account as written in the file (defaults not yet applied). */
export type OmsAccountInput = z.input<typeof omsAccount>;

/** Validates a parsed tenants file; a problem is a ConfigError naming the field. */
export function parseTenantsFile(value: unknown, source = 'tenants file'): TenantsFile {
  const parsed = TenantsFileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`Invalid ${source}:\n${lines.join('\n')}`);
}

export function readTenantsFile(path: string): TenantsFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`TENANTS_FILE ${path}: ${(error as Error).message}`);
  }
  return parseTenantsFile(json, `TENANTS_FILE ${path}`);
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
