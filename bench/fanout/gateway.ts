import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { createRequestBudgets } from '../../src/tenancy/limits/budgets.js';
import { createRedisSocketSlots } from '../../src/tenancy/limits/socket-slots.js';
import { createRedisSessionStore } from '../../src/tenancy/session-store.redis.js';
import { createRedisSellerIndex } from '../../src/tenancy/seller-index/index.js';
import { parseTenantsFile } from '../../src/tenancy/tenants-file.js';

/**
 * The fan-out benchmark's gateway: one instance in a process of its own (run with --expose-gc), so
 * that its RSS and event loop are the subscriptions' alone. The OMS sandbox, Redis, the WebSocket
 * clients and the webhook sender all live in other processes.
 */

export type Fanout = 'shared' | 'per-subscriber';

export interface GatewaySpec {
  fanout: Fanout;
  port: number;
  redisUrl: string;
  /** Sessions, budgets, socket slots and the seller index: shared by every round (the tokens were issued under it). */
  prefix: string;
  /** The event log of this round alone, so every round starts on an empty stream. */
  eventsPrefix: string;
  omsUrl: string;
  apiKey: string;
  apiSecret: string;
  webhookSecret: string;
  tenantKeyHash: string;
  sessionSecret: string;
  /** Where to write a CPU profile of the measured span (for looking into it; none by default). */
  profile?: string | undefined;
  /** Where to write heap snapshots: before the first subscription (`-before`) and with all of them idle (`-idle`). */
  snapshot?: string | undefined;
}

export type ToGateway =
  | { type: 'start'; spec: GatewaySpec }
  | { type: 'memory'; settleMs?: number; snapshot?: string | undefined }
  | { type: 'measure' }
  | { type: 'measured' }
  | { type: 'close' };
export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}
export type FromGateway =
  | ({ type: 'started'; url: string } & Memory)
  | ({ type: 'memory' } & Memory)
  | { type: 'measuring' }
  | { type: 'measured'; elu: number; cpuShare: number; delayP99Ms: number; delayMaxMs: number };

async function start(spec: GatewaySpec): Promise<Gateway> {
  const tenants = parseTenantsFile({
    omsAccounts: [{ kind: 'oms', id: 'main', baseUrl: spec.omsUrl, apiKey: spec.apiKey, apiSecret: spec.apiSecret, webhookSecrets: [spec.webhookSecret] }],
    tenants: [
      {
        id: 'acme',
        name: 'Acme Market',
        omsAccount: 'main',
        apiKeyHashes: [spec.tenantKeyHash],
        // Caps above what the bench opens: it measures fan-out, not the door's refusals.
        limits: { requestsPerMinute: 1_000_000, socketsPerSeller: 1_000, socketsPerTenant: 100_000 },
      },
    ],
  });
  const { redisUrl: redis, prefix } = spec;
  return startGateway({
    config: loadConfig({ PORT: String(spec.port), HOST: '127.0.0.1', SESSION_SECRET: spec.sessionSecret }),
    tenants,
    logger: pino({ level: 'silent' }),
    events: createRedisEventLog({ url: redis, prefix: spec.eventsPrefix }),
    limits: { budgets: createRequestBudgets({ redis, prefix }), sockets: createRedisSocketSlots({ redis, prefix }) },
    sessions: createRedisSessionStore({ redis, prefix }),
    sellerIndex: createRedisSellerIndex({ redis, prefix }),
    fanout: spec.fanout,
  });
}

async function memory(settleMs = 0): Promise<Memory> {
  const gc = (globalThis as { gc?: (options?: object) => void }).gc;
  if (!gc) throw new Error('the gateway child runs with --expose-gc');
  for (let i = 0; i < 3; i += 1) {
    gc();
    await new Promise((done) => setTimeout(done, 50));
  }
  if (settleMs > 0) {
    await new Promise((done) => setTimeout(done, settleMs));
    gc();
  }
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  if (process.env.FANOUT_DEBUG)
    console.error(
      JSON.stringify({
        rss,
        heapUsed,
        heapTotal,
        external,
        spaces: getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_size / 1e6), Math.round(s.space_used_size / 1e6)]),
      }),
    );
  return { rss, heapUsed, heapTotal, external };
}

function serve(): void {
  let gateway: Gateway | undefined;
  let profile: string | undefined;
  let sampled = false;
  const inspector = new Session();
  let measuring: {
    elu: ReturnType<typeof performance.eventLoopUtilization>;
    cpu: NodeJS.CpuUsage;
    at: number;
    delay: ReturnType<typeof monitorEventLoopDelay>;
  };
  const reply = (message: FromGateway) => process.send!(message);
  process.on('message', (message: ToGateway) => {
    switch (message.type) {
      case 'start':
        void (async () => {
          gateway = await start(message.spec);
          profile = message.spec.profile;
          const before = await memory();
          if (process.env.FANOUT_SAMPLE) {
            inspector.connect();
            await inspector.post('HeapProfiler.enable');
            await inspector.post('HeapProfiler.startSampling', { samplingInterval: 2048, includeObjectsCollectedByMajorGC: true } as never);
          }
          if (message.spec.snapshot) writeHeapSnapshot(`${message.spec.snapshot}-before.heapsnapshot`);
          reply({ type: 'started', url: gateway.url, ...before });
        })();
        return;
      case 'memory':
        void memory(message.settleMs).then(async (m) => {
          if (process.env.FANOUT_SAMPLE && !sampled) {
            sampled = true;
            const { profile: taken } = await inspector.post('HeapProfiler.stopSampling');
            writeFileSync(process.env.FANOUT_SAMPLE, JSON.stringify(taken));
          }
          if (message.snapshot) writeHeapSnapshot(message.snapshot);
          reply({ type: 'memory', ...m });
        });
        return;
      case 'measure': {
        const delay = monitorEventLoopDelay({ resolution: 1 });
        delay.enable();
        void (async () => {
          if (profile) {
            inspector.connect();
            await inspector.post('Profiler.enable');
            await inspector.post('Profiler.start');
          }
          measuring = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage(), at: performance.now(), delay };
          reply({ type: 'measuring' });
        })();
        return;
      }
      case 'measured': {
        const cpu = process.cpuUsage(measuring.cpu);
        const wall = performance.now() - measuring.at;
        measuring.delay.disable();
        if (profile) {
          const path = profile;
          void inspector.post('Profiler.stop').then(({ profile: taken }) => writeFileSync(path, JSON.stringify(taken)));
        }
        reply({
          type: 'measured',
          elu: performance.eventLoopUtilization(measuring.elu).utilization,
          cpuShare: (cpu.user + cpu.system) / 1000 / wall,
          delayP99Ms: measuring.delay.percentile(99) / 1e6,
          delayMaxMs: measuring.delay.max / 1e6,
        });
        return;
      }
      case 'close':
        void (gateway?.close() ?? Promise.resolve()).finally(() => process.exit(0));
        return;
    }
  });
}

serve();
