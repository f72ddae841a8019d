import { hash } from 'node:crypto';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { ErrorCode, GatewayError } from '../errors.js';
import { documentDepth, MAX_DOCUMENT_DEPTH } from '../graphql/nesting.js';

/**
 * GraphQL documents, checked the same way for every transport: bytes first, then how deep brackets
 * nest (graphql-js's parser recurses), then lexical tokens (graphql-js `maxTokens` stops the parser
 * there), then validation with the query limits. So an oversized or abusive document costs
 * microseconds to refuse, not a parse. Documents that pass are kept in one LRU bounded in bytes
 * (weighed by their tokens), shared with Apollo as its document store; failures are never kept.
 */
export interface Documents {
  /** The parsed and validated document, or the errors that refuse it (codes as the door answers them). */
  prepare(query: string): DocumentNode | GatewayError[];
  /** The same cache as Apollo's `documentStore` (Apollo keys it `<schema hash>:<sha256 of the query>`). */
  readonly store: DocumentStore;
}

export interface DocumentStore {
  get(key: string): Promise<DocumentNode | undefined>;
  set(key: string, value: DocumentNode): Promise<void>;
  delete(key: string): Promise<boolean>;
}

export interface DocumentOptions {
  schema: GraphQLSchema;
  /** Rules beyond graphql-js's own (the query limits). */
  rules: readonly ValidationRule[];
  maxBytes: number;
  maxTokens: number;
  /** Off: introspection is refused and validation messages suggest no field names. */
  introspection: boolean;
  /** What the cache may hold, each document weighed by weigh(). Default 32 MiB. */
  cacheBytes?: number;
}

/**
 * Heap bytes per lexical token of a parsed document with locations, an upper bound measured with
 * `node --expose-gc` on documents from 13 to 2,835 tokens (184 to 389 bytes; each token is an object
 * in a linked list the locations keep alive, beside the AST nodes). Tokens, not characters: a long
 * string is one token, `[] [] []` is many.
 */
const BYTES_PER_TOKEN = 400;

/** What a cached document costs the heap, by its tokens (the cache's size calculation). */
export function weigh(document: DocumentNode): number {
  let tokens = 0;
  for (let token = document.loc?.startToken; token; token = token.next ?? undefined) tokens += 1;
  return Math.max(1, tokens) * BYTES_PER_TOKEN;
}

export function createDocuments(options: DocumentOptions): Documents {
  const rules = [...specifiedRules, ...options.rules, ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const cache = new LRUCache<string, DocumentNode>({ maxSize: options.cacheBytes ?? 32 * 1024 * 1024, sizeCalculation: weigh });
  const hashOf = (query: string) => hash('sha256', query, 'hex');
  // Apollo prefixes its keys with a hash of the schema; one process has one schema.
  const queryHashOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);

  function prepare(query: string): DocumentNode | GatewayError[] {
    // UTF-8 takes 1 to 3 bytes per UTF-16 unit: most documents are decided without counting.
    if (query.length > options.maxBytes || (query.length * 3 > options.maxBytes && Buffer.byteLength(query, 'utf8') > options.maxBytes)) {
      return [new GatewayError(ErrorCode.REQUEST_TOO_LARGE, `The document is larger than ${options.maxBytes} bytes`)];
    }
    const hash = hashOf(query);
    const known = cache.get(hash);
    if (known) return known;
    if (documentDepth(query, MAX_DOCUMENT_DEPTH) > MAX_DOCUMENT_DEPTH) {
      return [new GatewayError(ErrorCode.QUERY_TOO_COMPLEX, `The document nests its brackets more than ${MAX_DOCUMENT_DEPTH} levels deep`)];
    }
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: options.maxTokens });
    } catch (error) {
      // The depth scan above should keep graphql-js's recursive parser off the stack's end; should a
      // document still reach it, that is a document too complex, never an internal error.
      if (error instanceof RangeError) return [new GatewayError(ErrorCode.QUERY_TOO_COMPLEX, 'The document nests too deeply to parse')];
      if (!(error instanceof GraphQLError)) throw error;
      return [
        // graphql-js 16 says "more that N tokens".
        /more tha[nt] \d+ tokens/.test(error.message)
          ? new GatewayError(ErrorCode.QUERY_TOO_COMPLEX, `The document has more than ${options.maxTokens} tokens`)
          : new GatewayError(ErrorCode.GRAPHQL_PARSE_FAILED, error.message, { source: error.source, positions: error.positions }),
      ];
    }
    const errors = validate(options.schema, document, rules);
    if (errors.length > 0) return errors.map((error) => refusal(error, options.introspection));
    cache.set(hash, document);
    return document;
  }

  return {
    prepare,
    store: {
      get: async (key) => cache.get(queryHashOf(key)),
      set: async (key, document) => {
        cache.set(queryHashOf(key), document);
      },
      delete: async (key) => cache.delete(queryHashOf(key)),
    },
  };
}

/** A validation error as the door answers it: query limits are QUERY_TOO_COMPLEX, the rest GRAPHQL_VALIDATION_FAILED. */
function refusal(error: GraphQLError, suggestions: boolean): GatewayError {
  const tooComplex = error.extensions.code === ErrorCode.QUERY_TOO_COMPLEX;
  // As Apollo's hideSchemaDetailsFromClientErrors: no "Did you mean …?" listing the schema's names.
  const message = (suggestions ? error.message : error.message.replace(/ ?Did you mean(.+?)\?$/, '')).replace(/^Syntax Error: /, '');
  return new GatewayError(tooComplex ? ErrorCode.QUERY_TOO_COMPLEX : ErrorCode.GRAPHQL_VALIDATION_FAILED, message, {
    source: error.source,
    positions: error.positions,
  });
}
