import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode, fromOmsFailure, GatewayError } from '../errors.js';
import { OmsError } from '../oms/index.js';
import type { GatewayContext } from './context.js';

/** Codes Apollo gives malformed requests it sees itself (variables that do not coerce): the client's fault, shown as they are. */
const APOLLO_REQUEST_CODES = new Set(['BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);

/**
 * The one place errors are masked, for HTTP (Apollo's formatError) and graphql-ws alike. Errors the
 * gateway raised on purpose keep their code and message (and retryAfter, requestId); an OMS failure
 * is mapped once, by fromOmsFailure; anything else is INTERNAL_SERVER_ERROR with a fixed message.
 * No stack trace or OMS text ever reaches the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  const known = original instanceof OmsError ? fromOmsFailure(original) : original;
  if (known instanceof GatewayError) return { ...base, message: known.message, extensions: { ...known.extensions } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && APOLLO_REQUEST_CODES.has(code)) return { ...base, message: formatted.message, extensions: { code } };
  return { ...base, message: 'Internal error; quote the requestId when reporting it', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** A request Apollo refused before running anything (variables that do not coerce): the client's, not ours. */
function isClientMistake(error: GraphQLError): boolean {
  const code = error.extensions.code;
  return error.path === undefined && typeof code === 'string' && APOLLO_REQUEST_CODES.has(code);
}

/**
 * Logs one error of an operation, at the level it deserves: a client's mistake at info with its code
 * alone (no stack, no submitted values), an OMS failure at warn, a fault of ours at error with the
 * request id. Errors the gateway raised on purpose are not logged here (where one is a fault, its
 * raiser logs it). HTTP and graphql-ws report through this alike.
 */
export function reportError(logger: Logger, requestId: string | undefined, error: unknown): void {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError) return;
  const path = error instanceof GraphQLError ? error.path : undefined;
  if (original instanceof OmsError)
    logger.warn({ requestId, endpoint: original.endpoint, status: original.status, code: original.code, path }, 'OMS call failed');
  else if (error instanceof GraphQLError && isClientMistake(error)) logger.info({ requestId, code: error.extensions.code }, 'request refused');
  else logger.error({ requestId, err: original, path }, 'graphql error');
}

/**
 * Logs each error once (reportError). Adds the request id to every error, and Retry-After to the
 * HTTP answer when an error carries one.
 */
export function errorReportingPlugin(logger: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) reportError(logger, contextValue?.requestId, error);
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const requestId = contextValue?.requestId;
          const errors = response.body.singleResult.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId } }));
          response.body.singleResult.errors = errors;
          const retryAfter = errors.map((e) => (e.extensions as Record<string, unknown>).retryAfter).find((s) => typeof s === 'number');
          if (retryAfter !== undefined) response.http.headers.set('retry-after', String(retryAfter));
        },
      };
    },
  };
}
