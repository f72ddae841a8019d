import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, PerformanceObserver, performance } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createRedisEventLog } from '../../src/events/redis-log.js';
import { createFanoutCounters, type FanoutCounters, type FanoutStats } from '../../src/graphql/subscription/counters.js';
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

export type ToGateway = { type: 'start'; spec: GatewaySpec } | { type: 'memory' } | { type: 'measure' } | { type: 'measured' } | { type: 'close' };
/** The process's memory after three full collections, and what the fan-out counted so far. */
export interface Memory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  stats: FanoutStats;
}
export type FromGateway =
  | ({ type: 'started'; url: string } & Memory)
  | ({ type: 'memory' } & Memory)
  | { type: 'measuring' }
  | { type: 'measured'; elu: number; cpuShare: number; delayP99Ms: number; delayMaxMs: number; gcMaxMs: number; stats: FanoutStats };

async function start(spec: GatewaySpec, counters: FanoutCounters): Promise<Gateway> {
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
    config: loadConfig({ PORT: String(spec.port), HOST: '127.0.0.1', SESSION_SECRET: spec.sessionSecret, PLAYGROUND: 'off' }),
    tenants,
    logger: pino({ level: 'silent' }),
    events: createRedisEventLog({ url: redis, prefix: spec.eventsPrefix }),
    limits: { budgets: createRequestBudgets({ redis, prefix }), sockets: createRedisSocketSlots({ redis, prefix }) },
    sessions: createRedisSessionStore({ redis, prefix }),
    sellerIndex: createRedisSellerIndex({ redis, prefix }),
    fanout: spec.fanout,
    fanoutCounters: counters,
  });
}

function serve(): void {
  const counters = createFanoutCounters();
  const inspector = new Session();
  let gateway: Gateway | undefined;
  let spec: GatewaySpec | undefined;
  let measuring: {
    elu: ReturnType<typeof performance.eventLoopUtilization>;
    cpu: NodeJS.CpuUsage;
    at: number;
    delay: ReturnType<typeof monitorEventLoopDelay>;
  };
  let gcMaxMs = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, entry.duration);
  });
  const reply = (message: FromGateway) => process.send!(message);

  async function memory(): Promise<Memory> {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('the gateway child runs with --expose-gc');
    for (let i = 0; i < 3; i += 1) {
      gc();
      await new Promise((done) => setTimeout(done, 50));
    }
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    return { rss, heapUsed, heapTotal, stats: counters.stats() };
  }

  process.on('message', (message: ToGateway) => {
    switch (message.type) {
      case 'start':
        void (async () => {
          spec = message.spec;
          gateway = await start(spec, counters);
          const before = await memory();
          if (spec.snapshot) writeHeapSnapshot(`${spec.snapshot}-before.heapsnapshot`);
          reply({ type: 'started', url: gateway.url, ...before });
        })();
        return;
      case 'memory':
        void memory().then((idle) => {
          if (spec?.snapshot) writeHeapSnapshot(`${spec.snapshot}-idle.heapsnapshot`);
          reply({ type: 'memory', ...idle });
        });
        return;
      case 'measure':
        void (async () => {
          if (spec?.profile) {
            inspector.connect();
            await inspector.post('Profiler.enable');
            await inspector.post('Profiler.start');
          }
          const delay = monitorEventLoopDelay({ resolution: 1 });
          delay.enable();
          measuring = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage(), at: performance.now(), delay };
          gcMaxMs = 0;
          gcs.observe({ entryTypes: ['gc'] });
          reply({ type: 'measuring' });
        })();
        return;
      case 'measured': {
        const cpu = process.cpuUsage(measuring.cpu);
        const wall = performance.now() - measuring.at;
        measuring.delay.disable();
        gcs.disconnect();
        const path = spec?.profile;
        if (path) void inspector.post('Profiler.stop').then(({ profile }) => writeFileSync(path, JSON.stringify(profile)));
        reply({
          type: 'measured',
          elu: performance.eventLoopUtilization(measuring.elu).utilization,
          cpuShare: (cpu.user + cpu.system) / 1000 / wall,
          delayP99Ms: measuring.delay.percentile(99) / 1e6,
          delayMaxMs: measuring.delay.max / 1e6,
          gcMaxMs,
          stats: counters.stats(),
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
