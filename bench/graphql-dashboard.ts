import { pino } from 'pino';
import type { Config } from '../src/config.js';
import type { OmsClient } from '../src/oms/index.js';
import { embeddedAccount } from '../src/sandbox/account.js';
import { createSandbox, type Sandbox } from '../src/sandbox/app.js';
import { startGateway, type Gateway } from '../src/server.js';
import { hashApiKey, newApiKey } from '../src/tenancy/api-keys.js';
import { TENANT_METADATA_KEY } from '../src/tenancy/ownership.js';
import { parseTenantsFile } from '../src/tenancy/tenants-file.js';
import { benchConfig } from './config.js';
import { naiveLoaders } from './naive-loaders.js';
import { measure } from './stats.js';

/**
 * A seller dashboard through the whole gateway (HTTP, Apollo, resolvers, loaders, OMS client) against
 * the sandbox with a fixed latency per OMS call: what the per-request loaders save over the naive
 * resolver path, in OMS calls and in time. Both modes run on identical data in the same process.
 */

const LATENCY_MS = 20;
export const SELLERS = 25;
const TRANSACTIONS = 10;

/** The sellers page (the seller index, then one customer fetch per seller, side by side) → wallet lists and transaction pages side by side → balances (destination wallets are listed). */
const LEVELS = 3;

export const DASHBOARD = `{ sellers(first: ${SELLERS}) { nodes { id firstName
  wallets { id address balance { available pending } }
  transactions(first: ${TRANSACTIONS}) { nodes { id type status createdAt destination { amountNet wallet { id } } } } } } }`;

/** A no-latency row first: the in-process cost (gateway and sandbox share one event loop), under the rest. */
const RUNS = [
  { latencyMs: 0, concurrency: 1, queries: 20 },
  { latencyMs: LATENCY_MS, concurrency: 1, queries: 40 },
  { latencyMs: LATENCY_MS, concurrency: 8, queries: 40 },
];

interface Bench {
  gateway: Gateway;
  config: Config;
  sandbox: Sandbox;
  /** Wallets of all the sellers: one balance call each. */
  wallets: number;
  client: OmsClient;
  /** `METHOD /path?query` of every OMS request since the last reset. */
  targets: string[];
  query(): Promise<void>;
}

interface Result {
  mode: string;
  calls: number;
  duplicates: number | undefined;
  p50: number;
  p99: number;
  perSecond: number;
}

export async function benchGraphqlDashboard(): Promise<{ rows: Record<string, string | number>[]; summary: string }> {
  const modes = { loaders: await open(false), naive: await open(true) };
  try {
    const rows: Record<string, string | number>[] = [];
    for (const { latencyMs, concurrency, queries } of RUNS) {
      const [on, off] = [
        await run(modes.loaders, 'loaders', latencyMs, concurrency, queries),
        await run(modes.naive, 'naive', latencyMs, concurrency, queries),
      ];
      for (const r of [on, off]) {
        rows.push({
          mode: r.mode,
          'OMS ms': latencyMs,
          concurrency,
          queries,
          'OMS calls/query': r.calls,
          'duplicate calls/query': r.duplicates ?? '–',
          'p50 ms': r.p50,
          'p99 ms': r.p99,
          'queries/s': r.perSecond,
        });
      }
      rows.push({
        mode: 'loaders gain',
        'OMS ms': '',
        concurrency: '',
        queries: '',
        'OMS calls/query': gain(off.calls, on.calls),
        'duplicate calls/query': '',
        'p50 ms': gain(off.p50, on.p50),
        'p99 ms': gain(off.p99, on.p99),
        'queries/s': gain(on.perSecond, off.perSecond),
      });
    }
    const { wallets } = modes.loaders;
    const limit = modes.loaders.config.omsMaxConcurrency;
    const waves = 1 + Math.ceil((2 * SELLERS) / limit) + Math.ceil(wallets / limit);
    const summary = [
      `${SELLERS} sellers × ${wallets} wallets with balances × ${TRANSACTIONS} latest transactions each (destination wallet included), OMS latency added in the sandbox.`,
      `With loaders: ${LEVELS} levels of OMS calls (${SELLERS} sellers fetched → ${2 * SELLERS} wallet lists and transaction pages → ${wallets} balances) = ${LEVELS * LATENCY_MS} ms at ${LATENCY_MS} ms;`,
      `at OMS_MAX_CONCURRENCY=${limit} that is ${waves} waves = ${waves * LATENCY_MS} ms of waiting, plus the in-process cost (the no-latency row).`,
      `Duplicates are identical method + path + query within one query, counted where queries run one at a time; "gain" > 1 favours loaders.`,
    ].join('\n');
    return { rows, summary };
  } finally {
    for (const mode of [modes.loaders, modes.naive]) {
      await mode.gateway.close();
      mode.sandbox.close();
    }
  }
}

