import { loadConfig } from '../src/config.js';
import { createOmsClient, type OmsClient } from '../src/oms/index.js';
import { createSandbox } from '../src/sandbox/app.js';
import { startSandboxServer } from '../src/sandbox/server.js';
import { measure } from './stats.js';

/**
 * The OMS client against the sandbox: what one call costs in-process and over loopback HTTP, and how
 * injected latency adds up under concurrency. Every call goes through the full client (token, retry
 * policy, zod parsing) and the full sandbox (auth, idempotency, routing).
 */
export async function benchOmsClient() {
  const rows: Record<string, string | number>[] = [];
  const run = async (
    name: string,
    client: OmsClient,
    count: number,
    concurrency: number,
    task: (client: OmsClient, ids: string[], i: number) => Promise<unknown>,
  ) => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i += 1) ids.push((await client.customers.create({ firstName: `Bench${i}`, lastName: 'Seller' })).id);
    const result = await measure(count, concurrency, (i) => task(client, ids, i));
    rows.push({ scenario: name, calls: result.count, concurrency, 'p50 ms': result.p50, 'p99 ms': result.p99, 'calls/s': result.perSecond });
  };
  const get = (client: OmsClient, ids: string[], i: number) => client.customers.get(ids[i % ids.length]!);
  const create = (client: OmsClient, _ids: string[], i: number) => client.customers.create({ firstName: `New${i}` });

  const inProcess = createSandbox();
  const local = createOmsClient({ baseUrl: inProcess.baseUrl, ...inProcess.accounts[0]!, fetch: inProcess.fetch });
  await run('GET customer, in-process', local, 5_000, 1, get);
  await run('POST customer (keyed), in-process', local, 2_000, 1, create);

  const slow = createSandbox({ faults: { latencyMs: 20 } });
  const slowClient = createOmsClient({ baseUrl: slow.baseUrl, ...slow.accounts[0]!, fetch: slow.fetch });
  await run('GET customer, +20 ms latency', slowClient, 200, 1, get);
  await run('GET customer, +20 ms latency', slowClient, 1_000, 50, get);

  const server = await startSandboxServer(loadConfig({ PORT: '0', HOST: '127.0.0.1' }));
  try {
    const http = createOmsClient({ baseUrl: server.url, ...server.sandbox.accounts[0]! });
    await run('GET customer, loopback HTTP', http, 2_000, 1, get);
    await run('GET customer, loopback HTTP', http, 5_000, 20, get);
  } finally {
    await server.close();
    inProcess.close();
    slow.close();
  }
  return rows;
}
