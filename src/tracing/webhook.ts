import { context, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import type { IngestOutcome, WebhookIngestion } from '../webhooks/ingest.js';
import { ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_OMS_ACCOUNT, ATTR_OMS_EVENT, ATTR_OMS_EVENT_ID, ATTR_OUTCOME, ATTR_TENANTS } from './attributes.js';

/**
 * The span of a webhook delivery, in two parts like an operation's. This middleware (webhooks/route.ts
 * runs it once the body is read) starts it and makes it current for the signature check, the
 * ingestion with its OMS calls and event-log writes, and the route's log lines; it ends when OMS is
 * answered. A delivery refused before ingestion (signature, JSON, envelope) has the outcome `refused`
 * and its 4xx status; the route's log line says why.
 */
export function webhookSpans(tracer: Tracer): RequestHandler {
  return (req, res, next) => {
    const span = tracer.startSpan('webhook', { kind: SpanKind.SERVER, attributes: { [ATTR_OMS_ACCOUNT]: String(req.params.omsAccountId) } });
    res.once('close', () => {
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 400 && res.statusCode < 500) span.setAttribute(ATTR_OUTCOME, 'refused');
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), next);
  };
}

/**
 * `ingestion`, telling the current webhook span what it ingested and what became of it: the span is
 * named `webhook <event type>`, and its outcome is `ignored`, `orphaned` (no tenant owns it), what the
 * tenants' logs did with it (`appended`, `duplicate`, `stale`; several, comma-separated, when tenants
 * differ) or `unavailable` (not stored: OMS delivers it again).
 */
export function tracedIngestion(ingestion: WebhookIngestion): WebhookIngestion {
  return {
    ...ingestion,
    async ingest(account, read) {
      const span = trace.getActiveSpan();
      if (!span?.isRecording()) return ingestion.ingest(account, read);
      span.updateName(`webhook ${read.envelope.event}`);
      span.setAttributes({ [ATTR_OMS_EVENT]: read.envelope.event, [ATTR_OMS_EVENT_ID]: read.envelope.id });
      try {
        const outcome = await ingestion.ingest(account, read);
        span.setAttribute(ATTR_OUTCOME, outcomeOf(outcome));
        if (outcome.kind === 'routed') span.setAttribute(ATTR_TENANTS, [...outcome.outcomes.keys()]);
        return outcome;
      } catch (error) {
        span.setAttribute(ATTR_OUTCOME, 'unavailable');
        span.recordException(error instanceof Error ? error : String(error));
        throw error;
      }
    },
  };
}

function outcomeOf(outcome: IngestOutcome): string {
  if (outcome.kind !== 'routed') return outcome.kind;
  // Balance-only events (a wallet deposit) log per owner below this outcome: nothing per tenant here.
  if (outcome.outcomes.size === 0) return 'routed';
  return [...new Set(outcome.outcomes.values())].sort().join(',');
}
