import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import type { OmsError } from './oms/errors.js';

/**
 * The closed set of error codes the gateway answers with. They are the public contract
 * (extensions.code in GraphQL errors, the same over HTTP and graphql-ws); messages may change, codes
 * may not.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_REQUEST: 'BAD_REQUEST',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  GRAPHQL_PARSE_FAILED: 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  REQUEST_TOO_LARGE: 'REQUEST_TOO_LARGE',
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  RATE_LIMITED: 'RATE_LIMITED',
  OMS_UNAVAILABLE: 'OMS_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The HTTP status of a refusal the door answers before any execution (inside execution HTTP says 200). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_REQUEST: 400,
  BAD_USER_INPUT: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  QUERY_TOO_COMPLEX: 400,
  REQUEST_TOO_LARGE: 413,
  PERSISTED_QUERY_NOT_FOUND: 400,
  RATE_LIMITED: 429,
  OMS_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export interface GatewayErrorOptions extends Omit<GraphQLErrorOptions, 'extensions'> {
  /** When trying again makes sense: sent as Retry-After (HTTP) and extensions.retryAfter (seconds). */
  retryAfterMs?: number | null;
  cause?: unknown;
}

/**
 * The one base class of errors the gateway raises on purpose: a GraphQLError carrying its code, so
 * graphql-js, Apollo and graphql-ws all keep it as it is. Anything else is unexpected and masked.
 */
export class GatewayError extends GraphQLError {
  override readonly name: string = 'GatewayError';
  readonly retryAfterMs: number | null;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options: GatewayErrorOptions = {},
  ) {
    const { retryAfterMs = null, cause, ...graphql } = options;
    const retryAfter = retryAfterMs === null ? {} : { retryAfter: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
    super(message, { ...graphql, originalError: cause instanceof Error ? cause : graphql.originalError, extensions: { code, ...retryAfter } });
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * The one mapping from OMS failures to what a caller sees: OMS rate limiting is RATE_LIMITED, anything
 * else that is not the caller's fault is OMS_UNAVAILABLE; both keep OMS's Retry-After. Never OMS's text.
 */
export function fromOmsFailure(error: OmsError): GatewayError {
  const retryAfterMs = error.retryAfterMs ?? null;
  if (error.status === 429) return new GatewayError(ErrorCode.RATE_LIMITED, 'OMS is rate limiting this account; retry later', { retryAfterMs, cause: error });
  const message =
    error.code === 'deadline_exceeded'
      ? 'The payments provider did not answer within the operation deadline; retry later'
      : 'The payments provider is unavailable; retry later';
  return new GatewayError(ErrorCode.OMS_UNAVAILABLE, message, { retryAfterMs, cause: error });
}
