import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createOmsClient } from '../src/oms/index.js';
import { signatureHeader } from '../src/sandbox/webhooks/sign.js';
import { newWebhookSecret } from '../src/sandbox/webhooks/sign.js';
import { startSandboxServer } from '../src/sandbox/server.js';
import { hashApiKey, newApiKey } from '../src/tenancy/api-keys.js';
import { TENANT_METADATA_KEY } from '../src/tenancy/ownership.js';
import { createRedisSessionStore } from '../src/tenancy/session-store.redis.js';
import { createSessionTokens } from '../src/tenancy/session-tokens.js';
import { createSessions } from '../src/tenancy/sessions.js';
import { freePort, redisServer } from '../test/support/redis-server.js';
import { Child, now } from './fanout/child.js';
import type { ClientSpec, FromClients, ToClients } from './fanout/clients.js';
import type { Fanout, FromGateway, GatewaySpec, ToGateway } from './fanout/gateway.js';
import { roundRow, summaryRows, type Round } from './fanout/report.js';
import type { Sent, ToSender } from './fanout/sender.js';
import { machine, table } from './stats.js';
import { transactionWebhook } from './webhook-body.js';

/**
 * The issue-10 target: ONE gateway instance, 19,000 subscriptions (one WebSocket each; the open-file
 * limit per process is 20,000), 50 webhooks/s. Each round runs a fresh gateway process in one of
 * two modes, alternating: `shared` (one execution and serialization per event for each group of
 * subscriptions with the same document, variables and visibility) and the named baseline
 * `per-subscriber` (graphql-ws's own subscribe: the document executed once per subscriber, as before).
 *
 *   this process      Redis (spawned unless REDIS_URL), the OMS sandbox, set-up (sellers, tokens)
 *   gateway           one instance per round, run with --expose-gc: its RSS and event loop are measured
 *   clients           every WebSocket client, timing each message
 *   sender            signs and POSTs the webhooks on a timer, timing each answer
 *
 * Run alone: `npx tsx bench/fanout.ts`.
 */

const SELLERS = 100;
const SUBSCRIPTIONS_DEFAULT = 19_000;
/** Half the subscriptions use seller tokens, then a tenant key with sellerId, the last UNFILTERED a tenant key with no filter. */
const UNFILTERED = 5;
const RATE = 50;
const SECONDS = 10;
const ROUNDS_DEFAULT: Fanout[] = ['shared', 'per-subscriber', 'shared', 'per-subscriber'];
const DRAIN_DEADLINE_MS = 20_000;
const here = dirname(fileURLToPath(import.meta.url));

export interface FanoutBench {
  summary: string;
  rounds: Record<string, string | number>[];
  medians: Record<string, string | number>[];
}

/** What a run may change, for looking into one mode (`npx tsx bench/fanout.ts --rounds=shared --subscriptions=2000 --profile=/tmp/p`). */
export interface FanoutOptions {
  subscriptions?: number;
  rounds?: Fanout[];
  /** Path prefix of a CPU profile of each round's burst (the gateway process). */
  profile?: string;
  /** Path prefix of a heap snapshot of each round's gateway with every subscription idle. */
  snapshot?: string;
}

