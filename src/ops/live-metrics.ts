import { Gauge, type Registry } from 'prom-client';
import type { CacheCounts } from '../cache/index.js';
import type { EventLog } from '../events/event-log.js';
import type { AnswerCounts } from '../graphql/response-cache.js';
import type { FanoutCounters } from '../graphql/subscription/counters.js';
import { mirroredCounter } from './registry.js';

export interface LiveParts {
  /** WebSockets open now on this instance (graphql-ws). */
  sockets: () => number;
  fanout: FanoutCounters;
  events: EventLog;
  cache: CacheCounts | undefined;
  answers: AnswerCounts | undefined;
}

/**
 * What this instance holds and does now, read at each scrape from the counts its parts keep: open
 * sockets and subscriptions (the fan-out's counters), the event log's readers and how far behind the
 * appends they deliver, and the read cache's and answer cache's hits and misses. Subscriptions are
 * the fan-out's counts: with fanout 'per-subscriber' (the benchmark's baseline) they stay at zero.
 */
export function liveMetrics(registry: Registry, parts: LiveParts): void {
  const { fanout, events, cache, answers } = parts;
  gauge(registry, 'gateway_websockets_open', 'WebSockets open on this instance (graphql-ws), admitted or still initialising', () => parts.sockets());
  new Gauge({
    name: 'gateway_subscriptions_open',
    help: 'Subscriptions running on this instance: in a group sharing one execution per event (shared), or on a stream of their own (alone)',
    labelNames: ['mode'] as const,
    registers: [registry],
    collect() {
      const stats = fanout.stats();
      this.set({ mode: 'shared' }, stats.shared);
      this.set({ mode: 'alone' }, stats.alone);
    },
  });
  gauge(
    registry,
    'gateway_subscription_groups_open',
    'Groups of identical subscriptions (same document, variables and visibility) open',
    () => fanout.stats().groups,
  );
  mirroredCounter(
    registry,
    {
      name: 'gateway_subscription_executions_total',
      help: 'Executions of a subscription event: once for a whole group (shared), or for one subscription (alone)',
      labelNames: ['mode'],
    },
    function* () {
      const stats = fanout.stats();
      yield { labels: { mode: 'shared' }, value: stats.sharedExecutions };
      yield { labels: { mode: 'alone' }, value: stats.aloneExecutions };
    },
  );

  if (events.status) {
    const status = events.status.bind(events);
    new Gauge({
      name: 'gateway_event_log_readers',
      help: 'Tenants whose event-log reader runs on this instance, connected to Redis or reconnecting; failing: its reads keep failing',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        const now = status();
        this.set({ state: 'connected' }, now.readers - now.disconnected);
        this.set({ state: 'disconnected' }, now.disconnected);
        this.set({ state: 'failing' }, now.failing);
      },
    });
    mirroredCounter(
      registry,
      { name: 'gateway_event_log_delivered_total', help: "Event-log entries this instance's readers handed to its subscribers" },
      function* () {
        yield { value: status().delivered };
      },
    );
    mirroredCounter(
      registry,
      {
        name: 'gateway_event_log_lag_seconds_total',
        help: 'Summed over delivered entries: how long after its append each reached this instance (lag = rate of this / rate of delivered)',
      },
      function* () {
        yield { value: status().lagMsTotal / 1000 };
      },
    );
  }

  if (cache) {
    mirroredCounter(
      registry,
      {
        name: 'gateway_read_cache_total',
        help: "OMS reads through the read cache: hit in this instance's memory (front) or the shared store (shared), miss (asked OMS, kept), bypass (asked OMS, not cacheable)",
        labelNames: ['result'],
      },
      function* () {
        yield* [
          { labels: { result: 'front' }, value: cache.front },
          { labels: { result: 'shared' }, value: cache.shared },
          { labels: { result: 'miss' }, value: cache.misses },
          { labels: { result: 'bypass' }, value: cache.bypasses },
        ];
      },
    );
    mirroredCounter(
      registry,
      { name: 'gateway_read_cache_invalidations_total', help: 'Customers whose cached OMS objects were renewed (webhook or write)' },
      function* () {
        yield { value: cache.invalidations };
      },
    );
  }
  if (answers) {
    mirroredCounter(
      registry,
      {
        name: 'gateway_answer_cache_total',
        help: 'Whole GraphQL answers: reused (hit), kept (stored), or found stale and built again',
        labelNames: ['result'],
      },
      function* () {
        yield* [
          { labels: { result: 'hit' }, value: answers.hits },
          { labels: { result: 'stored' }, value: answers.stored },
          { labels: { result: 'stale' }, value: answers.stale },
        ];
      },
    );
  }
}

function gauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}
