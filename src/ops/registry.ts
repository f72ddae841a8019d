import { type CounterConfiguration, collectDefaultMetrics, Counter, type LabelValues, Registry } from 'prom-client';

/**
 * Metrics in Prometheus's text format. Why prom-client: it is the Prometheus client Node services
 * use, kept up with the exposition format, with per-instance registries, histograms and Node's
 * default process metrics ready-made; a counter and a text writer of our own would have to redo all
 * of that. Each gateway has its own Registry (tests run several gateways in one process), never the
 * global one.
 */
export interface Metrics {
  readonly registry: Registry;
  /** The exposition text: this gateway's metrics, then the process's (Node's defaults). */
  scrape(): Promise<{ contentType: string; body: string }>;
}

let processRegistry: Registry | undefined;

/**
 * Node's default metrics (CPU, memory, heap spaces, GC, event-loop delay, handles, file descriptors)
 * describe the process, not one gateway, and prom-client cannot stop what collects them (an
 * event-loop delay monitor, a GC observer): one set per process, made by its first gateway, rather
 * than one more monitor for every gateway a test suite starts.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const process = processMetrics();
  return {
    registry,
    async scrape() {
      const merged = Registry.merge([registry, process]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}

export type Labels<T extends string> = LabelValues<T>;

/** One reading of a count kept elsewhere: its labels, its value now, and (for sums over several sources) whose it is. */
export interface Reading<T extends string> {
  labels?: Labels<T>;
  value: number;
  source?: string;
}

/**
 * A counter whose values are read, at each scrape, from counts the gateway keeps anyway (the OMS
 * client's call counter, the webhook route's, the read cache's). It grows by what each source grew
 * since the last scrape; a source that went down was reset (OMS client stats can be) and counts from
 * zero again, as Prometheus reads a counter that restarts.
 */
export function mirroredCounter<T extends string>(
  registry: Registry,
  config: Omit<CounterConfiguration<T>, 'registers' | 'collect'>,
  read: () => Iterable<Reading<T>>,
): Counter<T> {
  const last = new Map<string, number>();
  return new Counter<T>({
    ...config,
    registers: [registry],
    collect() {
      for (const { labels = {} as Labels<T>, value, source = '' } of read()) {
        const key = `${source}\u0000${JSON.stringify(labels)}`;
        const before = last.get(key) ?? 0;
        last.set(key, value);
        this.inc(labels, value >= before ? value - before : value);
      }
    },
  });
}
