import { hash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLError, parse } from 'graphql';
import { z } from 'zod';
import { ConfigError } from '../config.js';
import type { TenantConfig } from './tenants-file.js';

/**
 * Registered (trusted) documents, per tenant: the documents of the manifests its tenants-file entry
 * names (`persistedDocuments.manifests`), which its callers may name by hash, and whether its seller
 * tokens may run nothing else. A tenant sees only the manifests it was given: a hash from another
 * tenant's manifest is, for it, a hash nobody registered. Manifests are read once, at start-up;
 * one that cannot be read or is malformed stops it, naming the file and the problem.
 */
export interface PersistedDocuments {
  /** The text of the document `hash` (64 lowercase hex digits) names among this tenant's manifests; undefined when none does. */
  find(tenantId: string, hash: string): string | undefined;
  /** Whether this tenant's seller tokens may run only its registered documents. */
  sellerTokensRegisteredOnly(tenantId: string): boolean;
}

/** The SHA-256 of a document's UTF-8 text, as lowercase hex: what names it in a manifest and on the wire. */
export function documentHash(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * A manifest as graphql-codegen's client preset writes it (`persisted-documents.json`, with
 * `presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' } }`): one JSON object from
 * "sha256:<hex>" (the GraphQL-over-HTTP draft's document identifier; bare hex is taken too) to the
 * document's text, whose SHA-256 that is.
 */
const HASH_KEY = /^(?:sha256:)?([0-9a-f]{64})$/;
const manifestSchema = z.record(
  z.string().regex(HASH_KEY, 'expected "sha256:" and 64 lowercase hex digits (a manifest written with hashAlgorithm "sha256")'),
  z.string({ error: 'expected the document text, a string' }).min(1, 'expected the document text, a non-empty string'),
  { error: (issue) => (issue.code === 'invalid_type' ? 'expected a JSON object of "sha256:<hex>" hashes to document texts' : undefined) },
);

/** A manifest's documents by their bare hex hash; a ConfigError naming `path` and what is wrong with it. */
export function readManifest(path: string): ReadonlyMap<string, string> {
  const fail = (problem: string) => new ConfigError(`Persisted documents manifest ${path}: ${problem}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw fail((error as Error).message);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      // A key's own problem, rather than zod's "Invalid key in record".
      const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      return `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${message}`;
    });
    throw fail(problems.join('; '));
  }
  const documents = new Map<string, string>();
  for (const [key, text] of Object.entries(parsed.data)) {
    const hash = HASH_KEY.exec(key)![1]!;
    if (documentHash(text) !== hash) throw fail(`${key}: the document's SHA-256 is ${documentHash(text)}, not the hash it is listed under`);
    try {
      parse(text);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      throw fail(`${key}: the document does not parse: ${error.message}`);
    }
    documents.set(hash, text);
  }
  return documents;
}

/** Reads every manifest the tenants name (each file once, however many tenants share it). */
export function loadPersistedDocuments(tenants: readonly Pick<TenantConfig, 'id' | 'persistedDocuments'>[]): PersistedDocuments {
  const files = new Map<string, ReadonlyMap<string, string>>();
  const byTenant = new Map<string, { manifests: ReadonlyMap<string, string>[]; registeredOnly: boolean }>();
  for (const tenant of tenants) {
    const manifests = tenant.persistedDocuments.manifests.map((path) => {
      let manifest = files.get(path);
      if (!manifest) files.set(path, (manifest = readManifest(path)));
      return manifest;
    });
    byTenant.set(tenant.id, { manifests, registeredOnly: tenant.persistedDocuments.sellerTokensRegisteredOnly });
  }
  return {
    find(tenantId, hash) {
      for (const manifest of byTenant.get(tenantId)?.manifests ?? []) {
        const text = manifest.get(hash);
        if (text !== undefined) return text;
      }
      return undefined;
    },
    sellerTokensRegisteredOnly: (tenantId) => byTenant.get(tenantId)?.registeredOnly ?? false,
  };
}
