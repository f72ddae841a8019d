import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { GatewayError } from '../errors.js';
import { formatError, reportError } from './errors.js';
import type { ErrorShowing } from './subscription/frames.js';

/** How graphql-ws's errors are logged and shown, as HTTP's are (reportError, formatError), each with its operation's request id. */
export interface WsErrors extends ErrorShowing {
  /** Logged, then shown: the errors of one operation's result. */
  reported(errors: readonly GraphQLError[], requestId: string | undefined): GraphQLFormattedError[];
}

export function createWsErrors(logger: Logger): WsErrors {
  const report = (log: Logger, errors: readonly GraphQLError[], requestId: string | undefined) => {
    for (const error of errors) reportError(log, requestId, thrown(error));
  };
  const format = (errors: readonly GraphQLError[], requestId: string | undefined): GraphQLFormattedError[] =>
    errors.map((error) => {
      const formatted = formatError(error.toJSON(), thrown(error));
      return requestId ? { ...formatted, extensions: { ...formatted.extensions, requestId } } : formatted;
    });
  return {
    report: (errors, requestId, subscribers) => report(subscribers ? logger.child({ subscribers }) : logger, errors, requestId),
    format,
    reported(errors, requestId) {
      report(logger, errors, requestId);
      return format(errors, requestId);
    },
  };
}

/** A refusal of the door, as graphql-ws sends it: the error with its request id. */
export function withRequestId(error: GatewayError, requestId: string): GraphQLError {
  error.extensions.requestId = requestId;
  return error;
}

/**
 * What was thrown: an error thrown by a subscription's event stream reaches graphql-ws's hooks wrapped
 * in a GraphQLError of its message without a path (execution errors have one), so a GatewayError
 * raised there would otherwise be masked.
 */
function thrown(error: GraphQLError): unknown {
  return error.path === undefined && error.originalError ? error.originalError : error;
}
