import { context, type DiagLogFunction, DiagLogLevel, diag, propagation, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ATTR_SERVICE_NAME } from './attributes.js';

/**
 * Tracing with OpenTelemetry, because it is the standard: every tracing backend, hosted or not
 * (Jaeger, Tempo, Honeycomb, Datadog, New Relic, Grafana Cloud...), ingests OTLP, so an operator
 * points the gateway at a collector and nothing here is vendor code. Spans: one per GraphQL operation
 * over HTTP (operation.ts), one per OMS call (oms.ts), one per webhook delivery (webhook.ts); every log
 * line written while one is active carries its ids (log.ts).
 */

export interface Tracing {
  readonly tracer: Tracer;
  /** Exports the spans still buffered, stops exporting (a provider made here), and undoes the registration. */
  close(): Promise<void>;
}

export interface TracingOptions {
  /** Where to export; undefined (and no provider given): no tracing, nothing set up. */
  config: Config['tracing'];
  /** A provider of the caller's (tests: an in-memory exporter), used instead of one made from `config`; flushed on close, not shut down. */
  provider?: NodeTracerProvider | undefined;
  /** Where OpenTelemetry's own complaints go (an export that failed, a full queue). */
  logger: Logger;
}

/**
 * The provider, registered for the process while the gateway runs: with it, OpenTelemetry's
 * AsyncLocalStorage context manager (the span of an operation stays current across its awaits, so
 * OMS calls and log lines find it) and the W3C propagator (traceparent on OMS calls). Undefined
 * when tracing is off: nothing is registered, and no span, context or mixin costs anything.
 */
export function startTracing(options: TracingOptions): Tracing | undefined {
  const provider = options.provider ?? (options.config && otlpProvider(options.config));
  if (!provider) return undefined;
  provider.register();
  diag.setLogger(diagLogger(options.logger), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return {
    tracer: provider.getTracer('oms-graphql-gateway'),
    async close() {
      try {
        // A made provider's shutdown exports what the batch still holds; a given one is its giver's to shut down.
        await (options.provider ? provider.forceFlush() : provider.shutdown());
      } finally {
        trace.disable();
        context.disable();
        propagation.disable();
        diag.disable();
      }
    },
  };
}

/** OTLP over HTTP (JSON), batched: spans leave in the background, never on an operation's path. */
function otlpProvider(config: NonNullable<Config['tracing']>): NodeTracerProvider {
  return new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName })),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }))],
  });
}

function diagLogger(logger: Logger) {
  const log = logger.child({ component: 'opentelemetry' });
  const at =
    (level: 'error' | 'warn'): DiagLogFunction =>
    (message, ...args) =>
      log[level]({ detail: args.map((arg) => (arg instanceof Error ? arg.message : arg)) }, message);
  const ignore: DiagLogFunction = () => {};
  return { error: at('error'), warn: at('warn'), info: ignore, debug: ignore, verbose: ignore };
}
