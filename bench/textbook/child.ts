import { pino } from 'pino';
import { createRedisCacheStore } from '../../src/cache/index.js';
import { createOmsClient } from '../../src/oms/index.js';
import { startGateway } from '../../src/server.js';
import { hashApiKey } from '../../src/tenancy/api-keys.js';
import { TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { parseTenantsFile } from '../../src/tenancy/tenants-file.js';
import { startBareApollo, startTextbook } from './server.js';
import { benchConfig } from '../config.js';

/**
 * One server of the comparison in a process of its own (forked by bench/textbook-compare.ts), so its
 * CPU time is its own: `gateway` (no read cache: every query asks OMS), `cached` (the read cache in
 * Redis at BENCH_REDIS_URL, as every instance would share it), `textbook` or `bare`. It tells the parent its URL over IPC, and
 * answers each `stats` message with its CPU time, RSS and OMS requests so far.
 */

export interface ChildStats {
  cpuMs: number;
  rssMb: number;
  omsCalls: number;
}

const mode = process.argv[2];
const env = { baseUrl: process.env.BENCH_OMS_URL ?? '', apiKey: process.env.BENCH_OMS_KEY ?? '', apiSecret: process.env.BENCH_OMS_SECRET ?? '' };

async function start(): Promise<{ url: string; calls(): number }> {
  if (mode === 'textbook') return startTextbook({ ...env, tenantKey: TENANT_METADATA_KEY, tenantId: 'bench' });
  if (mode === 'bare') return startBareApollo();
  const cached = mode === 'cached';
  const config = benchConfig({
    // As in production (NODE_ENV=production): no playground page in front of /graphql.
    PLAYGROUND: 'off',
    CACHE_MAX_AGE_MS: cached ? '600000' : '0',
    // BENCH_GRAPHQL_EXECUTOR=graphql-js measures the gateway with graphql-js's execution (default: the gateway's default).
    ...(process.env.BENCH_GRAPHQL_EXECUTOR ? { GRAPHQL_EXECUTOR: process.env.BENCH_GRAPHQL_EXECUTOR } : {}),
  });
  const redisUrl = process.env.BENCH_REDIS_URL;
  const cacheStore = cached && redisUrl ? { cacheStore: createRedisCacheStore({ redis: redisUrl, prefix: `bench-${process.pid}`, maxAgeMs: 600_000 }) } : {};
  const tenants = parseTenantsFile({
    omsAccounts: [{ kind: 'oms', id: 'bench', ...env, sandbox: true }],
    tenants: [
      {
        id: 'bench',
        name: 'Bench Market',
        omsAccount: 'bench',
        apiKeyHashes: [hashApiKey(process.env.BENCH_API_KEY ?? '')],
        limits: { requestsPerMinute: 1_000_000 },
      },
    ],
  });
  // The account made here rather than from the tenants file, to read its call count.
  const client = createOmsClient({ ...env, timeoutMs: config.omsTimeoutMs });
  const account = { id: 'bench', client, now: Date.now, webhookSecrets: [], embedded: false, sandbox: true };
  const gateway = await startGateway({ config, tenants, logger: pino({ level: 'silent' }), accounts: [account], ...cacheStore });
  return { url: gateway.url, calls: () => client.stats().total };
}

const server = await start();
process.send?.({ url: server.url });
process.on('message', (message) => {
  if (message !== 'stats') return;
  const cpu = process.cpuUsage();
  const stats: ChildStats = { cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.memoryUsage.rss() / 2 ** 20, omsCalls: server.calls() };
  process.send?.(stats);
});
// The parent's end is ours: no orphan servers when it exits.
process.on('disconnect', () => process.exit(0));
