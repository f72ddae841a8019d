import { fileURLToPath } from 'node:url';
import { createOmsClient, type OmsClient } from '../src/oms/index.js';
import { safeDecode } from '../src/oms/schemas/decoded.js';
import { page, transaction } from '../src/oms/schemas/index.js';
import type { Run, Sample } from './oms-client-child.js';
import { type ClientProcess, rawGet, type SandboxProcess, setLatency, startClient, startSandbox } from './oms-client-processes.js';
import { baselineTransactionPage } from './oms-parse-baseline.js';
import { machine, table } from './stats.js';

/**
 * The OMS client's transports side by side: undici's dispatcher on a keep-alive pool (the default)
 * against the fetch path it replaced (`transport: 'fetch'`, the named baseline), each client in a
 * process of its own, over the OMS sandbox in a third (`npm run sandbox`) with added latency. Runs
 * alternate (the order flips every repetition); medians of the repetitions, with ratios new / baseline.
 * CPU per call is each client process's own CPU time over the run, divided by its calls.
 * Then, in this process: parsing a page of 100 transactions, the schemas as they were (transforms
 * that rebuild every transaction and leg) against the checks apart from one plain finish per item.
 */

const REPETITIONS = 5;
const TRANSPORTS = ['undici', 'fetch'] as const;
const RUNS: (Run & { latencyMs: number; label: string })[] = [
  { label: 'GET customer', scenario: 'customer', latencyMs: 20, concurrency: 1, count: 100 },
  { label: 'GET customer', scenario: 'customer', latencyMs: 20, concurrency: 64, count: 3_000 },
  { label: 'GET customer', scenario: 'customer', latencyMs: 0, concurrency: 16, count: 3_000 },
  { label: 'GET 100 transactions', scenario: 'page', latencyMs: 20, concurrency: 8, count: 300 },
];
const PARSES = 200;

type Row = Record<string, string | number>;

export async function benchOmsClient(): Promise<{ summary: string; transport: Row[]; parse: Row[] }> {
  const sandbox = await startSandbox();
  const clients: ClientProcess[] = [];
  try {
    const admin = createOmsClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret });
    const seeded = await seed(sandbox, admin);
    const env = { BENCH_OMS_URL: sandbox.url, BENCH_OMS_KEY: sandbox.apiKey, BENCH_OMS_SECRET: sandbox.apiSecret, ...seeded.env };
    clients.push(...(await Promise.all(TRANSPORTS.map((name) => startClient(name, env)))));
    const transport: Row[] = [];
    for (const run of RUNS) {
      await setLatency(sandbox, run.latencyMs);
      const [ours, baseline] = await alternate(clients, run);
      transport.push(...rows(`${run.label}, +${run.latencyMs} ms`, run, ours!, baseline!));
    }
    const summary = [
      `OMS sandbox in its own process; each client in its own process; ${REPETITIONS} alternating repetitions, medians; ratio = undici / fetch.`,
      `A transaction page is ${Math.round(seeded.pageBytes / 1024)} KB (100 transactions). Machine: ${machine()}.`,
    ].join('\n');
    return { summary, transport, parse: parseRows(seeded.pageText) };
  } finally {
    for (const client of clients) client.child.kill();
    sandbox.child.kill();
  }
}

/** The summary and both tables, as `npm run bench` prints them. */
export function formatOmsClientBench({ summary, transport, parse }: Awaited<ReturnType<typeof benchOmsClient>>): string {
  return `${summary}\n\n${table(transport)}\n\n${table(parse)}`;
}

/** Each client in turn, the order flipped every repetition; per client, the median of each figure. */
async function alternate(clients: ClientProcess[], run: Run): Promise<Sample[]> {
  const samples: Sample[][] = clients.map(() => []);
  for (let rep = 0; rep < REPETITIONS; rep += 1) {
    const order = rep % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) samples[i]!.push(await clients[i]!.run(run));
  }
  return samples.map((list) => {
    const median = (pick: (s: Sample) => number) => list.map(pick).sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    return {
      p50: median((s) => s.p50),
      p99: median((s) => s.p99),
      perSecond: median((s) => s.perSecond),
      cpuMs: median((s) => s.cpuMs),
      requests: median((s) => s.requests),
    };
  });
}

