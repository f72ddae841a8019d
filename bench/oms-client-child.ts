import { createOmsClient, type OmsClientOptions } from '../src/oms/index.js';
import { measure } from './stats.js';

/**
 * One OMS client in a process of its own (forked by bench/oms-client.ts), so that its CPU time is its
 * own: argv[2] is the transport ('undici' or 'fetch'). It says `{ ready: true }` once it holds a token,
 * then answers each Run with a Sample.
 */

export interface Run {
  scenario: 'customer' | 'page';
  count: number;
  concurrency: number;
}

export interface Sample {
  p50: number;
  p99: number;
  perSecond: number;
  /** This process's CPU time over the run, user and system. */
  cpuMs: number;
  /** HTTP requests the client sent over the run (a retry would show here). */
  requests: number;
}

const transport = process.argv[2] as OmsClientOptions['transport'];
const customerIds = (process.env.BENCH_CUSTOMERS ?? '').split(',');
const pageCustomer = process.env.BENCH_PAGE_CUSTOMER ?? '';
const client = createOmsClient({
  baseUrl: process.env.BENCH_OMS_URL ?? '',
  apiKey: process.env.BENCH_OMS_KEY ?? '',
  apiSecret: process.env.BENCH_OMS_SECRET ?? '',
  transport,
});

const calls: Record<Run['scenario'], (i: number) => Promise<unknown>> = {
  customer: (i) => client.customers.get(customerIds[i % customerIds.length]!),
  page: () => client.transactions.listForCustomer(pageCustomer, { limit: 100 }),
};

async function run({ scenario, count, concurrency }: Run): Promise<Sample> {
  const before = client.stats().total;
  const cpu = process.cpuUsage();
  const result = await measure(count, concurrency, calls[scenario]);
  const used = process.cpuUsage(cpu);
  return { p50: result.p50, p99: result.p99, perSecond: result.perSecond, cpuMs: (used.user + used.system) / 1000, requests: client.stats().total - before };
}

await client.customers.get(customerIds[0]!);
process.send?.({ ready: true });
process.on('message', (message: Run) => {
  run(message).then(
    (sample) => process.send?.(sample),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
// The parent's end is ours: no orphan clients when it exits.
process.on('disconnect', () => process.exit(0));
