import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createClient, type Client } from 'graphql-ws';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { transactionWebhook } from './webhook-body.js';
import { signatureHeader } from '../src/sandbox/webhooks/sign.js';
import { machine, percentile, table } from './stats.js';

/**
 * Live status under load: OMS webhooks POSTed to instance 0 of a 2-instance cluster (one Redis), each
 * pushed through the tenant's Redis Stream to the graphql-ws subscribers of both instances. Three
 * processes, so that no side's event loop distorts another's timing:
 *
 *   this process   the OMS sandbox (set-up only), both gateway instances, Redis clients; its memory is
 *                  what "per idle subscription" measures
 *   clients        every WebSocket client (one socket, one subscription each), timing each message
 *   sender         signs and POSTs the webhooks on a timer, timing each 2xx
 *
 * The children are this file again (SUBSCRIPTIONS_BENCH_ROLE), run with `node --import tsx`. Times
 * on both sides are performance.timeOrigin + performance.now(): wall-clock based, sub-millisecond,
 * comparable across processes (the offset between processes is measured and printed).
 *
 * Run alone: `npx tsx bench/subscriptions.ts`.
 */

const INSTANCES = 2;
const SELLERS = 100;
const PER_INSTANCE = 1_000;
/** Per instance: subscriptions [0, SELLER_TOKEN) use seller tokens, [SELLER_TOKEN, PER_INSTANCE - UNFILTERED) a tenant key with sellerId, the rest a tenant key with no filter. */
const SELLER_TOKEN = 500;
const UNFILTERED = 5;
const RATE = 200;
const SECONDS = 10;
const WEBHOOKS = RATE * SECONDS;
/** Every DUPLICATE_EVERY-th webhook is POSTed again once its first copy got its 2xx (same event id, same body). */
const DUPLICATE_EVERY = 20;
const DRAIN_DEADLINE_MS = 10_000;
const TARGET_P99_MS = 50;

const SUBSCRIPTION = `subscription($sellerId: ID, $after: String) {
  transactionUpdated(sellerId: $sellerId, after: $after) { cursor event occurredAt transaction { id status subStatus destination { asset amountNet } } }
}`;

const ROLE_ENV = 'SUBSCRIPTIONS_BENCH_ROLE';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface SubscriptionSpec {
  instance: number;
  token: string;
  /** The seller the subscription gets events of: a seller token's own, or the tenant key's sellerId filter; null: all of the tenant. */
  sellerId: string | null;
  /** Whether sellerId is passed as the GraphQL argument (tenant key) rather than implied by the token. */
  filterArg: boolean;
  kind: 'seller token' | 'tenant key + sellerId' | 'tenant key, all';
}

/** Messages between this process and its children. */
type ToClients =
  | { type: 'open'; urls: string[]; subs: { instance: number; token: string; sellerId: string | null }[]; after: string }
  | { type: 'status' }
  | { type: 'reset' }
  | { type: 'collect' }
  | { type: 'ping' }
  | { type: 'close' };
type FromClients =
  | { type: 'opened'; failed: number; ms: number }
  | { type: 'status'; received: number; errors: number; closed: number }
  | { type: 'records'; subs: number[]; keys: string[]; times: number[]; errors: number; closed: number; heapUsed: number; rss: number; elu: number }
  | { type: 'pong'; at: number };
type ToSender =
  | { type: 'burst'; url: string; secret: string; bodies: string[]; ratePerSecond: number; duplicateEvery: number }
  | { type: 'ping' }
  | { type: 'close' };
type FromSender =
  | {
      type: 'sent';
      sentAt: number[];
      acceptedAt: number[];
      status: number[];
      failures: string[];
      duplicates: { index: number; status: number }[];
      lagMs: number[];
      firstAt: number;
      lastAt: number;
      elu: number;
    }
  | { type: 'pong'; at: number };

export interface SubscriptionsBench {
  summary: string;
  rows: Record<string, string | number>[];
  memory: Record<string, string | number>[];
}

