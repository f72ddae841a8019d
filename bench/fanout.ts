import { randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { loadConfig } from '../src/config.js';
import { createOmsClient } from '../src/oms/index.js';
import { newWebhookSecret } from '../src/sandbox/webhooks/sign.js';
import { startSandboxServer } from '../src/sandbox/server.js';
import { hashApiKey, newApiKey } from '../src/tenancy/api-keys.js';
import { TENANT_METADATA_KEY } from '../src/tenancy/ownership.js';
import { createRedisSessionStore } from '../src/tenancy/session-store.redis.js';
import { createSessionTokens } from '../src/tenancy/session-tokens.js';
import { createSessions } from '../src/tenancy/sessions.js';
import { freePort, redisServer } from '../test/support/redis-server.js';
import { Child } from './fanout/child.js';
import type { ClientSpec, FromClients, ToClients } from './fanout/clients.js';
import type { Fanout, FromGateway, ToGateway } from './fanout/gateway.js';
import { roundRow, summaryRows, type Round } from './fanout/report.js';
import { runRound, type Setup } from './fanout/round.js';
import type { Sent, ToSender } from './fanout/sender.js';
import { machine, table } from './stats.js';

/**
 * The issue-10 target: ONE gateway instance, 19,000 subscriptions (one WebSocket each; the open-file
 * limit per process is 20,000), 50 webhooks/s. Each round runs a fresh gateway process in one of
 * two modes, alternating: `shared` (one execution and serialization per event for each group of
 * subscriptions with the same document, variables and visibility) and the named baseline
 * `per-subscriber` (graphql-ws's own subscribe: the document executed and serialized once per
 * subscriber, as before issue 10; the memory savings outside the fan-out apply to both).
 *
 *   this process      Redis (spawned unless REDIS_URL), the OMS sandbox, set-up (sellers, session tokens)
 *   gateway           one per round (fanout/gateway.ts, --expose-gc): its RSS and event loop are measured
 *   clients           every WebSocket client, timing each message (fanout/clients.ts)
 *   sender            signs and POSTs the webhooks on a timer, timing each answer (fanout/sender.ts)
 *
 * Run alone: `npx tsx bench/fanout.ts` (options: --rounds=shared,per-subscriber --subscriptions=2000
 * --profile=/tmp/p for a CPU profile of each burst, --snapshot=/tmp/s for heap snapshots).
 */

const SELLERS = 100;
/** Of the subscriptions: half seller tokens (dashboards, opened without `after`), then tenant keys with sellerId, the last few tenant keys with no filter (both resuming from "0-0"). */
const UNFILTERED = 5;
const here = dirname(fileURLToPath(import.meta.url));

export interface FanoutOptions {
  subscriptions?: number;
  rounds?: Fanout[];
  /** Path prefix of a CPU profile of each round's burst (the gateway process). */
  profile?: string | undefined;
  /** Path prefix of heap snapshots of each round's gateway, before any subscription and with all of them idle. */
  snapshot?: string | undefined;
}

export interface FanoutBench {
  summary: string;
  rounds: Record<string, string | number>[];
  medians: Record<string, string | number>[];
}

export async function benchFanout(options: FanoutOptions = {}): Promise<FanoutBench> {
  const { subscriptions = 19_000, rounds: modes = ['shared', 'per-subscriber', 'shared', 'per-subscriber'] } = options;
  const sellerTokens = Math.round(subscriptions / 2);
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
    const specs: Setup['specs'] = [];
    for (let j = 0; j < subscriptions; j += 100) {
      const batch = Array.from({ length: Math.min(100, subscriptions - j) }, async (_, k): Promise<ClientSpec & { seller: string | null }> => {
        const i = j + k;
        const seller = sellers[i % SELLERS]!;
        if (i < sellerTokens) return { token: (await sessions.issue('acme', seller, 3600)).token, sellerId: null, after: null, seller };
        if (i < subscriptions - UNFILTERED) return { token: tenantKey, sellerId: seller, after: '0-0', seller };
        return { token: tenantKey, sellerId: null, after: '0-0', seller: null };
      });
      specs.push(...(await Promise.all(batch)));
    }
    const setup: Setup = {
      clients,
      sender,
      sellers,
      specs,
      subscribersOf: new Map(sellers.map((s) => [s, specs.filter((spec) => spec.seller === null || spec.seller === s).length])),
      webhookSecret: newWebhookSecret(),
      ratePerSecond: 50,
      seconds: 10,
      gateway: () => new Child<ToGateway, FromGateway>(resolve(here, 'fanout/gateway.ts'), ['--expose-gc']),
    };

    const rounds: Round[] = [];
    for (const [r, fanout] of modes.entries()) {
      const spec = {
        fanout,
        port: await freePort(),
        redisUrl,
        prefix,
        eventsPrefix: `${prefix}-r${r}`,
        omsUrl: oms.url,
        apiKey,
        apiSecret,
        webhookSecret: setup.webhookSecret,
        tenantKeyHash: hashApiKey(tenantKey),
        sessionSecret,
        profile: options.profile && `${options.profile}-${r}-${fanout}.cpuprofile`,
        snapshot: options.snapshot && `${options.snapshot}-${r}-${fanout}`,
      };
      rounds.push(await runRound(setup, spec, r));
    }
    const summary = [
      `One gateway instance (its own process), ${subscriptions} subscriptions, one WebSocket each (clients in another process): ${sellerTokens} seller tokens`,
      `  (${sellerTokens / SELLERS} per seller, opened without \`after\`), ${subscriptions - sellerTokens - UNFILTERED} tenant key + sellerId and ${UNFILTERED} tenant key unfiltered (resuming from "0-0");`,
      `  ${SELLERS} sellers; event log in Redis. ${setup.ratePerSecond * setup.seconds} webhooks (one transaction each, sellers round-robin) at ${setup.ratePerSecond}/s per round; rounds alternate ${[...new Set(modes)].join(' / ')}.`,
      'p50/p99: webhook 2xx received by the sender → message received by the clients process (negative: the message reached the clients before the 2xx reached the sender, since the gateway delivers as soon as the event is logged). Refused: webhook POSTs without a 2xx (network errors included).',
      'Per idle subscription: the gateway process with every subscription idle (after warm-up, 3 full GCs) minus before the first one, over their number.',
      'Executions per event: of the document, counted by the fan-out (shared mode); per-subscriber executes once per subscription owed the event.',
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
