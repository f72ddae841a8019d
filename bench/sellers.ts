import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { type Connection, createCursors, scan } from '../src/graphql/common/connection.js';
import type { OmsClient } from '../src/oms/index.js';
import type { Customer } from '../src/oms/schemas/index.js';
import { embeddedAccount } from '../src/sandbox/account.js';
import { createSandbox, type Sandbox } from '../src/sandbox/app.js';
import type { CustomerView } from '../src/sandbox/store.js';
import { startGateway, type Gateway } from '../src/server.js';
import { hashApiKey, newApiKey } from '../src/tenancy/api-keys.js';
import { canSeeSeller, TENANT_METADATA_KEY } from '../src/tenancy/ownership.js';
import { createRedisSellerIndex, type IndexedSeller } from '../src/tenancy/seller-index/index.js';
import { parseTenantsFile, tenantFrom } from '../src/tenancy/tenants-file.js';
import { percentile } from './stats.js';
import { BENCH_SESSION_SECRET, benchConfig } from './config.js';

/**
 * `sellers(first: 20)` for a tenant with 1,000 sellers in an OMS account of 100,000 customers (the
 * other 99,000 another tenant's, interleaved: one of ours in every hundred), against the named
 * baseline "scan": the gateway before the seller index, OMS customer pages of 100 filtered by the
 * tenant stamp, at most 20 pages a request (the textbook list-and-filter). The index path runs through
 * the whole gateway (HTTP, GraphQL, the Redis seller index, loaders); the baseline is that resolver's
 * scan called in-process on the same OMS client, so it pays no HTTP or GraphQL: in its favour.
 * Modes alternate query by query (the order flipped each round), at 0 ms (in-process cost) and 20 ms
 * per OMS call.
 */

const CUSTOMERS = 100_000;
const EVERY = 100;
const PAGE = 20;
const ROUNDS = 9;
const LATENCIES = [0, 20];
const TENANT = 'bench';
const QUERY = JSON.stringify({ query: `{ sellers(first: ${PAGE}) { nodes { id firstName email status } pageInfo { hasNextPage endCursor } } }` });

interface Sample {
  ms: number;
  calls: number;
  /** Customers OMS answered with: every item of every list page, and one per fetch. */
  read: number;
  /** Waves of OMS calls one after another: a call started while none was in flight begins one. */
  trips: number;
  sellers: number;
}