export async function benchSubscriptions(): Promise<SubscriptionsBench> {
  // Imported here, not at the top: the child processes run this file too and need none of the gateway.
  const [{ startCluster }, { redisServer }, { TENANT_METADATA_KEY }] = await Promise.all([
    import('../test/support/cluster.js'),
    import('../test/support/redis-server.js'),
    import('../src/tenancy/ownership.js'),
  ]);
  const gc = exposeGc();
  const ownRedis = process.env.REDIS_URL ? undefined : await redisServer();
  const redisUrl = process.env.REDIS_URL ?? ownRedis!.url;
  const prefix = `bench-subs-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  // Caps above what the bench opens: it measures fan-out, not the door's refusals.
  const cluster = await startCluster({ redisUrl, prefix, instances: INSTANCES, limits: { socketsPerSeller: 1_000, socketsPerTenant: 100_000 } });
  const clients = new Child<ToClients, FromClients>('clients');
  const sender = new Child<ToSender, FromSender>('sender');
  try {
    // ---- Sellers of tenant acme, straight on the OMS (the gateways see them through the stamp). ----
    const sellers: string[] = [];
    for (let s = 0; s < SELLERS; s += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, SELLERS - s) }, (_, i) =>
          cluster.admin.customers.create({
            firstName: `Seller${s + i}`,
            lastName: 'Bench',
            email: `bench-${prefix}-${s + i}@example.com`,
            metadata: { [TENANT_METADATA_KEY]: 'acme' },
          }),
        ),
      );
      sellers.push(...batch.map((c) => c.id));
    }
    await cluster.oms.sandbox.idle(); // endorsement reviews and their (ignored) webhooks

    // ---- Subscriptions, 1,000 per instance. ----
    const { sessions } = cluster;
    const subs: SubscriptionSpec[] = [];
    for (let instance = 0; instance < INSTANCES; instance += 1) {
      for (let j = 0; j < PER_INSTANCE; j += 1) {
        const sellerId = sellers[j % SELLERS]!;
        if (j < SELLER_TOKEN)
          subs.push({ instance, token: (await sessions.issue('acme', sellerId, 3600)).token, sellerId, filterArg: false, kind: 'seller token' });
        else if (j < PER_INSTANCE - UNFILTERED) subs.push({ instance, token: cluster.keys.acme, sellerId, filterArg: true, kind: 'tenant key + sellerId' });
        else subs.push({ instance, token: cluster.keys.acme, sellerId: null, filterArg: false, kind: 'tenant key, all' });
      }
    }
    const subscribersOf = new Map(sellers.map((s) => [s, subs.flatMap((sub, i) => (sub.sellerId === null || sub.sellerId === s ? [i] : []))]));

    await gc?.();
    const before = process.memoryUsage();
    // The prefix is new, so the stream is empty: "after 0-0" replays whatever is appended before a
    // subscription's live reading starts, so a late subscriber cannot miss the warm-up below.
    const opened = await clients.ask(
      {
        type: 'open',
        urls: cluster.instances.map((g) => g.url.replace(/^http/, 'ws')),
        subs: subs.map((s) => ({ instance: s.instance, token: s.token, sellerId: s.filterArg ? s.sellerId : null })),
        after: '0-0',
      },
      'opened',
      60_000,
    );
    if (opened.failed > 0) throw new Error(`${opened.failed} of ${subs.length} subscriptions could not connect`);

    // ---- Warm-up: one webhook per seller (also fills instance 0's customer → tenant cache); every subscription must get its share. ----
    const webhookUrl = cluster.instances[0]!.url.replace(/\/graphql$/, '/webhooks/oms/main');
    const secret = cluster.webhookSecrets[0]!;
    const warmup = sellers.map((s, i) => transactionWebhook(`warm-${prefix}-${i}`, `txn_warm_${prefix}_${i}`, s, 'processing', 1));
    for (const b of warmup) {
      const response = await fetch(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-signature': signatureHeader(secret, Math.floor(Date.now() / 1000), b) },
        body: b,
      });
      if (!response.ok) throw new Error(`warm-up webhook answered ${response.status}: ${await response.text()}`);
    }
    const warmExpected = sellers.reduce((sum, s) => sum + subscribersOf.get(s)!.length, 0);
    const warm = await waitFor(clients, warmExpected, 20_000);
    if (warm.received !== warmExpected)
      throw new Error(`warm-up: ${warm.received} of ${warmExpected} deliveries arrived (errors ${warm.errors}, closed ${warm.closed})`);
    await clients.ask({ type: 'reset' }, 'status');

    // ---- Memory of the gateway process with every subscription idle. ----
    await sleep(500);
    await gc?.();
    const after = process.memoryUsage();

    const offsets = {
      clients: await clockOffset(async () => (await clients.ask({ type: 'ping' }, 'pong')).at),
      sender: await clockOffset(async () => (await sender.ask({ type: 'ping' }, 'pong')).at),
    };

    // ---- The burst. ----
    const stamp = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    const webhookSeller: string[] = [];
    const keyOf = new Map<string, number>();
    const bodies: string[] = [];
    for (let i = 0; i < WEBHOOKS; i += 1) {
      // One transaction per webhook (sellers round-robin, processing and completed alternating): no two
      // events of one transaction race, so the order guard has nothing to drop and every event is owed.
      const seller = sellers[i % SELLERS]!;
      const status = i % 2 === 0 ? 'processing' : 'completed';
      const txnId = `txn_b${stamp}_${i}`;
      bodies.push(transactionWebhook(`evt_${stamp}_${i}`, txnId, seller, status, status === 'processing' ? 1 : 2));
      webhookSeller.push(seller);
      keyOf.set(`${txnId} transaction.fiatToCrypto.${status}`, i);
    }
    const statsBefore = cluster.webhooks[0]!.stats();
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    const eluStart = performance.eventLoopUtilization();
    const cpuStart = process.cpuUsage();
    const wallStart = now();
    loopDelay.enable();
    const sent = await sender.ask({ type: 'burst', url: webhookUrl, secret, bodies, ratePerSecond: RATE, duplicateEvery: DUPLICATE_EVERY }, 'sent', 60_000);
    const expectedTotal = bodies.reduce(
      (sum, _, i) => sum + (sent.status[i]! >= 200 && sent.status[i]! < 300 ? subscribersOf.get(webhookSeller[i]!)!.length : 0),
      0,
    );
    const drainStarted = now();
    const drained = await waitFor(clients, expectedTotal, DRAIN_DEADLINE_MS);
    const drainMs = now() - drainStarted;
    await sleep(300); // anything extra (duplicates) that was still on its way
    const elu = performance.eventLoopUtilization(eluStart);
    const cpu = process.cpuUsage(cpuStart);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (now() - wallStart);
    loopDelay.disable();
    const statsAfter = cluster.webhooks[0]!.stats();
    const records = await clients.ask({ type: 'collect' }, 'records', 30_000);
    if (records.errors > 0 || records.closed > 0)
      console.error(`subscriptions bench: ${records.errors} subscription errors, ${records.closed} sockets closed during the run`);

    // ---- Deliveries against expectations. ----
    const failedPosts = sent.status.filter((s) => s < 200 || s >= 300).length;
    const statuses = new Map<number, number>();
    for (const s of sent.status) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    const postMs = sent.acceptedAt.map((a, i) => a - sent.sentAt[i]!).sort((x, y) => x - y);
    const duplicatePostsOk = sent.duplicates.filter((d) => d.status >= 200 && d.status < 300).length;
    const seen = new Set<number>(); // sub * WEBHOOKS + webhook
    const perInstance = Array.from({ length: INSTANCES }, () => ({ received: 0, unexpected: 0, latencies: [] as number[], fromSent: [] as number[] }));
    const perKind = new Map<string, number[]>();
    for (let r = 0; r < records.subs.length; r += 1) {
      const sub = records.subs[r]!;
      const i = keyOf.get(records.keys[r]!);
      const bucket = perInstance[subs[sub]!.instance]!;
      bucket.received += 1;
      if (i === undefined || !subscribersOf.get(webhookSeller[i]!)!.includes(sub) || !(sent.status[i]! >= 200 && sent.status[i]! < 300)) {
        bucket.unexpected += 1;
        continue;
      }
      const pair = sub * WEBHOOKS + i;
      if (seen.has(pair)) continue;
      seen.add(pair);
      const latency = records.times[r]! - sent.acceptedAt[i]!;
      bucket.latencies.push(latency);
      bucket.fromSent.push(records.times[r]! - sent.sentAt[i]!);
      const kind = subs[sub]!.kind;
      const ofKind = perKind.get(kind) ?? [];
      ofKind.push(latency);
      perKind.set(kind, ofKind);
    }
    const expectedPer = Array.from({ length: INSTANCES }, (_, n) =>
      bodies.reduce(
        (sum, _b, i) =>
          sum + (sent.status[i]! >= 200 && sent.status[i]! < 300 ? subscribersOf.get(webhookSeller[i]!)!.filter((s) => subs[s]!.instance === n).length : 0),
        0,
      ),
    );
    const row = (
      label: string,
      subscriptions: number,
      expected: number,
      b: { received: number; unexpected: number; latencies: number[]; fromSent: number[] },
    ) => {
      const unique = b.latencies.length;
      const lat = [...b.latencies].sort((x, y) => x - y);
      const fromSent = [...b.fromSent].sort((x, y) => x - y);
      return {
        subscribers: label,
        subscriptions,
        expected,
        delivered: unique,
        lost: expected - unique,
        duplicated: b.received - b.unexpected - unique,
        unexpected: b.unexpected,
        'p50 ms': percentile(lat, 50),
        'p99 ms': percentile(lat, 99),
        'max ms': lat[lat.length - 1] ?? NaN,
        'p99 ms from POST sent': percentile(fromSent, 99),
      };
    };
    const all = { received: 0, unexpected: 0, latencies: [] as number[], fromSent: [] as number[] };
    for (const b of perInstance) {
      all.received += b.received;
      all.unexpected += b.unexpected;
      all.latencies.push(...b.latencies);
      all.fromSent.push(...b.fromSent);
    }
    const rows = [
      ...perInstance.map((b, n) => row(`instance ${n}${n === 0 ? ' (takes the webhooks)' : ''}`, PER_INSTANCE, expectedPer[n]!, b)),
      row('both', subs.length, expectedTotal, all),
    ];
    const totals = rows[rows.length - 1]!;

    const mb = (bytes: number) => bytes / 2 ** 20;
    const kb = (bytes: number) => bytes / 1024;
    const memory = [
      {
        process: `gateways (2 instances, this process)${gc ? ', after gc' : ', no gc'}`,
        'heap before MB': mb(before.heapUsed),
        'heap idle subs MB': mb(after.heapUsed),
        'heap KB/subscription': kb((after.heapUsed - before.heapUsed) / subs.length),
        'rss before MB': mb(before.rss),
        'rss idle subs MB': mb(after.rss),
        'rss KB/subscription': kb((after.rss - before.rss) / subs.length),
      },
    ];

    const achieved = ((WEBHOOKS - 1) / (sent.lastAt - sent.firstAt)) * 1000;
    const lag = [...sent.lagMs].sort((x, y) => x - y);
    const kinds = [...perKind].map(([kind, l]) => {
      l.sort((x, y) => x - y);
      return `${kind} p50 ${percentile(l, 50).toFixed(1)} / p99 ${percentile(l, 99).toFixed(1)} ms`;
    });
    const missed: string[] = [];
    if (Number(totals.lost) !== 0) missed.push(`${totals.lost} lost`);
    if (Number(totals.duplicated) !== 0) missed.push(`${totals.duplicated} duplicated`);
    if (!(Number(totals['p99 ms']) < TARGET_P99_MS)) missed.push(`p99 ${Number(totals['p99 ms']).toFixed(1)} ms ≥ ${TARGET_P99_MS} ms`);
    const summary = [
      `${INSTANCES} instances on one Redis (${ownRedis ? 'redis-server spawned for the run' : 'REDIS_URL'}, key prefix ${prefix}); ${subs.length} subscriptions, one WebSocket each, ${PER_INSTANCE} per instance:`,
      `  per instance ${SELLER_TOKEN} seller tokens (${SELLER_TOKEN / SELLERS} per seller), ${PER_INSTANCE - SELLER_TOKEN - UNFILTERED} tenant key + sellerId, ${UNFILTERED} tenant key unfiltered; ${SELLERS} sellers of tenant acme.`,
      `${WEBHOOKS} webhooks (one transaction each, sellers round-robin) POSTed to instance 0 at a target ${RATE}/s: achieved ${achieved.toFixed(1)}/s over ${((sent.lastAt - sent.firstAt) / 1000).toFixed(2)} s,`,
      `  timer lag p50 ${percentile(lag, 50).toFixed(1)} / p99 ${percentile(lag, 99).toFixed(1)} ms; POST → answer p50 ${percentile(postMs, 50).toFixed(1)} / p99 ${percentile(postMs, 99).toFixed(1)} / max ${postMs[postMs.length - 1]!.toFixed(1)} ms;`,
      `  answers ${[...statuses].map(([s, n]) => `${s === 0 ? 'network error' : s} ×${n}`).join(', ')} (${failedPosts} failed${sent.failures.length ? `: ${sent.failures.join('; ')}` : ''}); ${sent.duplicates.length} re-POSTs of the same event (${duplicatePostsOk} answered 2xx),`,
      `  instance 0 counted appended +${statsAfter.appended - statsBefore.appended}, duplicate +${statsAfter.duplicate - statsBefore.duplicate}, stale +${statsAfter.stale - statsBefore.stale}.`,
      `Expected deliveries: per event, every subscription whose filter matches its seller (a POST without a 2xx owes none); ${drained.received >= expectedTotal ? `as many messages as expected had arrived ${drainMs.toFixed(0)} ms after the burst's last answer` : `not all had arrived ${DRAIN_DEADLINE_MS / 1000} s after the burst's last answer`}.`,
      `Latency: webhook 2xx received by the sender process → message received by the client process (both performance.timeOrigin + now();`,
      `  measured clock offsets vs this process: clients ${offsets.clients.offset.toFixed(2)} ms ±${(offsets.clients.rtt / 2).toFixed(2)}, sender ${offsets.sender.offset.toFixed(2)} ms ±${(offsets.sender.rtt / 2).toFixed(2)}, not corrected).`,
      `  A message can beat the 2xx (XADD returns before the HTTP answer is written), so small negative values are possible. By kind: ${kinds.join('; ')}.`,
      `  "from POST sent" adds the time the webhook took to be answered: waiting in instance 0's TCP accept queue for new connections, and the route itself.`,
      `During the burst: gateway process ${(cpuShare * 100).toFixed(0)}% of a core (GC threads included), event loop ${(elu.utilization * 100).toFixed(0)}% busy, delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms / max ${(loopDelay.max / 1e6).toFixed(1)} ms; clients ${(records.elu * 100).toFixed(0)}% busy; sender ${(sent.elu * 100).toFixed(0)}% busy.`,
      `Memory: idle subscriptions measured in the gateway process (both instances, excluding the client sockets, which live in the clients process: ${mb(records.heapUsed).toFixed(0)} MB heap, ${mb(records.rss).toFixed(0)} MB RSS there after the burst).`,
      missed.length
        ? `TARGETS MISSED: ${missed.join(', ')} (targets: 0 lost, 0 duplicated, p99 < ${TARGET_P99_MS} ms).`
        : `Targets met: 0 lost, 0 duplicated, p99 < ${TARGET_P99_MS} ms.`,
    ].join('\n');
    return { summary, rows, memory };
  } finally {
    await clients.stop();
    await sender.stop();
    await cluster.close();
    if (ownRedis) await ownRedis.stop();
    else await dropKeys(redisUrl, prefix);
  }
}

