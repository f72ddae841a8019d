import { hash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { getOperationAST } from 'graphql';
import { LRUCache } from 'lru-cache';
import { lruClock, type ReadCache, type ReadRecord } from '../cache/index.js';
import type { Admission } from '../door/door.js';
import type { Caller } from '../tenancy/caller.js';
import type { GatewayContext } from './context.js';

/**
 * Whole answers to queries, reused for the same caller, document and variables while everything they
 * were built from is unchanged. An answer is kept only when every read it made went through the read
 * cache (its record untainted: no OMS call around it, no write) and it has no errors; it is reused
 * only while each scope it read (a customer, the tenant's seller index) still has the generation it
 * read, checked in the shared store before answering, so a webhook or write on any instance ends it as
 * it ends the entries it was built from. Per instance, in memory, kept as the JSON sent: a repeat
 * costs a few generation reads, no execution and no serialization.
 */
export interface AnswerCache {
  /** Keeps answers as Apollo sends them (an Apollo plugin). */
  readonly plugin: ApolloServerPlugin<GatewayContext>;
  /** The JSON body of an admitted query's kept answer, if it still holds; undefined: run it (a mutation, or nothing kept). */
  lookup(
    admission: Pick<Admission, 'caller' | 'document' | 'operationName'>,
    body: { query?: unknown; operationName?: unknown; variables?: unknown },
  ): Promise<string | undefined>;
  readonly counts: AnswerCounts;
}

export interface AnswerCounts {
  hits: number;
  stored: number;
  /** Kept answers found stale (a generation moved) and built again. */
  stale: number;
}

/** Answers kept per instance; the least recently used go first. */
const MAX_ANSWERS = 1_000;

interface Kept {
  generations: [string, string][];
  json: string;
}

export function createAnswerCache(cache: ReadCache): AnswerCache {
  const answers = new LRUCache<string, Kept>({ max: MAX_ANSWERS, ttl: cache.maxAgeMs, ...lruClock(cache.now) });
  const counts: AnswerCounts = { hits: 0, stored: 0, stale: 0 };
  // Undefined for variables too deep to write out (a hostile input the query itself will refuse): nothing kept.
  const keyOf = (caller: Caller, queryHash: string, operationName: unknown, variables: unknown): string | undefined => {
    // Most queries send no variables: no need to write out `{}` each time.
    const vars = variables === undefined || variables === null ? '{}' : canonicalJson(variables);
    return vars === undefined ? undefined : `${identity(caller)}\u0000${queryHash}\u0000${typeof operationName === 'string' ? operationName : ''}\u0000${vars}`;
  };
  return {
    counts,
    async lookup({ caller, document, operationName }, body) {
      if (typeof body.query !== 'string' || getOperationAST(document, operationName)?.operation !== 'query' || answers.size === 0) return undefined;
      // The request's own operationName, as Apollo's request has it when the answer is kept.
      const key = keyOf(caller, hash('sha256', body.query, 'hex'), body.operationName, body.variables);
      if (key === undefined) return undefined;
      const kept = answers.get(key);
      if (!kept) return undefined;
      if (!(await unchanged(cache, kept.generations))) {
        counts.stale += 1;
        answers.delete(key);
        return undefined;
      }
      counts.hits += 1;
      return kept.json;
    },
    plugin: {
      async requestDidStart() {
        return {
          async willSendResponse({ operation, queryHash, request, response, contextValue }) {
            if (operation?.operation !== 'query' || queryHash === undefined || response.body.kind !== 'single') return;
            const { singleResult } = response.body;
            if (singleResult.errors !== undefined || !reusable(contextValue.reads)) return;
            // The same JSON Apollo sends (runHttpQuery's prettyJSONStringify).
            const json = `${JSON.stringify({ errors: singleResult.errors, data: singleResult.data, extensions: singleResult.extensions })}\n`;
            const key = keyOf(contextValue.caller, queryHash, request.operationName, request.variables);
            if (key === undefined) return;
            // No longer than the oldest entry it was built from may still be served.
            const { oldest } = contextValue.reads;
            const left = oldest === undefined ? cache.maxAgeMs : cache.maxAgeMs - (cache.now() - oldest);
            if (left <= 0) return;
            answers.set(key, { generations: [...contextValue.reads.generations], json }, { ttl: left });
            counts.stored += 1;
          },
        };
      },
    },
  };
}

/**
 * Whose answer it is: the caller's tenant, role and seller (its visibility, cursors and permissions
 * follow from them), and a seller token's session, since an answer may name it (Viewer.sessionId,
 * which signing out sends back): two sessions of one seller never share an answer.
 */
function identity(caller: Caller): string {
  return caller.role === 'seller' ? `${caller.tenant.id}\u0000seller\u0000${caller.sellerId}\u0000${caller.sessionId}` : `${caller.tenant.id}\u0000tenant`;
}

/** Built from the read cache alone: read once execution is over. */
function reusable(reads: ReadRecord): boolean {
  return !reads.tainted;
}

async function unchanged(cache: ReadCache, generations: [string, string][]): Promise<boolean> {
  try {
    const now = await Promise.all(generations.map(([scope]) => cache.store.generation(scope)));
    return now.every((generation, i) => generation === generations[i]![1]);
  } catch {
    return false;
  }
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` variables name one answer; undefined when too deep to write. */
function canonicalJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value, (_key, inner: unknown) =>
      inner && typeof inner === 'object' && !Array.isArray(inner)
        ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : inner,
    );
  } catch {
    return undefined;
  }
}
