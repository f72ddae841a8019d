import { percentile } from '../stats.js';
import type { FromClients } from './clients.js';
import type { Fanout, FromGateway, Memory } from './gateway.js';
import type { Sent } from './sender.js';

/** What one round of the fan-out benchmark measured. */
export interface Round {
  fanout: Fanout;
  started: Memory;
  idle: Memory;
  measured: Extract<FromGateway, { type: 'measured' }>;
  sent: Sent;
  records: Extract<FromClients, { type: 'records' }>;
  /** Deliveries owed: per webhook answered 2xx, every subscription of its seller and the unfiltered ones. */
  owed: number;
  drainMs: number;
  openMs: number;
  subscriptions: number;
  /** The round's part of every transaction id, to tell its deliveries from the warm-up's. */
  stamp: string;
  /** The machine's 1-minute load average after the burst (other processes' work included). */
  load: number;
}

interface Figures {
  p50: number;
  p99: number;
  max: number;
  delivered: number;
  lost: number;
  duplicated: number;
  refused: number;
  postP99: number;
  rssKB: number;
  heapKB: number;
  heapTotalKB: number;
  executionsPerEvent: number;
  groups: number;
  elu: number;
  cpu: number;
  delayP99: number;
  gcMax: number;
  clientsBusy: number;
  clientsGcMax: number;
}

function figures(round: Round): Figures {
  const { sent, records } = round;
  const prefix = `txn_b${round.stamp}_`;
  const seen = new Set<string>();
  const latencies: number[] = [];
  let duplicated = 0;
  for (let r = 0; r < records.subs.length; r += 1) {
    const key = records.keys[r]!;
    // "txn_b<stamp>_<i> transaction.fiatToCrypto.<status>"; anything else is the warm-up's.
    if (!key.startsWith(prefix)) continue;
    const i = Number(key.slice(prefix.length, key.indexOf(' ')));
    const pair = `${records.subs[r]} ${key}`;
    if (seen.has(pair)) {
      duplicated += 1;
      continue;
    }
    seen.add(pair);
    if (Number.isFinite(sent.acceptedAt[i])) latencies.push(records.times[r]! - sent.acceptedAt[i]!);
  }
  latencies.sort((a, b) => a - b);
  const post = sent.acceptedAt.map((at, i) => at - sent.sentAt[i]!).filter(Number.isFinite);
  post.sort((a, b) => a - b);
  const kb = (bytes: number) => bytes / 1024 / round.subscriptions;
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
    delivered: seen.size,
    lost: round.owed - seen.size,
    duplicated,
    refused: sent.status.filter((s) => s < 200 || s >= 300).length,
    postP99: percentile(post, 99),
    rssKB: kb(round.idle.rss - round.started.rss),
    heapKB: kb(round.idle.heapUsed - round.started.heapUsed),
    heapTotalKB: kb(round.idle.heapTotal - round.started.heapTotal),
    executionsPerEvent: executionsPerEvent(round),
    groups: round.idle.stats.groups,
    elu: round.measured.elu * 100,
    cpu: round.measured.cpuShare * 100,
    delayP99: round.measured.delayP99Ms,
    gcMax: round.measured.gcMaxMs,
    clientsBusy: round.records.elu * 100,
    clientsGcMax: round.records.gcMaxMs,
  };
}

const columns = (f: Figures) => ({
  'p50 ms': f.p50,
  'p99 ms': f.p99,
  'max ms': f.max,
  'webhooks refused': f.refused,
  'POST p99 ms': f.postP99,
  'RSS KB/idle sub': f.rssKB,
  'heap KB/idle sub': f.heapKB,
  'heap committed KB/idle sub': f.heapTotalKB,
  'executions per event': f.executionsPerEvent,
  'event loop busy %': f.elu,
  'CPU % of a core': f.cpu,
  'loop delay p99 ms': f.delayP99,
  'longest GC ms': f.gcMax,
  'clients busy %': f.clientsBusy,
  'clients longest GC ms': f.clientsGcMax,
});

/** Executions of the document per webhook answered 2xx: counted by the fan-out when shared; one per subscription owed it otherwise. */
function executionsPerEvent(round: Round): number {
  const accepted = round.sent.status.filter((s) => s >= 200 && s < 300).length;
  if (round.fanout === 'per-subscriber') return round.owed / accepted;
  const { measured, idle } = round;
  const executed = measured.stats.sharedExecutions - idle.stats.sharedExecutions + measured.stats.aloneExecutions - idle.stats.aloneExecutions;
  return executed / accepted;
}

/** One row per round, in the order run. */
export function roundRow(round: Round, index: number): Record<string, string | number> {
  const f = figures(round);
  return {
    round: index + 1,
    fanout: round.fanout,
    'machine load': round.load,
    'opened in s': round.openMs / 1000,
    groups: f.groups,
    owed: round.owed,
    delivered: f.delivered,
    lost: f.lost,
    duplicated: f.duplicated,
    ...columns(f),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Medians per mode against the targets, and the baseline's figure over the shared one. */
export function summaryRows(rounds: Round[]): Record<string, string | number>[] {
  const byMode = (fanout: Fanout) => rounds.filter((r) => r.fanout === fanout).map(figures);
  const keys = Object.keys(columns(figures(rounds[0]!))) as (keyof ReturnType<typeof columns>)[];
  const med = (all: Figures[]) => Object.fromEntries(keys.map((k) => [k, all.length ? median(all.map((f) => columns(f)[k])) : NaN]));
  const shared = med(byMode('shared'));
  const baseline = med(byMode('per-subscriber'));
  const target = { 'p99 ms': '< 50', 'webhooks refused': '0', 'RSS KB/idle sub': '< 12' };
  const ratio = Object.fromEntries(Object.keys(shared).map((k) => [k, `${(baseline[k]! / shared[k]!).toFixed(2)}x`]));
  return [
    { median: 'shared', ...shared },
    { median: 'per-subscriber (baseline)', ...baseline },
    { median: 'baseline / shared', ...ratio },
    { median: 'target', ...Object.fromEntries(Object.keys(shared).map((k) => [k, target[k as keyof typeof target] ?? ''])) },
  ];
}