/** The section as printed: the summary, then the delivery table and the memory table. */
export function formatSubscriptionsBench({ summary, rows, memory }: SubscriptionsBench): string {
  return `${summary}\n\n${table(rows)}\n\n${table(memory)}`;
}

/** global.gc when run with --expose-gc; otherwise exposed at run time through V8's flag (works on Node 20). */
function exposeGc(): (() => Promise<void>) | undefined {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      return undefined;
    }
  }
  const collect = gc;
  return async () => {
    for (let i = 0; i < 3; i += 1) {
      collect();
      await sleep(20);
    }
  };
}

async function waitFor(clients: Child<ToClients, FromClients>, count: number, withinMs: number) {
  const deadline = now() + withinMs;
  for (;;) {
    const status = await clients.ask({ type: 'status' }, 'status');
    if (status.received >= count || now() > deadline) return status;
    await sleep(20);
  }
}

/** The child's clock minus ours, from the IPC round trip with the smallest time. */
async function clockOffset(ping: () => Promise<number>) {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i += 1) {
    const t0 = now();
    const at = await ping();
    const t1 = now();
    if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: at - (t0 + t1) / 2 };
  }
  return best;
}

async function dropKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A child process running this file in one role, asked questions over IPC (one answer type at a time). */
class Child<Out extends { type: string }, In extends { type: string }> {
  private readonly process: ChildProcess;
  private readonly exited: Promise<void>;
  private waiting?: { type: string; resolve: (message: In) => void };

