import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, GatewayError } from '../errors.js';
import { OmsError } from '../oms/index.js';
import type { GatewayContext } from './context.js';

/** Codes Apollo and graphql-js give malformed requests: the client's fault, safe to show as they are. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);
const PUBLIC_CODES = new Set<string>(Object.values(ErrorCode));

/**
 * The one place errors are masked (Apollo's formatError). Errors the gateway raised on purpose keep
 * their code and message; an OMS failure becomes OMS_UNAVAILABLE or RATE_LIMITED; anything else is
 * INTERNAL_SERVER_ERROR with a fixed message. No stack trace or OMS text ever reaches the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof GatewayError) return { ...base, message: original.message, extensions: { code: original.code } };
  if (original instanceof OmsError) {
    return original.status === 429
      ? { ...base, message: 'OMS is rate limiting this account; retry later', extensions: { code: ErrorCode.RATE_LIMITED } }
      : { ...base, message: 'The payments provider is unavailable; retry later', extensions: { code: ErrorCode.OMS_UNAVAILABLE } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (REQUEST_CODES.has(code) || (PUBLIC_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR))) {
    return { ...base, message: formatted.message, extensions: { code } };
  }
  return { ...base, message: 'Internal error; quote the requestId when reporting it', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** Adds the request id to every error, and logs the cause of every error that formatError masks. */
export function errorReportingPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors(request: GraphQLRequestContext<GatewayContext>) {
          const requestId = request.contextValue?.requestId;
          for (const error of request.errors ?? []) {
            const original = unwrapResolverError(error);
            if (original instanceof GatewayError) continue;
            logger[original instanceof OmsError ? 'warn' : 'error']({ requestId, err: original, path: error.path }, 'graphql error');
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const requestId = contextValue?.requestId;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId } }));
        },
      };
    },
  };
}
