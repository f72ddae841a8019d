import { context, trace } from '@opentelemetry/api';

/**
 * pino's `mixin` (main.ts sets it when tracing is on): the ids of the span active where a line is
 * logged, so that every line written during a GraphQL operation, an OMS call or a webhook delivery
 * leads to its trace. A new object each time: pino merges the line's own fields into it.
 */
export function traceIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