  constructor(role: 'clients' | 'sender') {
    const file = fileURLToPath(import.meta.url);
    this.process = fork(file, [], {
      cwd: resolve(dirname(file), '..'),
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, [ROLE_ENV]: role },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    this.process.on('message', (message: In) => {
      if (this.waiting?.type === message.type) this.waiting.resolve(message);
    });
    this.exited = new Promise((done) => this.process.once('exit', () => done()));
    void this.exited.then(() => this.waiting?.resolve({ type: 'exited' } as In));
  }

  ask<T extends In['type']>(message: Out, answer: T, withinMs = 10_000): Promise<Extract<In, { type: T }>> {
    return new Promise((resolveAnswer, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${answer} from the child within ${withinMs} ms`)), withinMs);
      this.waiting = {
        type: answer,
        resolve: (m) => {
          clearTimeout(timer);
          this.waiting = undefined;
          if (m.type === 'exited') reject(new Error(`the child exited before answering ${answer}`));
          else resolveAnswer(m as Extract<In, { type: T }>);
        },
      };
      this.process.send(message);
    });
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.send({ type: 'close' });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

// ---- The clients process. ----

function runClients(): void {
  const clients: Client[] = [];
  let subs: number[] = [];
  let keys: string[] = [];
  let times: number[] = [];
  let errors = 0;
  let closed = 0;
  let elu = performance.eventLoopUtilization();
  const reply = (message: FromClients) => process.send!(message);

  async function open(message: Extract<ToClients, { type: 'open' }>): Promise<void> {
    const started = now();
    let failed = 0;
    const BATCH = 100;
    for (let from = 0; from < message.subs.length; from += BATCH) {
      await Promise.all(
        message.subs.slice(from, from + BATCH).map(
          (spec, k) =>
            new Promise<void>((done) => {
              const index = from + k;
              let settled = false;
              const settle = (ok: boolean) => {
                if (settled) return;
                settled = true;
                if (!ok) failed += 1;
                done();
              };
              const client = createClient({
                url: message.urls[spec.instance]!,
                webSocketImpl: WebSocket,
                connectionParams: { authorization: `Bearer ${spec.token}` },
                retryAttempts: 0,
                lazy: false,
                on: {
                  connected: () => settle(true),
                  closed: () => {
                    if (settled) closed += 1;
                    settle(false);
                  },
                  error: () => settle(false),
                },
              });
              clients.push(client);
              client.subscribe<{ transactionUpdated: { event: string; transaction: { id: string } } }>(
                { query: SUBSCRIPTION, variables: { after: message.after, ...(spec.sellerId ? { sellerId: spec.sellerId } : {}) } },
                {
                  next: (result) => {
                    const at = now();
                    const update = result.data?.transactionUpdated;
                    if (result.errors || !update) {
                      errors += 1;
                      return;
                    }
                    subs.push(index);
                    keys.push(`${update.transaction.id} ${update.event}`);
                    times.push(at);
                  },
                  error: () => (errors += 1),
                  complete: () => {},
                },
              );
            }),
        ),
      );
    }
    reply({ type: 'opened', failed, ms: now() - started });
  }

  process.on('message', (message: ToClients) => {
    switch (message.type) {
      case 'open':
        void open(message);
        return;
      case 'status':
        return reply({ type: 'status', received: subs.length, errors, closed });
      case 'reset':
        subs = [];
        keys = [];
        times = [];
        elu = performance.eventLoopUtilization();
        return reply({ type: 'status', received: 0, errors, closed });
      case 'collect': {
        const memory = process.memoryUsage();
        return reply({
          type: 'records',
          subs,
          keys,
          times,
          errors,
          closed,
          heapUsed: memory.heapUsed,
          rss: memory.rss,
          elu: performance.eventLoopUtilization(elu).utilization,
        });
      }
      case 'ping':
        return reply({ type: 'pong', at: now() });
      case 'close':
        void Promise.all(clients.map((c) => c.dispose())).finally(() => setTimeout(() => process.exit(0), 100));
        return;
    }
  });
}

// ---- The sender process. ----

function runSender(): void {
  const reply = (message: FromSender) => process.send!(message);

  const failures = new Map<string, number>();
  async function post(url: string, secret: string, payload: string): Promise<{ status: number; at: number }> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-signature': signatureHeader(secret, Math.floor(Date.now() / 1000), payload) },
        body: payload,
      });
      const at = now();
      await response.arrayBuffer();
      return { status: response.status, at };
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const what = `${(error as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
      failures.set(what, (failures.get(what) ?? 0) + 1);
      return { status: 0, at: now() };
    }
  }

  async function burst({ url, secret, bodies, ratePerSecond, duplicateEvery }: Extract<ToSender, { type: 'burst' }>): Promise<void> {
    const n = bodies.length;
    const interval = 1000 / ratePerSecond;
    const sentAt = new Array<number>(n).fill(NaN);
    const acceptedAt = new Array<number>(n).fill(NaN);
    const status = new Array<number>(n).fill(0);
    const lagMs: number[] = [];
    const duplicates: { index: number; status: number }[] = [];
    const inFlight: Promise<unknown>[] = [];
    const elu = performance.eventLoopUtilization();
    const start = now() + 20;
    let next = 0;
    while (next < n) {
      const t = now();
      // Everything due by now goes out (a late timer catches up), then sleep until the next is due.
      while (next < n && start + next * interval <= t) {
        const i = next++;
        sentAt[i] = now();
        lagMs.push(sentAt[i]! - (start + i * interval));
        inFlight.push(
          post(url, secret, bodies[i]!).then(async (first) => {
            status[i] = first.status;
            acceptedAt[i] = first.at;
            if (i % duplicateEvery === duplicateEvery / 2 && first.status >= 200 && first.status < 300) {
              duplicates.push({ index: i, status: (await post(url, secret, bodies[i]!)).status });
            }
          }),
        );
      }
      if (next < n) await sleep(Math.max(0, start + next * interval - now()));
    }
    await Promise.all(inFlight);
    reply({
      type: 'sent',
      sentAt,
      acceptedAt,
      status,
      failures: [...failures].map(([what, count]) => `${what} ×${count}`),
      duplicates,
      lagMs,
      firstAt: sentAt[0]!,
      lastAt: sentAt[n - 1]!,
      elu: performance.eventLoopUtilization(elu).utilization,
    });
  }

  process.on('message', (message: ToSender) => {
    switch (message.type) {
      case 'burst':
        void burst(message);
        return;
      case 'ping':
        return reply({ type: 'pong', at: now() });
      case 'close':
        process.exit(0);
    }
  });
}

// ---- Entry points. ----

const role = process.env[ROLE_ENV];
if (role === 'clients') runClients();
else if (role === 'sender') runSender();
else if (process.argv[1] && realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url))) {
  benchSubscriptions().then(
    (result) => {
      console.log(`# benchmarks · ${machine()}\n`);
      console.log('## Live status: webhooks to subscriptions across 2 instances\n');
      console.log(formatSubscriptionsBench(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