function rows(scenario: string, run: Run, ours: Sample, baseline: Sample): Row[] {
  const row = (name: string, s: Sample): Row => ({
    scenario,
    concurrency: run.concurrency,
    transport: name,
    'calls/s': s.perSecond,
    'p50 ms': s.p50,
    'p99 ms': s.p99,
    'CPU ms/call': (s.cpuMs / run.count).toFixed(3),
    'requests/call': s.requests / run.count,
  });
  const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(2)}×`);
  return [
    row('undici', ours),
    row('fetch (baseline)', baseline),
    {
      scenario: '',
      concurrency: '',
      transport: 'ratio',
      'calls/s': ratio(ours.perSecond, baseline.perSecond),
      'p50 ms': ratio(ours.p50, baseline.p50),
      'p99 ms': ratio(ours.p99, baseline.p99),
      'CPU ms/call': ratio(ours.cpuMs, baseline.cpuMs),
      'requests/call': '',
    },
  ];
}

/** JSON.parse and the schema, alternating baseline and current; CPU ms per page, medians. */
function parseRows(text: string): Row[] {
  const current = page(transaction);
  const variants: [string, () => unknown][] = [
    ['checks, then one finish per item (current)', () => safeDecode(current, JSON.parse(text))],
    ['transforms rebuilding each transaction and leg (baseline)', () => baselineTransactionPage.safeParse(JSON.parse(text))],
    ['JSON.parse alone', () => JSON.parse(text)],
  ];
  const samples: number[][] = variants.map(() => []);
  for (const [, parse] of variants) for (let i = 0; i < PARSES / 4; i += 1) parse(); // warm-up
  for (let rep = 0; rep < REPETITIONS; rep += 1) {
    const order = rep % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
    for (const i of order) {
      const cpu = process.cpuUsage();
      for (let n = 0; n < PARSES; n += 1) variants[i]![1]();
      const used = process.cpuUsage(cpu);
      samples[i]!.push((used.user + used.system) / 1000 / PARSES);
    }
  }
  const medians = samples.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!);
  return variants.map(([name], i) => ({
    'parse a page of 100 transactions': name,
    'CPU ms/page': medians[i]!.toFixed(3),
    'ratio to baseline': `${(medians[i]! / medians[1]!).toFixed(2)}×`,
  }));
}

/** 20 customers to read, and one with 100 transactions; returns their ids and the raw page. */
async function seed(sandbox: SandboxProcess, client: OmsClient): Promise<{ env: Record<string, string>; pageText: string; pageBytes: number }> {
  const ids: string[] = [];
  for (let i = 0; i < 20; i += 1) ids.push((await client.customers.create({ firstName: `Bench${i}`, lastName: 'Seller' })).id);
  const owner = ids[0]!;
  const wallet = await client.wallets.create(owner, { asset: 'usdc', chain: 'polygon' });
  const va = await client.virtualAccounts.create(owner, {
    source: { asset: 'usd', network: 'usBank' },
    destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
    developerFees: [{ type: 'percentage', rate: '0.010' }],
  });
  for (let i = 0; i < 100; i += 1) await client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: String(10_000 + i) } });
  // Settled first, so that every run reads the same page.
  while ((await client.transactions.listForCustomer(owner, { limit: 100 })).data.some((t) => t.status === 'processing')) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const raw = await rawGet(sandbox, `/customers/${owner}/transactions?limit=100`);
  return { env: { BENCH_CUSTOMERS: ids.join(','), BENCH_PAGE_CUSTOMER: owner }, pageText: raw, pageBytes: Buffer.byteLength(raw) };
}

// `npm run bench:oms`: this benchmark alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  benchOmsClient().then(
    (result) => {
      console.log(formatOmsClientBench(result));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
