import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { ReplaySettings } from '../src/events/redis-replay.js';
import { signatureHeader } from '../src/sandbox/webhooks/sign.js';
import { machine, percentile, table } from './stats.js';
import { transactionWebhook } from './webhook-body.js';

/**
 * A replay flood: 1,000 graphql-ws subscriptions (50 sockets of 20) resume from "0-0" on a tenant
 * log of 300 events at once, while another tenant's webhooks are POSTed 10 at a time. The gateway
 * (this process, with the embedded sandbox and Redis) runs once per round with the replays of before
 * issue 9 (the baseline: on the command connection, pages of 500, no budget) and once with today's
 * (their own connection, pages of 100, 8 at once and 4 per tenant), alternating; the clients and the
 * webhook sender are a child process, so their work does not slow the gateway's event loop.
 *
 * Run alone: `npx tsx bench/replay-flood.ts`.
 */

const SOCKETS = 50;
const PER_SOCKET = 20;
const EVENTS = 300;
const WEBHOOKS = 200;
const ROUNDS = 3;
const DEADLINE_MS = 120_000;
const ROLE_ENV = 'REPLAY_BENCH_ROLE';

const VARIANTS: { name: string; replay: ReplaySettings }[] = [
  { name: 'baseline: shared connection, pages of 500, no budget', replay: { connection: 'shared', pageSize: 500, concurrency: Infinity, perTenant: Infinity } },
  { name: 'own connection, pages of 100, budget 8 / 4 per tenant', replay: {} },
];

interface Job {
  wsUrl: string;
  token: string;
  webhookUrl: string;
  secret: string;
  customerId: string;
}

interface Flood {
  complete: number;
  failed: number;
  /** From the first subscribe sent until every subscription had its replay or had failed. */
  floodMs: number;
}

interface Webhooks {
  statuses: number[];
  webhookMs: number[];
}

/** The gateway's event loop delay p99 (this process) during the round, beside what the children counted. */
type Outcome = Flood & Webhooks & { loopDelayP99: number };

export async function benchReplayFlood(): Promise<{ summary: string; rows: Record<string, string | number>[] }> {
  const [{ redisServer }, { startTestGateway }, { createRedisEventLog }, { makeEvent }, { TENANT_METADATA_KEY }] = await Promise.all([
    import('../test/support/redis-server.js'),
    import('../test/support/gateway.js'),
    import('../src/events/redis-log.js'),
    import('../test/events/support.js'),
    import('../src/tenancy/ownership.js'),
  ]);
  const ownRedis = process.env.REDIS_URL ? undefined : await redisServer();
  const redisUrl = process.env.REDIS_URL ?? ownRedis!.url;
  const results = VARIANTS.map(() => [] as Outcome[]);
  try {
    for (let round = 0; round < ROUNDS; round += 1) {
      for (let v = 0; v < VARIANTS.length; v += 1) {
        const prefix = `bench-replay-${randomUUID()}`;
        const t = await startTestGateway({ events: createRedisEventLog({ url: redisUrl, prefix, replay: VARIANTS[v]!.replay }) });
        try {
          for (let n = 1; n <= EVENTS; n += 50) {
            await Promise.all(Array.from({ length: Math.min(50, EVENTS - n + 1) }, (_, i) => t.events.accept(...makeEvent('acme', n + i))));
          }
          const customer = await t.oms.customers.create({
            firstName: 'Other',
            lastName: 'Tenant',
            email: `${prefix}@example.com`,
            metadata: { [TENANT_METADATA_KEY]: 'globex' },
          });
          await t.sandbox.idle();
          const job: Job = {
            wsUrl: t.gateway.url.replace(/^http/, 'ws'),
            token: t.keys.acme,
            webhookUrl: t.gateway.url.replace(/\/graphql$/, '/webhooks/oms/shared'),
            secret: t.account.webhookSecrets[0]!,
            customerId: customer.id,
          };
          const loop = monitorEventLoopDelay({ resolution: 5 });
          loop.enable();
          const [flood, webhooks] = await Promise.all([inChild<Flood>('clients', job), inChild<Webhooks>('sender', job)]);
          loop.disable();
          results[v]!.push({ ...flood, ...webhooks, loopDelayP99: loop.percentile(99) / 1e6 });
        } finally {
          await t.close();
        }
      }
    }
  } finally {
    await ownRedis?.stop();
  }
  const median = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    );
  const rows = VARIANTS.map((variant, v) => {
    const runs = results[v]!;
    return {
      replays: variant.name,
      'complete (median)': median(runs.map((r) => r.complete)),
      'failed (median)': median(runs.map((r) => r.failed)),
      'webhooks 2xx (median)': median(runs.map((r) => r.statuses.filter((s) => s >= 200 && s < 300).length)),
      'webhook p50 ms': median(
        runs.map((r) =>
          percentile(
            [...r.webhookMs].sort((a, b) => a - b),
            50,
          ),
        ),
      ),
      'webhook p99 ms': median(
        runs.map((r) =>
          percentile(
            [...r.webhookMs].sort((a, b) => a - b),
            99,
          ),
        ),
      ),
      'flood ms': median(runs.map((r) => r.floodMs)),
      'gateway loop delay p99 ms': median(runs.map((r) => r.loopDelayP99)),
    };
  });
  const [before, after] = rows as [(typeof rows)[number], (typeof rows)[number]];
  const ratio = (key: 'webhook p50 ms' | 'webhook p99 ms' | 'flood ms' | 'gateway loop delay p99 ms') => (after[key] / before[key]).toFixed(2);
  const summary = [
    `${SOCKETS * PER_SOCKET} subscriptions (${SOCKETS} sockets × ${PER_SOCKET}) resuming from "0-0" on a log of ${EVENTS} events, with ${WEBHOOKS} webhooks of another tenant, 10 in flight;`,
    `${ROUNDS} rounds of each, alternating; medians over rounds (${ownRedis ? 'redis-server spawned for the run' : 'REDIS_URL'}). "flood ms": until every subscription had its replay or had failed.`,
    `Ratios today / baseline: webhook p50 ${ratio('webhook p50 ms')}, webhook p99 ${ratio('webhook p99 ms')}, flood ${ratio('flood ms')}, loop delay p99 ${ratio('gateway loop delay p99 ms')}.`,
    `Read with the counts: the baseline's replays mostly fail within its 1.5 s command timeout, so its flood ends early and most of its webhooks meet an idle`,
    `gateway (a low p50), while those caught behind the XRANGEs wait up to the timeout or get 503 (its p99, its missing 2xx); today every replay is delivered,`,
    `so the webhooks share the event loop with all of that work for the whole flood.`,
  ].join('\n');
  return { summary, rows };
}

