import { context, propagation, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { type Call, OmsError, type Transport } from '../oms/index.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_OMS_ATTEMPTS,
  ATTR_OMS_ENDPOINT,
  ATTR_URL_TEMPLATE,
} from './attributes.js';

/**
 * `inner` with a span per OMS call (OmsClient.decorate), a child of whatever span is current: the
 * GraphQL operation's, or a webhook's. One span for the whole call, retries and a token exchange
 * included: its attributes say how many attempts it took and what OMS finally answered. The call
 * carries a W3C traceparent naming this span, so an OMS that traces joins the same trace.
 * Decorated under the read cache (server.ts), so only calls that reach OMS get one.
 */
export function omsCallSpans(tracer: Tracer, inner: Transport): Transport {
  function traced<T>(call: Call, run: (call: Call) => Promise<T>): Promise<T> {
    const endpoint = `${call.method} ${call.template}`;
    const attributes = { [ATTR_OMS_ENDPOINT]: endpoint, [ATTR_HTTP_REQUEST_METHOD]: call.method, [ATTR_URL_TEMPLATE]: call.template };
    return tracer.startActiveSpan(`oms ${endpoint}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const headers: Record<string, string> = { ...call.options?.headers };
      propagation.inject(context.active(), headers);
      const answered = (status: number, attempts: number) => {
        span.setAttributes({ [ATTR_HTTP_RESPONSE_STATUS_CODE]: status, [ATTR_OMS_ATTEMPTS]: attempts });
        call.options?.answered?.(status, attempts);
      };
      try {
        return await run({ ...call, options: { ...call.options, headers, answered } });
      } catch (error) {
        if (error instanceof OmsError) {
          span.setAttributes({ [ATTR_OMS_ATTEMPTS]: error.attempts, [ATTR_ERROR_TYPE]: error.code });
          if (error.status > 0) span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, error.status);
        }
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof OmsError ? error.code : 'failed' });
        throw error;
      } finally {
        span.end();
      }
    });
  }
  return {
    request: (call, schema) => traced(call, (traced) => inner.request(traced, schema)),
    requestNoContent: (call) => traced(call, (traced) => inner.requestNoContent(traced)),
    stats: inner.stats,
    resetStats: inner.resetStats,
    ...(inner.scoped ? { scoped: (scope) => omsCallSpans(tracer, inner.scoped!(scope)) } : {}),
  };
}
