import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { type DocumentNode, type ExecutionResult, execute, GraphQLError, type GraphQLSchema, getOperationAST, printSchema, visit, BREAK } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { weigh } from '../door/documents.js';
import type { GatewayContext } from './context.js';
import { jitSchema } from './jit-schema.js';

/**
 * Queries over HTTP run as graphql-jit compiled them (GRAPHQL_EXECUTOR=jit, the default), not through
 * graphql-js's execute. Why: with nothing cached, graphql-js's execution (executeFields,
 * getArgumentValues, completeValue, promiseForObject, one resolve info per field) was about a
 * quarter of the gateway's allocations on the dashboard query. Compiled, with type-graphql's plain
 * reads inlined (jit-schema.ts), the dashboard query (60 KB, 112 OMS calls) costs the gateway less
 * CPU: 0.81x at 1 and 0.79x at 8 concurrent in one process alternating both executors in batches
 * (.prof-style harness: 20 ms per OMS call, client included). `npx tsx bench/textbook/main.ts`, run
 * once with BENCH_GRAPHQL_EXECUTOR=graphql-js, once with jit, is too noisy on a shared 2-core machine
 * to show it alone: its CPU ratio to the textbook went from 0.61x/0.56x/0.51x to 0.57x/0.52x/0.48x at
 * 1/8/32 concurrent in one pair of runs (load 5 to 7), from 0.60x/0.56x/0.53x to 0.61x/0.44x/0.46x in
 * another (load 4 to 6.5).
 *
 * Apollo Server 5 has no executor option; its `gateway` hook (load() answering { schema, executor })
 * is the way in, and nothing else of a gateway is used. Every answer is graphql-js's, so graphql-js
 * runs instead wherever graphql-jit could answer otherwise:
 * - documents graphql-jit does not compile, and introspection (answered from the schema as built);
 * - mutations: graphql-jit goes on with the next root field after one failed where graphql-js stops,
 *   and an answer with side effects cannot be had twice;
 * - variables that do not coerce (graphql-jit's messages differ; no resolver has run);
 * - a query whose compiled run met two errors or more: graphql-jit reports every error under a
 *   branch nulled by a non-null field (graphql-js the first), and lists errors of nullable fields
 *   before the others. It runs again under graphql-js, whose resolvers find most of what the first
 *   run loaded in the operation's DataLoaders. With one error or none, the answers are the same.
 * - a request whose plugins resolve per field (Apollo's willResolveField wraps the schema as built).
 * Subscriptions (ws.ts) never come here.
 */

type ApolloGateway = ApolloServerOptionsWithGateway<GatewayContext>['gateway'];
type Executor = NonNullable<Awaited<ReturnType<ApolloGateway['load']>>['executor']>;

/**
 * What compiled documents may hold of the heap, each weighed at 4x its parsed document (weigh(), the
 * door's measure): compiled, the dashboard query took 2.5x, a 20-node query with fragments 2.8x.
 */
const COMPILED_BYTES = 32 * 1024 * 1024;

/** A document is compiled the second time it runs (as mercurius's `jit: 1`): one sent once costs no compilation. */
const SEEN = 'seen';

/** Apollo marks a request's context with this symbol when a plugin resolves per field (schemaInstrumentation.ts). */
const PER_FIELD_PLUGIN = 'apolloServerExecutionDispatcherWillResolveField';

/** Apollo's gateway hook, serving `schema` as it is and executing through `createCompiledExecutor`. */
export function compiledExecution(schema: GraphQLSchema, logger: Logger): ApolloGateway {
  const executor = createCompiledExecutor(schema, logger);
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}

/** Executes an operation Apollo resolved (document validated) through graphql-jit, or graphql-js where their answers could differ. */
export function createCompiledExecutor(schema: GraphQLSchema, logger: Logger): Executor {
  const compiledSchema = jitSchema(schema);
  // false: this document and operation run under graphql-js.
  const compiled = new LRUCache<string, CompiledQuery<Record<string, unknown>> | false | typeof SEEN>({ maxSize: COMPILED_BYTES });
  function compiledFor(queryHash: string, document: DocumentNode, operationName: string | undefined): CompiledQuery<Record<string, unknown>> | undefined {
    const key = `${queryHash}\u0000${operationName ?? ''}`;
    const found = compiled.get(key);
    if (found === undefined) compiled.set(key, SEEN, { size: 1 });
    if (found !== SEEN) return found || undefined;
    const operation = getOperationAST(document, operationName);
    const result = operation?.operation === 'query' && !introspects(document) ? compileQuery(compiledSchema, document, operationName) : undefined;
    const made = result && isCompiledQuery(result) ? result : false;
    compiled.set(key, made, { size: made ? 4 * weigh(document) : 1 });
    return made || undefined;
  }

  return async ({ document, queryHash, context, request }) => {
    const { operationName } = request;
    const variables = request.variables ?? {};
    const graphqlJs = (why: string) => {
      logger.debug({ requestId: context.requestId, why }, 'executed by graphql-js');
      return execute({ schema, document, contextValue: context, variableValues: variables, operationName }) as Promise<ExecutionResult>;
    };
    const query = compiledFor(queryHash, document, operationName);
    if (!query) return graphqlJs('not compiled, or seen once');
    if (perFieldPlugins(context)) return graphqlJs('per-field plugin');
    const result = (await query.query(undefined, context, variables)) as ExecutionResult;
    if (!('data' in result)) return graphqlJs('variables');
    if (result.errors && result.errors.length > 1) return graphqlJs('errors');
    logger.debug({ requestId: context.requestId }, 'executed by graphql-jit');
    return result.errors ? { data: result.data, errors: result.errors.map(asGraphQLError) } : { data: result.data };
  };
}

/** Whether the document reads __schema or __type anywhere. */
function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(field) {
      if (field.name.value !== '__schema' && field.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

function perFieldPlugins(context: object): boolean {
  return Object.getOwnPropertySymbols(context).some((symbol) => symbol.description === PER_FIELD_PLUGIN);
}

/**
 * graphql-jit's error as graphql-js would have made it: a real GraphQLError whose extensions are an
 * object (Apollo reads `extensions.code`; graphql-jit leaves them undefined without an original error).
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  (copy as { locations: GraphQLError['locations'] }).locations = error.locations;
  return copy;
}
