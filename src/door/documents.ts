import { createHash } from 'node:crypto';
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

/**
 * GraphQL documents, checked the same way for every transport: bytes first, then lexical tokens
 * (graphql-js `maxTokens` stops the parser there), then validation with the query limits. So an
 * oversized or abusive document costs microseconds to refuse, not a parse. Documents that pass are
 * kept in one LRU bounded in bytes, shared with Apollo as its document store; failures are never kept.
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
  /** What the cache may hold, counted as the documents' text length times AST_BYTES_PER_CHAR. Default 32 MiB. */
  cacheBytes?: number;
}

/** A parsed document with locations weighs roughly this many heap bytes per character of its text (measured on the test documents). */
const AST_BYTES_PER_CHAR = 12;

export function createDocuments(options: DocumentOptions): Documents {
  const rules = [...specifiedRules, ...options.rules, ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])];
  const cache = new LRUCache<string, { document: DocumentNode; chars: number }>({
    maxSize: options.cacheBytes ?? 32 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, entry.chars * AST_BYTES_PER_CHAR),
  });
  const hashOf = (query: string) => createHash('sha256').update(query).digest('hex');
  // Apollo prefixes its keys with a hash of the schema; one process has one schema.
  const queryHashOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);

  function prepare(query: string): DocumentNode | GatewayError[] {
    // UTF-8 takes 1 to 3 bytes per UTF-16 unit: most documents are decided without counting.
    if (query.length > options.maxBytes || (query.length * 3 > options.maxBytes && Buffer.byteLength(query, 'utf8') > options.maxBytes)) {
      return [new GatewayError(ErrorCode.REQUEST_TOO_LARGE, `The document is larger than ${options.maxBytes} bytes`)];
    }
    const hash = hashOf(query);
    const known = cache.get(hash);
    if (known) return known.document;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: options.maxTokens });
    } catch (error) {
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
    cache.set(hash, { document, chars: query.length });
    return document;
  }

  return {
    prepare,
    store: {
      get: async (key) => cache.get(queryHashOf(key))?.document,
      set: async (key, document) => {
        cache.set(queryHashOf(key), { document, chars: document.loc?.end ?? 1_000 });
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