export async function benchSellers(): Promise<{ rows: Record<string, string | number>[]; summary: string }> {
  const { redisServer } = await import('../test/support/redis-server.js');
  const ownRedis = process.env.REDIS_URL ? undefined : await redisServer();
  const redisUrl = process.env.REDIS_URL ?? ownRedis!.url;
  const prefix = `bench-sellers-${randomUUID()}`;
  const bench = await open(redisUrl, prefix);
  try {
    const rows: Record<string, string | number>[] = [];
    let target = '';
    for (const latencyMs of LATENCIES) {
      bench.sandbox.faults.latencyMs = latencyMs;
      await bench.index();
      await bench.scan();
      const samples: Record<'index' | 'scan', Sample[]> = { index: [], scan: [] };
      for (let round = 0; round < ROUNDS; round += 1) {
        const order = round % 2 === 0 ? (['index', 'scan'] as const) : (['scan', 'index'] as const);
        for (const mode of order) samples[mode].push(await bench[mode]());
      }
      const [index, scanned] = [summarise(samples.index), summarise(samples.scan)];
      rows.push({ mode: 'index', 'OMS ms': latencyMs, queries: ROUNDS, ...index });
      rows.push({ mode: 'scan (baseline)', 'OMS ms': latencyMs, queries: ROUNDS, ...scanned });
      rows.push({
        mode: 'scan / index',
        'OMS ms': '',
        queries: '',
        'OMS calls/query': ratio(scanned['OMS calls/query'], index['OMS calls/query']),
        'customers read/query': ratio(scanned['customers read/query'], index['customers read/query']),
        'OMS round trips/query': ratio(scanned['OMS round trips/query'], index['OMS round trips/query']),
        'sellers/query': '',
        'p50 ms': ratio(scanned['p50 ms'], index['p50 ms']),
        'max ms': ratio(scanned['max ms'], index['max ms']),
      });
      if (latencyMs === 20) {
        const met = index['OMS calls/query'] === PAGE && index['p50 ms'] < 50;
        target = `Target at 20 ms per OMS call: one page of OMS work (${PAGE} customer fetches, no list) and p50 under 50 ms: ${met ? 'met' : 'NOT met'} (${index['OMS calls/query']} calls, p50 ${index['p50 ms'].toFixed(1)} ms).`;
      }
    }
    const summary = [
      `${CUSTOMERS.toLocaleString('en')} customers in one OMS account, ${(CUSTOMERS / EVERY).toLocaleString('en')} of them the tenant's (one in every ${EVERY}); sellers(first: ${PAGE}).`,
      `index: the Redis seller index (${ownRedis ? 'redis-server spawned for the run' : 'REDIS_URL'}) names the page, then one customer fetch per seller, in parallel.`,
      `scan (baseline): OMS customer pages of 100 filtered by the tenant stamp, at most 20 pages (2,000 customers) a request.`,
      'The 100,000 customers are written straight into the sandbox store, and the index is fed the seeded sellers through its backfill',
      '(scanning 100,000 customers once takes minutes here). The 0 ms rows are the in-process cost, the sandbox sorting 100,000 customers per list included.',
      target,
    ].join('\n');
    return { rows, summary };
  } finally {
    await bench.close();
    const { deleteKeys } = await import('../test/events/redis-support.js');
    await deleteKeys(redisUrl, `${prefix}:*`);
    await ownRedis?.stop();
  }
}

function summarise(samples: Sample[]) {
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  return {
    'OMS calls/query': median(samples.map((s) => s.calls)),
    'customers read/query': median(samples.map((s) => s.read)),
    'OMS round trips/query': median(samples.map((s) => s.trips)),
    'sellers/query': median(samples.map((s) => s.sellers)),
    'p50 ms': percentile(ms, 50),
    'max ms': ms[ms.length - 1]!,
  };
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const ratio = (a: number, b: number) => `${(a / b).toFixed(1)}×`;

interface Bench {
  sandbox: Sandbox;
  index(): Promise<Sample>;
  scan(): Promise<Sample>;
  close(): Promise<void>;
}

async function open(redisUrl: string, prefix: string): Promise<Bench> {
  const apiKey = newApiKey(TENANT);
  const tenants = parseTenantsFile({
    omsAccounts: [{ kind: 'sandbox', id: 'bench' }],
    tenants: [{ id: TENANT, name: 'Bench Market', omsAccount: 'bench', apiKeyHashes: [hashApiKey(apiKey)], limits: { requestsPerMinute: 1_000_000 } }],
  });
  // The read cache off (and with it the kept answers): each query does its OMS work, which is what the index saves on.
  const config = benchConfig({ CACHE_MAX_AGE_MS: '0' });
  const sandbox = createSandbox({ completionDelayMs: 5, followUpDelayMs: 5 });
  let [calls, read, trips, inFlight] = [0, 0, 0, 0];
  const account = embeddedAccount('bench', sandbox, {
    timeoutMs: config.omsTimeoutMs,
    fetch: async (input, init) => {
      calls += 1;
      if (inFlight === 0) trips += 1;
      inFlight += 1;
      const response = await sandbox.fetch(input, init).finally(() => (inFlight -= 1));
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      if (path.endsWith('/customers')) read += ((await response.clone().json()) as { data: unknown[] }).data.length;
      else if (path.includes('/customers/')) read += 1;
      return response;
    },
  });
  const ours = seed(sandbox);
  const sellerIndex = createRedisSellerIndex({ redis: redisUrl, prefix });
  await sellerIndex.backfill(TENANT, async () => ours, new AbortController().signal);
  const gateway = await startGateway({ config, tenants, logger: pino({ level: 'silent' }), accounts: [account], sellerIndex });
  const since = (before: { calls: number; read: number; trips: number }) => ({
    calls: calls - before.calls,
    read: read - before.read,
    trips: trips - before.trips,
  });
  const newest = ours
    .slice(-PAGE)
    .map((s) => s.id)
    .reverse();
  const baseline = scanBaseline(account.client, tenantFrom(tenants.tenants[0]!, config.limits));
  return {
    sandbox,
    async index() {
      const before = { calls, read, trips };
      const started = performance.now();
      const connection = await query(gateway, apiKey);
      const sample = { ms: performance.now() - started, ...since(before), sellers: connection.nodes.length };
      if (connection.nodes.map((n) => n.id).join() !== newest.join()) throw new Error('the index listed other sellers than the newest 20');
      return sample;
    },
    async scan() {
      const before = { calls, read, trips };
      const started = performance.now();
      const connection = await baseline();
      return { ms: performance.now() - started, ...since(before), sellers: connection.nodes.length };
    },
    async close() {
      await gateway.close();
      sandbox.close();
    },
  };
}

async function query(gateway: Gateway, apiKey: string): Promise<{ nodes: { id: string }[] }> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: QUERY,
  });
  const result = (await response.json()) as { data?: { sellers: { nodes: { id: string }[] } }; errors?: unknown[] };
  if (result.errors || !result.data) throw new Error(`sellers failed: ${JSON.stringify(result).slice(0, 500)}`);
  return result.data.sellers;
}

