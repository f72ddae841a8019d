import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { createOmsClient } from '../../src/oms/index.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';
import { DASHBOARD, SELLERS, seed } from '../graphql-dashboard.js';
import { measure } from '../stats.js';
import type { ChildStats } from './child.js';

/**
 * This gateway against the textbook one (bench/textbook/server.ts), each in its own process, over the
 * OMS sandbox in a third (`npm run sandbox`) with 20 ms per OMS call. Runs alternate between the two
 * (and their order flips each repetition); the medians of the repetitions are printed with ratios.
 * CPU per query is each server process's own CPU time over the run, divided by its queries.
 */

const LATENCY_MS = 20;
const REPETITIONS = 3;
const RUNS = [
  // One at a time is slow (about 7 a second for the textbook): 40 make each sample a few seconds, not two.
  { concurrency: 1, queries: 40 },
  { concurrency: 8, queries: 48 },
  { concurrency: 32, queries: 96 },
];
/** Dashboard queries each server answers before the first timed run. */
const WARM_UP = { concurrency: 8, queries: 64 };
/** The dashboard repeated with nothing changed: the cached gateway answers many more in the time. */
const REPEATED = { concurrency: 8, queries: { cached: 2_000, textbook: 48 } };
/** Each sample a few seconds long and five of them: a run of well under a second was at the mercy of whatever else the machine did. */
const TRIVIAL = { concurrency: 32, queries: 4000, repetitions: 5 };

type Row = Record<string, string | number>;

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  stats(): Promise<ChildStats>;
  post(query: string): Promise<string>;
}

interface Sample {
  perSecond: number;
  p50: number;
  p99: number;
  cpuMs: number;
  omsCalls: number;
  rssMb: number;
  /** The machine's 1-minute load average when the sample ended: what else was running (2 cores). */
  load: number;
}

export async function benchTextbook(): Promise<{ summary: string; dashboard: Row[]; repeated: Row[]; trivial: Row[] }> {
  const sandbox = await startSandbox();
  const { redisServer } = await import('../../test/support/redis-server.js');
  const ownRedis = process.env.REDIS_URL ? undefined : await redisServer();
  const apiKey = newApiKey('bench');
  const oms = {
    BENCH_OMS_URL: sandbox.url,
    BENCH_OMS_KEY: sandbox.apiKey,
    BENCH_OMS_SECRET: sandbox.apiSecret,
    BENCH_API_KEY: apiKey,
    BENCH_REDIS_URL: process.env.REDIS_URL ?? ownRedis!.url,
  };
  const servers: Server[] = [];
  try {
    const client = createOmsClient({ baseUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret });
    const wallets = await seed(client);
    await settled(client);
    const [gateway, cached, textbook, bare] = await Promise.all(['gateway', 'cached', 'textbook', 'bare'].map((mode) => startChild(mode, oms, apiKey)));
    servers.push(gateway!, cached!, textbook!, bare!);
    await setLatency(sandbox, LATENCY_MS);

    const sizes = await sameAnswer(gateway!, textbook!, DASHBOARD);
    await sameAnswer(cached!, textbook!, DASHBOARD);
    // Both compiled before anything is timed: V8's optimizing compiler runs on threads of the process, so a
    // server's first queries also pay for compiling its code (the gateway has more of it). Without this,
    // the first run (one at a time) paid it: its CPU ratio went from 0.53× to 0.69× between runs, 0.44× with it.
    await Promise.all([gateway!, textbook!].map((server) => measure(WARM_UP.queries, WARM_UP.concurrency, () => server.post(DASHBOARD))));
    const dashboard: Row[] = [];
    for (const { concurrency, queries } of RUNS) {
      const samples = await alternate([gateway!, textbook!], DASHBOARD, concurrency, [queries, queries]);
      dashboard.push(...rows(samples, concurrency, ['gateway, no cache', 'textbook']));
    }
    const repeatedSamples = await alternate([cached!, textbook!], DASHBOARD, REPEATED.concurrency, [REPEATED.queries.cached, REPEATED.queries.textbook]);
    await setLatency(sandbox, 0);
    const trivialSizes = await sameAnswer(gateway!, bare!, '{ viewer { role } }');
    const trivial = [TRIVIAL.queries, TRIVIAL.queries] as [number, number];
    const trivialSamples = await alternate([gateway!, bare!], '{ viewer { role } }', TRIVIAL.concurrency, trivial, TRIVIAL.repetitions);
    const trivialCached = await alternate([cached!, bare!], '{ viewer { role } }', TRIVIAL.concurrency, trivial, TRIVIAL.repetitions);
    const summary = [
      `${SELLERS} sellers, ${wallets} wallets, the dashboard query of the section above; OMS sandbox in its own process with ${LATENCY_MS} ms per OMS call.`,
      `Answer: gateway ${sizes[0]} bytes, textbook ${sizes[1]} bytes (${sizes[0] === sizes[1] ? 'same size' : 'SIZES DIFFER'}); no upstream: ${trivialSizes[0]} vs ${trivialSizes[1]} bytes.`,
      `Median of ${REPETITIONS} alternating repetitions (${TRIVIAL.repetitions} with no upstream); CPU ms/query from each server process's own CPU time; RSS and the machine's 1-minute load average at the end of the run; ratio = gateway / baseline.`,
      `"no cache": CACHE_MAX_AGE_MS=0, every query asks OMS. "cached": the read cache in Redis (${ownRedis ? 'redis-server spawned for the run' : 'REDIS_URL'}), warmed by the first query; nothing changes between repeats.`,
    ].join('\n');
    return {
      summary,
      dashboard,
      repeated: rows(repeatedSamples, REPEATED.concurrency, ['gateway, cached', 'textbook']),
      trivial: [
        ...rows(trivialSamples, TRIVIAL.concurrency, ['gateway, no cache', 'bare Apollo']),
        ...rows(trivialCached, TRIVIAL.concurrency, ['gateway, default (cache on)', 'bare Apollo']),
      ],
    };
  } finally {
    for (const server of servers) server.child.kill();
    sandbox.child.kill();
    await ownRedis?.stop();
  }
}

