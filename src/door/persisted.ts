import { z } from 'zod';
import { ErrorCode, GatewayError } from '../errors.js';
import type { Caller } from '../tenancy/caller.js';
import { documentHash, type PersistedDocuments } from '../tenancy/persisted-documents.js';

/**
 * Which document a request runs: the text it sent, or the registered document it named by hash, in
 * either wire form clients use:
 * - `extensions: { persistedQuery: { version: 1, sha256Hash } }` (Apollo Client's persisted-query
 *   link, urql's persistedExchange, and any graphql-ws or graphql-sse client that sends extensions);
 * - `documentId` (the GraphQL-over-HTTP draft's persisted documents: "sha256:<hex>", or bare hex).
 * With a hash, `query` is left out, null or '' (graphql-ws's messages must carry a string).
 *
 * A tenant key may send any text, and may name its tenant's registered documents. A seller token may
 * too, unless its tenant holds seller tokens to registered documents: then what it sends must be one,
 * by hash or as its exact text. The text is accepted because it is the very document the tenant
 * registered (its SHA-256 says so), so refusing it would protect nothing, and clients that fall back
 * to text (Apollo's link after PERSISTED_QUERY_NOT_FOUND, a client without hashes) keep working.
 */

/** "sha256:" and 64 lowercase hex digits, or the 64 digits alone: the SHA-256 hex document identifier. */
const HASH = /^(?:sha256:)?([0-9a-f]{64})$/;
const HASH_EXPECTED = 'expected 64 lowercase hex digits of a SHA-256 hash, optionally after "sha256:"';

const persistedQuerySchema = z.object(
  {
    version: z.literal(1, { error: 'expected 1, the only version of the persisted query protocol' }),
    sha256Hash: z.string({ error: `expected a string, ${HASH_EXPECTED}` }).regex(HASH, HASH_EXPECTED),
  },
  { error: 'expected an object { version: 1, sha256Hash }' },
);
const documentIdSchema = z.string({ error: `expected a string, ${HASH_EXPECTED}` }).regex(HASH, HASH_EXPECTED);

export interface DocumentRequest {
  query: unknown;
  /** Checked by the door already: an object, null or absent. */
  extensions?: unknown;
  documentId?: unknown;
}

const badRequest = (message: string) => new GatewayError(ErrorCode.BAD_REQUEST, message);

/** The field of `value` at `path`, or a BAD_REQUEST naming it and what was expected. */
function field<T>(schema: z.ZodType<T>, value: unknown, path: string): T | GatewayError {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  return badRequest(`\`${[path, ...issue.path].join('.')}\`: ${issue.message}`);
}

/** The hash the request names (bare hex), if any; a BAD_REQUEST for a malformed one, or two that differ. */
function hashOf(request: DocumentRequest): { hash: string; field: string } | undefined | GatewayError {
  const extensions = (request.extensions ?? {}) as Record<string, unknown>;
  let fromExtensions: string | undefined;
  if (extensions.persistedQuery !== undefined && extensions.persistedQuery !== null) {
    const persistedQuery = field(persistedQuerySchema, extensions.persistedQuery, 'extensions.persistedQuery');
    if (persistedQuery instanceof GatewayError) return persistedQuery;
    fromExtensions = HASH.exec(persistedQuery.sha256Hash)![1]!;
  }
  if (request.documentId === undefined || request.documentId === null) {
    return fromExtensions === undefined ? undefined : { hash: fromExtensions, field: 'extensions.persistedQuery.sha256Hash' };
  }
  const documentId = field(documentIdSchema, request.documentId, 'documentId');
  if (documentId instanceof GatewayError) return documentId;
  const hash = HASH.exec(documentId)![1]!;
  if (fromExtensions !== undefined && fromExtensions !== hash) {
    return badRequest('`documentId` and `extensions.persistedQuery.sha256Hash` name different documents: send one of them');
  }
  return { hash, field: 'documentId' };
}

const notFound = (message: string) => new GatewayError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, message);

/** The text of the document `request` runs for `caller`, or why it may not run. */
export function documentTextOf(request: DocumentRequest, caller: Caller, registered: PersistedDocuments): string | GatewayError {
  const { query } = request;
  if (query !== undefined && query !== null && typeof query !== 'string') {
    return badRequest('Expected `query`, a GraphQL document as a string');
  }
  const named = hashOf(request);
  if (named instanceof GatewayError) return named;
  const tenantId = caller.tenant.id;
  if (!query) {
    if (!named) {
      return badRequest(
        'Expected `query`, a GraphQL document as a non-empty string, or the hash of a registered document in `extensions.persistedQuery.sha256Hash` or `documentId`',
      );
    }
    // Another tenant's document is, for this one, a document nobody registered.
    return registered.find(tenantId, named.hash) ?? notFound(`No document registered for this tenant has the hash ${named.hash}`);
  }
  const hash = named || (caller.role === 'seller' && registered.sellerTokensRegisteredOnly(tenantId)) ? documentHash(query) : undefined;
  if (named && named.hash !== hash) return badRequest(`\`${named.field}\` is not the SHA-256 of \`query\`: send one of them, or both for the same document`);
  if (caller.role === 'seller' && registered.sellerTokensRegisteredOnly(tenantId) && registered.find(tenantId, hash!) === undefined) {
    return notFound(
      'This tenant runs only registered documents for seller session tokens, and this one is not registered: send the hash of a registered document (`extensions.persistedQuery.sha256Hash` or `documentId`)',
    );
  }
  return query;
}