/** The baseline: the `sellers` resolver before the seller index, its first page. */
function scanBaseline(oms: OmsClient, tenant: ReturnType<typeof tenantFrom>): () => Promise<Connection<Customer>> {
  const cursors = createCursors(BENCH_SESSION_SECRET, TENANT);
  const caller = { role: 'tenant' as const, tenant };
  return () =>
    scan(
      cursors,
      PAGE,
      undefined,
      (startingAfter) => oms.customers.list({ limit: 100, ...(startingAfter ? { startingAfter } : {}) }),
      (customer) => canSeeSeller(caller, customer),
    );
}

/** 100,000 customers a second apart, straight into the sandbox store; every hundredth the tenant's. Answers the tenant's, oldest first. */
function seed(sandbox: Sandbox): IndexedSeller[] {
  const ledger = sandbox.ledgers.get(sandbox.accounts[0]!.apiKey)!;
  const start = Date.now() - CUSTOMERS * 1000;
  const ours: IndexedSeller[] = [];
  for (let i = 0; i < CUSTOMERS; i += 1) {
    const at = start + i * 1000;
    const mine = i % EVERY === EVERY - 1;
    const createdAt = new Date(at).toISOString();
    const customer: CustomerView = {
      // Sandbox-like ids that sort with their time (a ULID's randomness per id would cost seconds here).
      id: `cst_${at.toString(36)}${i.toString(36).padStart(4, '0')}`,
      object: 'customer',
      firstName: mine ? `Seller${ours.length}` : `Other${i}`,
      lastName: 'Bench',
      email: `${mine ? 'seller' : 'other'}${i}@example.com`,
      status: 'active',
      signedAgreement: false,
      endorsements: ['basic' as const, 'cryptoCustody' as const, 'usd' as const].map((name) => ({ name, status: 'active' as const })),
      metadata: { [TENANT_METADATA_KEY]: mine ? TENANT : 'other-tenant' },
      createdAt,
      updatedAt: createdAt,
    };
    ledger.customers.set(customer.id, customer);
    if (mine) ours.push({ id: customer.id, createdAt, email: customer.email ?? null });
  }
  return ours;
}
