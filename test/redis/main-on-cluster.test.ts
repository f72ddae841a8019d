import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterKeys } from '../events/redis-support.js';
import { redisClusterTarget } from '../support/redis.js';

/**
 * `npm start`'s process configured with REDIS_CLUSTER_NODES alone: what it shares (event log, budgets,
 * read cache) lands on the run's Redis Cluster, under the default key prefix no other test uses.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'gw_cluster_test_key_0123456789';
let gateway: ChildProcess;
let url: string;
let redis: Cluster;
/** Everything the process printed: the playground lines and its log (pino, JSON lines, warnings and up). */
let printed = '';

beforeAll(async () => {
  const nodes = redisClusterTarget().clusterNodes.map(({ host, port }) => `${host}:${port}`);
  const { REDIS_URL: _shared, ...env } = process.env;
  gateway = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: root,
    env: {
      ...env,
      REDIS_CLUSTER_NODES: nodes.join(','),
      PORT: '0',
      HOST: '127.0.0.1',
      DEMO_TENANT_API_KEY: KEY,
      LOG_LEVEL: 'warn',
      SANDBOX_COMPLETION_DELAY_MS: '20',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The signal: the playground line npm start prints once it listens with its demo data loaded.
  url = await new Promise<string>((resolve, reject) => {
    gateway.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const found = /Playground:\s+(\S+)/.exec(printed);
      if (found) resolve(found[1]!);
    });
    gateway.once('exit', (code) => reject(new Error(`npm start's process exited (${code}) before it listened:\n${printed}`)));
  });
  redis = new Cluster([...redisClusterTarget().clusterNodes]);
}, 60_000);

afterAll(async () => {
  await redis?.quit();
  if (gateway && gateway.exitCode === null) gateway.kill('SIGKILL');
});

describe('the gateway process on a Redis Cluster', () => {
  it('answers, keeps its event log, budgets and read cache on the cluster, and stops cleanly on SIGTERM', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: '{ viewer { role tenant { id } } sellers(first: 1) { nodes { id wallets { balance { available } } } } }' }),
    });
    const { data, errors } = (await response.json()) as { data?: any; errors?: unknown };
    expect(errors).toBeUndefined();
    expect(data.viewer).toEqual({ role: 'TENANT', tenant: { id: 'demo' } });

    const keys = await clusterKeys(redis, 'omsgw:*');
    // The demo data's webhooks went through the event log; the query was charged; what it read from OMS is cached.
    expect(keys).toContain('omsgw:{demo}:events');
    expect(keys).toContain('omsgw:{gw:demo}:budget:tenant');
    expect(keys.some((key) => key.startsWith('omsgw:rc:{'))).toBe(true);
    expect(await redis.xlen('omsgw:{demo}:events')).toBeGreaterThan(0);

    gateway.kill('SIGTERM');
    const [code] = await once(gateway, 'exit');
    expect(code).toBe(0);
    // No part of it complained of Redis meanwhile: the one warning is of the secret a demo goes without.
    const logged = printed
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(logged).toEqual(['SESSION_SECRET is not set: seller tokens die with this process and do not work across instances']);
  }, 60_000);
});
