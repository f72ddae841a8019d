import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayContext } from '../graphql/context.js';

/** Longest operation name kept as a label; longer ones are cut. */
const MAX_NAME_LENGTH = 64;

/**
 * GraphQL operations that Apollo ran, by operation name, type, tenant and outcome (OK, or the code of
 * the first error), with their latency. Labels stay bounded: tenants come from the tenants file;
 * operation names only from documents the door parsed and validated, cut to 64 characters, and at
 * most `maxNames` of them per gateway (any name past those is `other`); a document without a name is
 * `anonymous`. Refusals by the door never reach Apollo: they are gateway_door_refusals_total.
 * Answers served whole from the answer cache are not run either: gateway_answer_cache_total{result="hit"}.
 */
export function graphqlMetrics(registry: Registry, { maxNames = 500 }: { maxNames?: number } = {}): ApolloServerPlugin<GatewayContext> {
  const operations = new Counter({
    name: 'gateway_graphql_operations_total',
    help: 'GraphQL operations run, by operation name, type, tenant and outcome (OK or the first error code)',
    labelNames: ['operation', 'type', 'tenant', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'gateway_graphql_operation_duration_seconds',
    help: 'How long GraphQL operations took to answer, by operation name, type and tenant',
    labelNames: ['operation', 'type', 'tenant'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const names = new Set<string>();
  const nameLabel = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    const cut = name.slice(0, MAX_NAME_LENGTH);
    if (names.has(cut)) return cut;
    if (names.size >= maxNames) return 'other';
    names.add(cut);
    return cut;
  };

  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operation, operationName, contextValue, response }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const labels = {
            operation: operation ? nameLabel(operationName) : 'unresolved',
            type: operation?.operation ?? 'unresolved',
            tenant: contextValue?.caller?.tenant.id ?? 'none',
          };
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const code = errors?.[0]?.extensions?.code;
          operations.inc({ ...labels, outcome: errors?.length ? (typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR') : 'OK' });
          duration.observe(labels, seconds);
        },
      };
    },
  };
}
