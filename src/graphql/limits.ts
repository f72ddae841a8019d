import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { ErrorCode } from '../errors.js';

/**
 * Query limits from graphql-armor (a maintained implementation of depth, cost and alias limits), run
 * as validation rules so an abusive query is refused before any OMS call, with QUERY_TOO_COMPLEX.
 */
export function queryLimitRules(limits: { maxDepth: number; maxCost: number }): ValidationRule[] {
  const reject = [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } })),
  ];
  const common = { propagateOnRejection: false, onReject: reject };
  return [
    maxDepthRule({ n: limits.maxDepth, ignoreIntrospection: true, ...common }),
    costLimitRule({ maxCost: limits.maxCost, ignoreIntrospection: true, ...common }),
    maxAliasesRule({ n: 30, ...common }),
  ] as unknown as ValidationRule[];
}