async function run(bench: Bench, mode: string, latencyMs: number, concurrency: number, queries: number): Promise<Result> {
  bench.sandbox.faults.latencyMs = latencyMs;
  for (let i = 0; i < 3; i += 1) await bench.query();
  bench.targets.length = 0;
  bench.client.resetStats();
  // Which requests repeat is only attributable to one query when queries run one at a time.
  let duplicates = 0;
  const result = await measure(queries, concurrency, async () => {
    await bench.query();
    if (concurrency === 1) duplicates += duplicateCalls(bench.targets.splice(0));
  });
  return { mode, calls: bench.client.stats().total / queries, duplicates: concurrency === 1 ? duplicates / queries : undefined, ...result };
}

/** A gateway on its own sandbox with the dashboard's data, every OMS call it makes recorded. */
async function open(naive: boolean): Promise<Bench> {
  const apiKey = newApiKey('bench');
  const tenants = parseTenantsFile({
    omsAccounts: [{ kind: 'sandbox', id: 'bench' }],
    tenants: [{ id: 'bench', name: 'Bench Market', omsAccount: 'bench', apiKeyHashes: [hashApiKey(apiKey)], limits: { requestsPerMinute: 1_000_000 } }],
  });
  // The read cache off (and with it the kept answers): every query asks OMS, which is what the loaders save on.
  const config = benchConfig({ CACHE_MAX_AGE_MS: '0' });
  const sandbox = createSandbox({ completionDelayMs: 5, followUpDelayMs: 5 });
  const targets: string[] = [];
  // The gateway's client of the sandbox, on a fetch that records every call.
  const account = embeddedAccount('bench', sandbox, {
    timeoutMs: config.omsTimeoutMs,
    fetch: (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      targets.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
      return sandbox.fetch(input, init);
    },
  });
  const client = account.client;
  const gateway = await startGateway({ config, tenants, logger: pino({ level: 'silent' }), accounts: [account], ...(naive ? { loaders: naiveLoaders } : {}) });

  const wallets = await seed(client);
  await sandbox.idle();
  const body = JSON.stringify({ query: DASHBOARD });
  return {
    gateway,
    config,
    sandbox,
    wallets,
    client,
    targets,
    async query() {
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body });
      const result = (await response.json()) as { data?: { sellers: { nodes: unknown[] } }; errors?: unknown[] };
      if (result.errors || result.data?.sellers.nodes.length !== SELLERS) throw new Error(`dashboard query failed: ${JSON.stringify(result).slice(0, 500)}`);
    },
  };
}

/** Sellers of 1-2 wallets each, with settled deposits spread over their wallets; answers how many wallets. */
export async function seed(client: OmsClient): Promise<number> {
  let wallets = 0;
  for (let s = 0; s < SELLERS; s += 1) {
    const seller = await client.customers.create({
      firstName: `Seller${s}`,
      lastName: 'Bench',
      metadata: { [TENANT_METADATA_KEY]: 'bench' },
      endorsements: ['basic', 'cryptoCustody', 'usd'],
    });
    const accounts = [];
    for (let w = 0; w < 1 + (s % 2); w += 1) {
      const wallet = await client.wallets.create(seller.id, { asset: 'usdc', chain: 'polygon' });
      wallets += 1;
      accounts.push(
        await client.virtualAccounts.create(seller.id, {
          source: { asset: 'usd', network: 'usBank' },
          destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
        }),
      );
    }
    for (let t = 0; t < TRANSACTIONS; t += 1) {
      await client.virtualAccounts.simulate(accounts[t % accounts.length]!.id, { rail: 'ach_in', amount: { currency: 'USD', value: String(500 + t) } });
    }
  }
  return wallets;
}

/** Requests beyond the first of each method and target. */
function duplicateCalls(targets: string[]): number {
  return targets.length - new Set(targets).size;
}

/** How many times better the loaders do; above 1 favours them. */
function gain(worse: number, better: number): string {
  return `${(worse / better).toFixed(1)}×`;
}