export async function benchFanout(options: FanoutOptions = {}): Promise<FanoutBench> {
  const { subscriptions: SUBSCRIPTIONS = SUBSCRIPTIONS_DEFAULT, rounds: ROUNDS = ROUNDS_DEFAULT } = options;
  const SELLER_TOKENS = Math.round(SUBSCRIPTIONS / 2);
  const ownRedis = process.env.REDIS_URL ? undefined : await redisServer();
  const redisUrl = process.env.REDIS_URL ?? ownRedis!.url;
  const prefix = `bench-fanout-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const oms = await startSandboxServer(loadConfig({ PORT: '0', HOST: '127.0.0.1' }));
  const store = createRedisSessionStore({ redis: redisUrl, prefix });
  const clients = new Child<ToClients, FromClients>(resolve(here, 'fanout/clients.ts'));
  const sender = new Child<ToSender, Sent>(resolve(here, 'fanout/sender.ts'));
  try {
    const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
    const admin = createOmsClient({ baseUrl: oms.url, apiKey, apiSecret });
    const sellers: string[] = [];
    for (let s = 0; s < SELLERS; s += 10) {
      const batch = Array.from({ length: 10 }, (_, i) =>
        admin.customers.create({
          firstName: `Seller${s + i}`,
          lastName: 'Bench',
          email: `${prefix}-${s + i}@example.com`,
          metadata: { [TENANT_METADATA_KEY]: 'acme' },
        }),
      );
      sellers.push(...(await Promise.all(batch)).map((c) => c.id));
    }
    const tenantKey = newApiKey('acme');
    const sessionSecret = randomBytes(32).toString('base64url');
    const sessions = createSessions({ tokens: createSessionTokens({ secret: sessionSecret }), store });
    const specs: (ClientSpec & { seller: string | null })[] = [];
    for (let j = 0; j < SUBSCRIPTIONS; j += 100) {
      const batch = Array.from({ length: 100 }, async (_, k): Promise<ClientSpec & { seller: string | null }> => {
        const i = j + k;
        const seller = sellers[i % SELLERS]!;
        // Dashboards open from now on; tenant backends resume from a cursor (the stream is empty: "0-0").
        if (i < SELLER_TOKENS)
          return { token: (await sessions.issue('acme', seller, 3600)).token, sellerId: null, after: process.env.FANOUT_ALL_AFTER ? '0-0' : null, seller };
        if (i < SUBSCRIPTIONS - UNFILTERED) return { token: tenantKey, sellerId: seller, after: '0-0', seller };
        return { token: tenantKey, sellerId: null, after: '0-0', seller: null };
      });
      specs.push(...(await Promise.all(batch)));
    }
    const subscribersOf = new Map(sellers.map((s) => [s, specs.filter((spec) => spec.seller === null || spec.seller === s).length]));
    const webhookSecret = newWebhookSecret();

    const rounds: Round[] = [];
    for (const [r, fanout] of ROUNDS.entries()) {
      const gateway = new Child<ToGateway, FromGateway>(resolve(here, 'fanout/gateway.ts'), ['--expose-gc']);
      try {
        const spec: GatewaySpec = {
          fanout,
          port: await freePort(),
          redisUrl,
          prefix,
          eventsPrefix: `${prefix}-r${r}`,
          omsUrl: oms.url,
          apiKey,
          apiSecret,
          webhookSecret,
          tenantKeyHash: hashApiKey(tenantKey),
          sessionSecret,
          profile: options.profile && `${options.profile}-${r}-${fanout}.cpuprofile`,
          snapshot: options.snapshot && `${options.snapshot}-${r}-${fanout}`,
        };
        const started = await gateway.ask({ type: 'start', spec }, 'started', 60_000);
        const url = started.url.replace(/^http/, 'ws');
        const opened = await clients.ask({ type: 'open', url, subs: specs }, 'opened', 300_000);
        if (opened.failed > 0) throw new Error(`${fanout}: ${opened.failed} of ${SUBSCRIPTIONS} subscriptions could not connect`);
        const hookUrl = started.url.replace(/\/graphql$/, '/webhooks/oms/main');
        if (process.env.FANOUT_DEBUG) await gateway.ask({ type: 'memory' }, 'memory', 300_000);

        // Warm-up (fills the customer → tenant cache): webhooks for the sellers of every subscription that has
        // heard nothing yet, until all have; a subscription opened without `after` hears only what follows it.
        let silent = specs.map((_, i) => i);
        for (let attempt = 0; silent.length > 0; attempt += 1) {
          if (attempt === 20) throw new Error(`${fanout} warm-up: ${silent.length} subscriptions heard nothing`);
          const toWarm = new Set(silent.map((i) => specs[i]!.seller ?? sellers[0]!));
          for (const seller of toWarm) {
            const id = `${r}-${attempt}-${seller}`;
            const body = transactionWebhook(`warm-${prefix}-${id}`, `txn_warm_${prefix}_${id}`, seller, 'processing', 1);
            const signature = signatureHeader(webhookSecret, Math.floor(Date.now() / 1000), body);
            const response = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-signature': signature }, body });
            if (!response.ok) throw new Error(`warm-up webhook answered ${response.status}: ${await response.text()}`);
          }
          await new Promise((done) => setTimeout(done, 1_000));
          silent = (await clients.ask({ type: 'silent' }, 'silent', 30_000)).subs;
        }
        await quiet(clients);
        await clients.ask({ type: 'reset' }, 'status');
        const idle = await gateway.ask(
          {
            type: 'memory',
            settleMs: Number(process.env.FANOUT_SETTLE ?? 0),
            snapshot: options.snapshot && `${options.snapshot}-${r}-${fanout}-idle.heapsnapshot`,
          },
          'memory',
          300_000,
        );

        const stamp = `${r}${Date.now().toString(36)}`;
        const bodies = Array.from({ length: RATE * SECONDS }, (_, i) => {
          const status = i % 2 === 0 ? 'processing' : 'completed';
          return transactionWebhook(`evt_${stamp}_${i}`, `txn_b${stamp}_${i}`, sellers[i % SELLERS]!, status, status === 'processing' ? 1 : 2);
        });
        await gateway.ask({ type: 'measure' }, 'measuring');
        const sent = await sender.ask({ type: 'burst', url: hookUrl, secret: webhookSecret, bodies, ratePerSecond: RATE }, 'sent', 120_000);
        const owed = bodies.reduce((sum, _, i) => sum + (ok(sent.status[i]!) ? subscribersOf.get(sellers[i % SELLERS]!)! : 0), 0);
        const drainStart = now();
        await waitFor(clients, owed, DRAIN_DEADLINE_MS);
        const drainMs = now() - drainStart;
        await new Promise((done) => setTimeout(done, 300)); // anything extra still on its way
        const measured = await gateway.ask({ type: 'measured' }, 'measured');
        const records = await clients.ask({ type: 'collect' }, 'records', 60_000);
        rounds.push({ fanout, started, idle, measured, sent, records, owed, drainMs, openMs: opened.ms, subscriptions: SUBSCRIPTIONS, stamp });
        await clients.ask({ type: 'shut' }, 'shut', 120_000);
      } finally {
        await gateway.stop();
      }
    }
    const summary = [
      `One gateway instance (its own process), ${SUBSCRIPTIONS} subscriptions, one WebSocket each (clients in another process): ${SELLER_TOKENS} seller tokens`,
      `  (${SELLER_TOKENS / SELLERS} per seller), ${SUBSCRIPTIONS - SELLER_TOKENS - UNFILTERED} tenant key + sellerId, ${UNFILTERED} tenant key unfiltered; ${SELLERS} sellers; event log in Redis.`,
      `${RATE * SECONDS} webhooks (one transaction each, sellers round-robin) at ${RATE}/s per round; rounds alternate ${[...new Set(ROUNDS)].join(' / ')}.`,
      'p99: webhook 2xx received by the sender → message received by the clients process. Refused: webhook POSTs without a 2xx (network errors included).',
      'RSS and heap per idle subscription: the gateway process with every subscription idle (after warm-up, after gc) minus before the first one, divided by their number.',
      'Targets (one instance): p99 < 50 ms, 0 refused, < 12 KB RSS per idle subscription.',
    ].join('\n');
    return { summary, rounds: rounds.map(roundRow), medians: summaryRows(rounds) };
  } finally {
    await clients.stop();
    await sender.stop();
    await store.close();
    await oms.close();
    if (ownRedis) await ownRedis.stop();
    else await dropKeys(redisUrl, prefix);
  }
}

export function formatFanoutBench({ summary, rounds, medians }: FanoutBench): string {
  return `${summary}\n\n${table(rounds)}\n\n${table(medians)}`;
}

const ok = (status: number) => status >= 200 && status < 300;

async function waitFor(clients: Child<ToClients, FromClients>, count: number, withinMs: number) {
  const deadline = now() + withinMs;
  for (;;) {
    const status = await clients.ask({ type: 'status' }, 'status');
    if (status.received >= count || now() > deadline) return status;
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Resolves once no message has reached the clients for half a second. */
async function quiet(clients: Child<ToClients, FromClients>): Promise<void> {
  let last = -1;
  for (;;) {
    const { received } = await clients.ask({ type: 'status' }, 'status');
    if (received === last) return;
    last = received;
    await new Promise((done) => setTimeout(done, 500));
  }
}

async function dropKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

if (process.argv[1] && realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url))) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  benchFanout({
    subscriptions: arg('subscriptions') ? Number(arg('subscriptions')) : undefined,
    rounds: arg('rounds')?.split(',') as Fanout[] | undefined,
    profile: arg('profile'),
    snapshot: arg('snapshot'),
  }).then(
    (result) => {
      console.log(`# benchmarks · ${machine()}\n`);
      console.log('## Fan-out: one instance, 19,000 subscriptions, 50 webhooks/s, against per-subscriber execution\n');
      console.log(formatFanoutBench(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
