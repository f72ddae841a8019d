import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoaders } from '../../src/graphql/loaders.js';
import type { OmsClient } from '../../src/oms/index.js';
import { TENANT_METADATA_KEY } from '../../src/tenancy/ownership.js';
import { naiveLoaders } from '../../bench/naive-loaders.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/**
 * The loaders' promise, counted in OMS calls: a nested query costs calls per level, not per field.
 * Every OMS call the gateway makes is recorded by a fetch wrapped around the sandbox's own (see
 * `record`), so the tests see each request target, and how many were in flight at once.
 */

const DASHBOARD = `{ sellers(first: 10) { nodes { id
  wallets { id balance { available } seller { id } }
  transactions(first: 5) { nodes { id destination { wallet { id seller { id } } } } } } } }`;

/** The same selections, transactions first: priming must not depend on which list answers first. */
const DASHBOARD_REORDERED = `{ sellers(first: 10) { nodes { id
  transactions(first: 5) { nodes { id destination { wallet { id seller { id } } } } }
  wallets { id balance { available } seller { id } } } } }`;

interface Recorder {
  /** `METHOD /path?query` of every request sent, in order. */
  targets: string[];
  inFlight: number;
  maxInFlight: number;
  reset(): void;
}

/** A gateway whose OMS client records every request before handing it to the sandbox; `client` is that client. */
async function recordedGateway(options: Parameters<typeof startTestGateway>[0] = {}): Promise<{ t: TestGateway; client: OmsClient; recorder: Recorder }> {
  const recorder: Recorder = {
    targets: [],
    inFlight: 0,
    maxInFlight: 0,
    reset() {
      this.targets = [];
      this.maxInFlight = this.inFlight;
    },
  };
  const recording =
    (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      recorder.targets.push(`${init?.method ?? 'GET'} ${url.pathname.replace(/^\/v0\.9/, '')}${url.search}`);
      recorder.inFlight += 1;
      recorder.maxInFlight = Math.max(recorder.maxInFlight, recorder.inFlight);
      try {
        return await inner(input, init);
      } finally {
        recorder.inFlight -= 1;
      }
    };
  // The per-operation cost model (what one cold operation asks OMS), so without the read cache across operations (test/cache).
  const t = await startTestGateway({ ...options, env: { CACHE_MAX_AGE_MS: '0', ...options.env }, omsFetch: recording });
  return { t, client: t.account.client, recorder };
}

/** Request targets sent more than once, with how many times. */
function duplicates(targets: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const target of targets) counts[target] = (counts[target] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 1));
}

const ENDORSEMENTS = ['basic', 'cryptoCustody', 'usd'] as const;

async function sellerOf(client: OmsClient, tenant: string, name: string, wallets: number) {
  const customer = await client.customers.create({
    firstName: name,
    lastName: 'Example',
    email: `${name.toLowerCase()}@example.com`,
    metadata: { [TENANT_METADATA_KEY]: tenant },
    endorsements: [...ENDORSEMENTS],
  });
  const walletIds: string[] = [];
  for (let i = 0; i < wallets; i += 1) walletIds.push((await client.wallets.create(customer.id, { asset: 'usdc', chain: 'polygon' })).id);
  return { id: customer.id, walletIds };
}

/** `count` deposits into the seller's wallets in turn, through one virtual account per wallet. */
async function deposits(client: OmsClient, seller: { id: string; walletIds: string[] }, count: number) {
  const vas = [];
  for (const wallet of seller.walletIds) {
    vas.push(
      await client.virtualAccounts.create(seller.id, {
        source: { asset: 'usd', network: 'usBank' },
        destination: { wallet: { wallet }, asset: 'usdc', network: 'polygon' },
      }),
    );
  }
  for (let i = 0; i < count; i += 1) {
    await client.virtualAccounts.simulate(vas[i % vas.length]!.id, { rail: 'ach_in', amount: { currency: 'USD', value: String(1_000 + i) } });
  }
}

/**
 * Acme's dashboard world: 4 older sellers with 5 wallets each (for node lookups), some of globex's
 * sellers, then the 10 newest acme sellers with 1-2 wallets and 5 settled deposits each.
 */
async function seed(t: TestGateway, client: OmsClient) {
  const older = [];
  for (let i = 0; i < 4; i += 1) older.push(await sellerOf(client, 'acme', `Older${i}`, 5));
  for (let i = 0; i < 3; i += 1) await deposits(client, await sellerOf(client, 'globex', `Globex${i}`, 1), 2);
  const sellers = [];
  for (let i = 0; i < 10; i += 1) {
    const seller = await sellerOf(client, 'acme', `Dash${i}`, 1 + (i % 2));
    await deposits(client, seller, 5);
    sellers.push(seller);
  }
  await t.sandbox.idle();
  // These sellers were made straight in OMS: the seller index's one-off backfill finds them, here rather than in a measured query.
  await t.request(t.keys.acme, '{ sellers(first: 1) { nodes { id } } }');
  return { older, sellers, walletCount: sellers.reduce((n, s) => n + s.walletIds.length, 0) };
}

