import type { Registry } from 'prom-client';
import type { Rejection, WebhookObserver, WebhookStats } from '../webhooks/stats.js';
import { mirroredCounter } from './registry.js';

/**
 * What the webhook route counted (src/webhooks/stats.ts), read at each scrape. Deliveries are counted
 * once each; events per tenant they were routed to (so one delivery for two tenants' customers is two
 * events); orphans once per event id.
 */
export function webhookMetrics(registry: Registry, webhooks: WebhookObserver): void {
  const read = () => webhooks.stats();
  const once = (name: string, help: string, value: (s: WebhookStats) => number) =>
    mirroredCounter(registry, { name, help }, function* () {
      yield { value: value(read()) };
    });

  once('gateway_webhook_deliveries_total', 'OMS webhook deliveries that reached the route, refused ones included', (s) => s.received);
  mirroredCounter(
    registry,
    { name: 'gateway_webhook_refusals_total', help: 'Deliveries refused (4xx) before their event was looked at, by reason', labelNames: ['reason'] },
    function* () {
      for (const [reason, value] of Object.entries(read().rejected) as [Rejection, number][]) yield { labels: { reason }, value };
    },
  );
  mirroredCounter(
    registry,
    {
      name: 'gateway_webhook_events_total',
      help: "Events per tenant they were routed to: accepted into the tenant's log, duplicate of one there, or stale (behind their object)",
      labelNames: ['outcome'],
    },
    function* () {
      const { appended, duplicate, stale } = read();
      yield* [
        { labels: { outcome: 'accepted' }, value: appended },
        { labels: { outcome: 'duplicate' }, value: duplicate },
        { labels: { outcome: 'stale' }, value: stale },
      ];
    },
  );
  mirroredCounter(
    registry,
    {
      name: 'gateway_webhook_balances_total',
      help: 'Balances read and logged after an event, per tenant: accepted, duplicate or stale',
      labelNames: ['outcome'],
    },
    function* () {
      const { appended, duplicate, stale } = read().balances;
      yield* [
        { labels: { outcome: 'accepted' }, value: appended },
        { labels: { outcome: 'duplicate' }, value: duplicate },
        { labels: { outcome: 'stale' }, value: stale },
      ];
    },
  );
  once('gateway_webhook_orphaned_total', 'Events no tenant of their account owns: set aside, never delivered (once per event id)', (s) => s.orphaned);
  once('gateway_webhook_ignored_total', 'Verified events no dashboard shows (webhook.test, virtualAccount.*): acknowledged, not logged', (s) => s.ignored);
  once('gateway_webhook_unavailable_total', 'Deliveries answered 503 (event log or customer lookup failed): OMS delivers them again', (s) => s.unavailable);
}