/**
 * Runs one round's clients, or its webhook sender, in a child process (this file again) and answers
 * what it counted: apart, so that neither the clients' work nor the gateway's slows the other's timing.
 */
function inChild<T>(role: 'clients' | 'sender', job: Job): Promise<T> {
  const file = fileURLToPath(import.meta.url);
  const child = fork(file, [], {
    cwd: resolve(dirname(file), '..'),
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [ROLE_ENV]: role },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((done, fail) => {
    child.once('message', (outcome: T) => done(outcome));
    child.once('exit', (code) => fail(new Error(`the ${role} process exited (${code}) without an answer`)));
    child.send(job);
  });
}

// ---- The clients process: the subscriptions. ----

async function runClients(job: Job): Promise<Flood> {
  const started = performance.now();
  const clients: Client[] = [];
  const counts: number[] = [];
  let failed = 0;
  let finished = 0;
  let allFinished!: () => void;
  const flood = new Promise<void>((done) => (allFinished = done));
  const finish = () => {
    finished += 1;
    if (finished === SOCKETS * PER_SOCKET) allFinished();
  };
  for (let s = 0; s < SOCKETS; s += 1) {
    const client = createClient({ url: job.wsUrl, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${job.token}` }, retryAttempts: 0 });
    clients.push(client);
    for (let o = 0; o < PER_SOCKET; o += 1) {
      const index = counts.push(0) - 1;
      let over = false;
      const end = (ok: boolean) => {
        if (over) return;
        over = true;
        if (!ok) failed += 1;
        finish();
      };
      client.subscribe(
        { query: 'subscription($after: String) { transactionUpdated(after: $after) { cursor } }', variables: { after: '0-0' } },
        {
          next: (value) => {
            if (value.errors) return end(false);
            counts[index]! += 1;
            if (counts[index] === EVENTS) end(true);
          },
          error: () => end(false),
          complete: () => end(false),
        },
      );
    }
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([flood, new Promise((done) => (timer = setTimeout(done, DEADLINE_MS)))]);
  clearTimeout(timer);
  const floodMs = performance.now() - started;
  await Promise.all(clients.map((client) => client.dispose()));
  return { complete: counts.filter((n) => n >= EVENTS).length, failed, floodMs };
}

// ---- The sender process: the other tenant's webhooks, while the replays run. ----

async function runSender(job: Job): Promise<Webhooks> {
  const statuses: number[] = [];
  const webhookMs: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < WEBHOOKS) {
        const body = transactionWebhook(`evt_${randomUUID()}`, `txn_flood_${next++}_${randomUUID()}`, job.customerId, 'processing', 1);
        const t0 = performance.now();
        const response = await fetch(job.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'webhook-signature': signatureHeader(job.secret, Math.floor(Date.now() / 1000), body) },
          body,
        }).catch(() => undefined);
        await response?.arrayBuffer();
        webhookMs.push(performance.now() - t0);
        statuses.push(response?.status ?? 0);
      }
    }),
  );
  return { statuses, webhookMs };
}

// ---- Entry points. ----

const role = process.env[ROLE_ENV];
if (role === 'clients' || role === 'sender') {
  process.once('message', (job: Job) => {
    void (role === 'clients' ? runClients(job) : runSender(job)).then((outcome) => process.send!(outcome, () => process.exit(0)));
  });
} else if (process.argv[1] && realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url))) {
  benchReplayFlood().then(
    ({ summary, rows }) => {
      console.log(`# benchmarks · ${machine()}\n`);
      console.log('## Replay flood: resumes from "0-0" beside another tenant’s webhooks\n');
      console.log(`${summary}\n\n${table(rows)}`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
