import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, type ReadableSpan, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { pino, type Logger } from 'pino';
import { traceIds } from '../../src/tracing/log.js';

/**
 * What the tracing tests hand a gateway: a provider exporting to memory, a signal when a span ends
 * (the in-memory exporter is written asynchronously), and a logger with the gateway's trace mixin
 * writing its lines, parsed, to an array.
 */
export interface TraceRecorder {
  provider: NodeTracerProvider;
  exporter: InMemorySpanExporter;
  logger: Logger;
  lines: Record<string, unknown>[];
  /** The first span to end that `matches` (already ended or not), once the exporter holds it; fails after `ms`. */
  ended(matches: (span: ReadableSpan) => boolean, ms?: number): Promise<ReadableSpan>;
  /** Every exported span of `traceId`. */
  trace(traceId: string): ReadableSpan[];
}

export function recordTraces(): TraceRecorder {
  const exporter = new InMemorySpanExporter();
  const ended: ReadableSpan[] = [];
  const waiters = new Set<() => void>();
  const signal: SpanProcessor = {
    onStart: () => {},
    onEnd(span) {
      ended.push(span);
      for (const wake of waiters) wake();
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), signal] });
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'debug', mixin: traceIds }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return {
    provider,
    exporter,
    logger,
    lines,
    async ended(matches, ms = 10_000) {
      const span = await new Promise<ReadableSpan>((resolve, reject) => {
        const check = () => {
          const found = ended.find(matches);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching span ended within ${ms} ms; ended: ${ended.map((s) => s.name).join(', ')}`));
        }, ms);
        waiters.add(check);
        check();
      });
      await provider.forceFlush();
      return span;
    },
    trace: (traceId) => exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId),
  };
}

/** A span as the tests compare it: who it is, under whom, and what it says. */
export function describeSpan(span: ReadableSpan) {
  return {
    name: span.name,
    kind: SpanKind[span.kind],
    traceId: span.spanContext().traceId,
    parent: span.parentSpanContext?.spanId,
    attributes: span.attributes,
    status: span.status.code,
  };
}