/** Repetitions of each server in turn, the order flipped every time; per server, the median of each figure. */
async function alternate(pair: Server[], query: string, concurrency: number, queries: [number, number], repetitions = REPETITIONS): Promise<Sample[]> {
  const runs: Sample[][] = pair.map(() => []);
  for (let rep = 0; rep < repetitions; rep += 1) {
    const order = rep % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) runs[i]!.push(await sample(pair[i]!, query, concurrency, queries[i]!));
  }
  return runs.map((samples) => {
    const median = (pick: (s: Sample) => number) => samples.map(pick).sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
    return {
      perSecond: median((s) => s.perSecond),
      p50: median((s) => s.p50),
      p99: median((s) => s.p99),
      cpuMs: median((s) => s.cpuMs),
      omsCalls: median((s) => s.omsCalls),
      rssMb: median((s) => s.rssMb),
      load: median((s) => s.load),
    };
  });
}

async function sample(server: Server, query: string, concurrency: number, queries: number): Promise<Sample> {
  for (let i = 0; i < concurrency; i += 1) await server.post(query);
  const before = await server.stats();
  const result = await measure(queries, concurrency, () => server.post(query));
  const after = await server.stats();
  return {
    ...result,
    cpuMs: (after.cpuMs - before.cpuMs) / queries,
    omsCalls: (after.omsCalls - before.omsCalls) / queries,
    rssMb: after.rssMb,
    load: loadavg()[0]!,
  };
}