interface DashboardData {
  sellers: {
    nodes: {
      id: string;
      wallets: { id: string; balance: { available: string }; seller: { id: string } }[];
      transactions: { nodes: { id: string; destination: { wallet: { id: string; seller: { id: string } } | null } }[] };
    }[];
  };
}

async function measured(t: TestGateway, client: OmsClient, recorder: Recorder, query: string) {
  client.resetStats();
  recorder.reset();
  const started = performance.now();
  const response = await t.request<any>(t.keys.acme, query);
  const ms = performance.now() - started;
  expect(response.errors).toBeUndefined();
  const stats = client.stats();
  // Nothing bypassed the recording fetch: it saw every call the client counted.
  expect(recorder.targets).toHaveLength(stats.total);
  return { data: response.data, stats, targets: recorder.targets, maxInFlight: recorder.maxInFlight, ms };
}

describe('loaders: OMS calls per level, not per field', () => {
  let t: TestGateway;
  let client: OmsClient;
  let recorder: Recorder;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ t, client, recorder } = await recordedGateway());
    world = await seed(t, client);
  });
  afterAll(() => t.close());

  it.each([
    { order: 'wallets before transactions', query: DASHBOARD, latencyMs: 0, latency: 'no latency' },
    { order: 'transactions before wallets', query: DASHBOARD_REORDERED, latencyMs: 0, latency: 'no latency' },
    { order: 'wallets before transactions', query: DASHBOARD, latencyMs: 20, latency: '20 ms per OMS call' },
    { order: 'transactions before wallets', query: DASHBOARD_REORDERED, latencyMs: 20, latency: '20 ms per OMS call' },
  ])('a seller dashboard ($order, $latency) costs one call per seller per list, one balance per wallet, nothing twice', async ({ query, latencyMs }) => {
    t.sandbox.faults.latencyMs = latencyMs;
    const { data, stats, targets } = await measured(t, client, recorder, query).finally(() => (t.sandbox.faults.latencyMs = 0));
    const sellers = (data as DashboardData).sellers.nodes;
    expect(sellers.map((s) => s.id)).toEqual(world.sellers.map((s) => s.id).reverse());
    for (const seller of sellers) {
      expect(seller.wallets.map((w) => w.seller.id)).toEqual(seller.wallets.map(() => seller.id));
      expect(seller.transactions.nodes).toHaveLength(5);
      for (const txn of seller.transactions.nodes) expect(txn.destination.wallet?.seller.id).toBe(seller.id);
    }

    expect(stats.byEndpoint).toEqual({
      'GET /customers/{id}': 10,
      'GET /customers/{id}/wallets': 10,
      'GET /wallets/{id}/balance': world.walletCount,
      'GET /customers/{id}/transactions': 10,
    });
    expect(stats.total).toBe(10 + 10 + world.walletCount + 10);
    expect(duplicates(targets)).toEqual({});
  });

  it('virtual accounts listed beside transactions are not fetched again through the deposits', async () => {
    const query = `{ sellers(first: 10) { nodes { id
      transactions(first: 5) { nodes { id virtualAccount { id seller { id } } } }
      virtualAccounts { id } } } }`;
    const { data, stats, targets } = await measured(t, client, recorder, query);
    const sellers = (data as { sellers: { nodes: { transactions: { nodes: { virtualAccount: { id: string } | null }[] } }[] } }).sellers.nodes;
    expect(sellers.flatMap((s) => s.transactions.nodes).every((txn) => txn.virtualAccount !== null)).toBe(true);
    expect(stats.byEndpoint).toEqual({ 'GET /customers/{id}': 10, 'GET /customers/{id}/transactions': 10, 'GET /customers/{id}/virtual-accounts': 10 });
    expect(duplicates(targets)).toEqual({});
  });

  it('a by-id load made while a list is on its way is answered by the list, and fetched only when the list lacks it', async () => {
    const [a, b] = [world.sellers[0]!, world.sellers[1]!];
    for (const naive of [false, true]) {
      const loaders = naive ? naiveLoaders(client) : createLoaders(client, { concurrency: 8 });
      client.resetStats();
      // Same tick: the list's batch goes out first, then the by-id batch finds it in flight.
      const [listed, mine, other] = await Promise.all([
        loaders.walletsOf.load(a.id),
        loaders.wallet.load(a.walletIds[0]!),
        loaders.wallet.load(b.walletIds[0]!),
      ]);
      expect(listed.map((w) => w.id)).toEqual(a.walletIds);
      expect([mine?.id, other?.id]).toEqual([a.walletIds[0], b.walletIds[0]]);
      expect(client.stats().byEndpoint).toEqual({ 'GET /customers/{id}/wallets': 1, 'GET /wallets/{id}': naive ? 2 : 1 });
      // Once the list is in, the cache answers; after clear(), OMS does again.
      client.resetStats();
      await loaders.wallet.load(a.walletIds[0]!);
      loaders.wallet.clear(a.walletIds[0]!);
      await new Promise((resolve) => setImmediate(resolve));
      await loaders.wallet.load(a.walletIds[0]!);
      expect(client.stats().byEndpoint).toEqual({ 'GET /wallets/{id}': naive ? 2 : 1 });
    }
  });

  it('the same seller under 5 aliases is fetched once', async () => {
    const id = world.sellers[3]!.id;
    const query = `{ ${[1, 2, 3, 4, 5].map((i) => `s${i}: seller(id: "${id}") { id firstName }`).join(' ')} }`;
    const { data, stats } = await measured(t, client, recorder, query);
    expect(Object.values(data as Record<string, { id: string }>).map((s) => s.id)).toEqual([id, id, id, id, id]);
    expect(stats.byEndpoint).toEqual({ 'GET /customers/{id}': 1 });
  });

  it('node() for 20 wallets in one query fetches them concurrently, and each owner once', async () => {
    const ids = world.older.flatMap((s) => s.walletIds);
    expect(ids).toHaveLength(20);
    const query = `{ ${ids.map((id, i) => `w${i}: node(id: "${id}") { id ... on Wallet { seller { id } } }`).join(' ')} }`;
    t.sandbox.faults.latencyMs = 30;
    try {
      const { data, stats, targets, maxInFlight } = await measured(t, client, recorder, query);
      expect(Object.values(data as Record<string, { id: string }>).map((w) => w.id)).toEqual(ids);
      expect(stats.byEndpoint).toEqual({ 'GET /wallets/{id}': 20, 'GET /customers/{id}': world.older.length });
      expect(duplicates(targets)).toEqual({});
      // Two levels: every wallet at once, then every owner; never a wallet after an owner.
      expect(maxInFlight).toBe(20);
      expect(targets.slice(0, 20).every((target) => target.startsWith('GET /wallets/'))).toBe(true);
    } finally {
      t.sandbox.faults.latencyMs = 0;
    }
  });

  it('a wallet under several aliases, and the same wallet through node(), is fetched once', async () => {
    const id = world.sellers[1]!.walletIds[1]!;
    const query = `{ a: wallet(id: "${id}") { id seller { id } } b: wallet(id: "${id}") { id } c: node(id: "${id}") { id } }`;
    const { stats } = await measured(t, client, recorder, query);
    expect(stats.byEndpoint).toEqual({ 'GET /wallets/{id}': 1, 'GET /customers/{id}': 1 });
  });
});

