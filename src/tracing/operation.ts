import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { type ErrorCode, HTTP_STATUS } from '../errors.js';
import type { GatewayContext } from '../graphql/context.js';
import {
  ATTR_GRAPHQL_OPERATION_NAME,
  ATTR_GRAPHQL_OPERATION_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_OUTCOME,
  ATTR_REQUEST_ID,
  ATTR_TENANT,
} from './attributes.js';

/**
 * The span of a GraphQL operation over HTTP, in two parts. This middleware (graphql/http.ts runs it
 * once the body is read, before the door) starts it and makes it current for everything the request
 * does after it: the door, Apollo, the resolvers, their OMS calls and log lines; it ends when the
 * answer is sent. Apollo's plugin below names it once the operation is known. A request Apollo never
 * runs (refused by the door, or answered with a kept answer) keeps the name `graphql`, with its HTTP status.
 */
export function operationSpans(tracer: Tracer): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const span = tracer.startSpan('graphql', { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: req.method } });
    res.once('close', () => end(span, res));
    context.with(trace.setSpan(context.active(), span), next);
  };
}

function end(span: Span, res: ServerResponse): void {
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
  if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/**
 * Names the current operation's span `graphql.<type> <name>` and gives it the operation's type and
 * name, the tenant, the request id and the outcome: `OK`, or the code of the first error the client
 * got. Each error is recorded on it; the span is in error when that code is the gateway's or OMS's
 * fault (a 5xx code: OMS_UNAVAILABLE, INTERNAL_SERVER_ERROR), not for a client's mistake.
 */
export function operationSpanPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return;
      span.setAttributes({ [ATTR_TENANT]: contextValue.caller.tenant.id, [ATTR_REQUEST_ID]: contextValue.requestId });
      return {
        async didResolveOperation({ operation, operationName }) {
          const type = operation?.operation ?? 'query';
          span.updateName(operationName ? `graphql.${type} ${operationName}` : `graphql.${type}`);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, type);
          if (operationName) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, operationName);
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            span.recordException(original instanceof Error ? original : String(original));
          }
        },
        async willSendResponse({ response }) {
          const first = response.body.kind === 'single' ? response.body.singleResult.errors?.[0] : undefined;
          const outcome = first ? String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'OK';
          span.setAttribute(ATTR_OUTCOME, outcome);
          // A code outside the gateway's own is one of Apollo's for a malformed request (graphql/errors.ts).
          if (first && (HTTP_STATUS[outcome as ErrorCode] ?? 400) >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        },
      };
    },
  };
}