function rows([ours, theirs]: Sample[], concurrency: number, names: string[]): Row[] {
  const row = (name: string, s: Sample): Row => ({
    server: name,
    concurrency,
    'req/s': s.perSecond,
    'p50 ms': s.p50,
    'p99 ms': s.p99,
    'CPU ms/query': s.cpuMs.toFixed(2),
    'OMS calls/query': s.omsCalls,
    'RSS MB': s.rssMb,
    'machine load': s.load.toFixed(2),
  });
  const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(2)}×`);
  return [
    row(names[0]!, ours!),
    row(names[1]!, theirs!),
    {
      server: 'ratio',
      concurrency: '',
      'req/s': ratio(ours!.perSecond, theirs!.perSecond),
      'p50 ms': ratio(ours!.p50, theirs!.p50),
      'p99 ms': ratio(ours!.p99, theirs!.p99),
      'CPU ms/query': ratio(ours!.cpuMs, theirs!.cpuMs),
      'OMS calls/query': ratio(ours!.omsCalls, theirs!.omsCalls),
      'RSS MB': ratio(ours!.rssMb, theirs!.rssMb),
      'machine load': '',
    },
  ];
}

/** Both servers answer the same JSON; answers their sizes. Throws when the answers differ. */
async function sameAnswer(a: Server, b: Server, query: string): Promise<[number, number]> {
  const [x, y] = [await a.post(query), await b.post(query)];
  if (x !== y) throw new Error(`${a.name} and ${b.name} answer differently:\n${x.slice(0, 400)}\n${y.slice(0, 400)}`);
  return [Buffer.byteLength(x), Buffer.byteLength(y)];
}

/** `npm run sandbox`'s entry point on a free port; its URL and credentials read from what it prints. */
async function startSandbox(): Promise<{ url: string; apiKey: string; apiSecret: string; child: ChildProcess }> {
  const entry = fileURLToPath(new URL('../../src/sandbox/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SANDBOX_COMPLETION_DELAY_MS: '5' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const found: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout! })) {
    const match = /(listening|API key|API secret):\s+(\S+)/.exec(line);
    if (match) found[match[1]!] = match[2]!;
    if (found['API secret']) break;
  }
  if (!found.listening) throw new Error('the sandbox did not start');
  return { url: found.listening, apiKey: found['API key']!, apiSecret: found['API secret']!, child };
}

async function setLatency({ url, apiKey, apiSecret }: { url: string; apiKey: string; apiSecret: string }, latencyMs: number): Promise<void> {
  const json = { 'content-type': 'application/json' };
  const token = (await (await fetch(`${url}/auth/token`, { method: 'POST', headers: json, body: JSON.stringify({ apiKey, apiSecret }) })).json()) as {
    accessToken: string;
  };
  const headers = { ...json, authorization: `Bearer ${token.accessToken}`, 'idempotency-key': randomUUID() };
  const response = await fetch(`${url}/sandbox/faults`, { method: 'POST', headers, body: JSON.stringify({ latencyMs }) });
  if (!response.ok) throw new Error(`setting the sandbox latency: ${response.status} ${await response.text()}`);
}

/** Waits until no seeded transaction is still processing (the sandbox completes them after a few ms). */
async function settled(client: ReturnType<typeof createOmsClient>): Promise<void> {
  const { data: customers } = await client.customers.list({ limit: 100 });
  for (;;) {
    const pages = await Promise.all(customers.map((c) => client.transactions.listForCustomer(c.id, { limit: 100 })));
    if (pages.every((page) => page.data.every((t) => t.status !== 'processing'))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function startChild(mode: string, env: Record<string, string>, apiKey: string): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), [mode], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env } });
  const pending: ((stats: ChildStats) => void)[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} exited with ${code}`)));
    child.on('message', (message: { url?: string } & ChildStats) => {
      if (message.url === undefined) return pending.shift()?.(message);
      const url = message.url;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` };
      // The load comes from undici's pool rather than fetch: fetch cost the client more CPU per request than
      // the servers spent answering `{ viewer { role } }`, so on two cores both servers ran as fast as the
      // client could ask, and the ratio measured the client (1.01× in req/s at 0.55× the CPU per request).
      const { origin, pathname: path } = new URL(url);
      const pool = new Pool(origin, { connections: 64 });
      resolve({
        name: mode,
        url,
        child,
        stats: () =>
          new Promise((done) => {
            pending.push(done);
            child.send('stats');
          }),
        async post(query) {
          const response = await pool.request({ path, method: 'POST', headers, body: JSON.stringify({ query }) });
          const text = await response.body.text();
          if (response.statusCode !== 200 || text.includes('"errors"')) throw new Error(`${mode}: ${response.statusCode} ${text.slice(0, 300)}`);
          return text;
        },
      });
    });
  });
}