describe('naive loaders (the benchmark baseline)', () => {
  let t: TestGateway;
  let client: OmsClient;
  let recorder: Recorder;

  beforeAll(async () => {
    ({ t, client, recorder } = await recordedGateway({ loaders: naiveLoaders }));
    await seed(t, client);
  });
  afterAll(() => t.close());

  it('make strictly more calls for the same dashboard, repeating the same requests', async () => {
    const { stats, targets } = await measured(t, client, recorder, DASHBOARD);
    expect(stats.byEndpoint['GET /customers/{id}']).toBeGreaterThan(0);
    expect(stats.byEndpoint['GET /wallets/{id}']).toBeGreaterThan(0);
    expect(Object.keys(duplicates(targets)).length).toBeGreaterThan(0);
    expect(stats.total).toBeGreaterThan(10 + 10 + 15 + 10);
  });
});

describe('bounded concurrency', () => {
  let t: TestGateway;
  let client: OmsClient;
  let recorder: Recorder;
  let world: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    ({ t, client, recorder } = await recordedGateway({ env: { OMS_MAX_CONCURRENCY: '4' } }));
    world = await seed(t, client);
  });
  afterAll(() => t.close());

  it('OMS_MAX_CONCURRENCY=4 keeps at most 4 OMS calls of a query in flight, and uses all 4', async () => {
    t.sandbox.faults.latencyMs = 10;
    try {
      const { stats, maxInFlight } = await measured(t, client, recorder, DASHBOARD);
      expect(stats.total).toBe(10 + 10 + world.walletCount + 10);
      expect(maxInFlight).toBe(4);
    } finally {
      t.sandbox.faults.latencyMs = 0;
    }
  });
});
