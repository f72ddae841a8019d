import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createOmsClient } from '../../src/oms/index.js';
import type { ReadinessReport } from '../../src/ops/index.js';
import { createReadiness } from '../../src/ops/readiness.js';
import { createSandbox } from '../../src/sandbox/app.js';
import type { OmsAccount } from '../../src/tenancy/accounts.js';
import { startTestGateway } from '../support/gateway.js';
import { redisServer, tracker } from '../support/redis-server.js';
import { beside } from './support.js';

const { track, defer, cleanUp } = tracker();
afterEach(cleanUp);

async function readyz(graphqlUrl: string): Promise<{ status: number; report: ReadinessReport }> {
  const response = await fetch(beside(graphqlUrl, '/readyz'));
  return { status: response.status, report: (await response.json()) as ReadinessReport };
}

describe('/readyz', () => {
  it('turns 503 naming redis while Redis is stopped, and 200 again once it is back', async () => {
    const redis = track(await redisServer());
    const t = await startTestGateway({ env: { REDIS_URL: redis.url } });
    defer(() => t.close());

    const up = await readyz(t.gateway.url);
    expect(up.status).toBe(200);
    expect(up.report).toEqual({
      ready: true,
      failed: [],
      checks: { shutdown: { ok: true }, eventLog: { ok: true, detail: 'in memory' }, redis: { ok: true }, 'oms:shared': { ok: true } },
    });
    expect((await fetch(beside(t.gateway.url, '/healthz'))).status).toBe(200);

    await redis.stop();
    const down = await readyz(t.gateway.url);
    expect(down.status).toBe(503);
    expect(down.report.ready).toBe(false);
    expect(down.report.failed).toEqual(['redis']);
    expect(down.report.checks.redis?.ok).toBe(false);
    // Alive all the same.
    expect((await fetch(beside(t.gateway.url, '/healthz'))).status).toBe(200);

    await redis.start();
    // Each probe waits (up to its time limit) for the connection to come back, so this is no busy loop.
    let again = await readyz(t.gateway.url);
    for (let probe = 1; again.status !== 200 && probe < 10; probe += 1) again = await readyz(t.gateway.url);
    expect(again.status).toBe(200);
    expect(again.report.checks.redis).toEqual({ ok: true });
  });

  it('turns 503 the moment shutdown starts, while requests are still served, and drains after the delay (a second close ends it)', async () => {
    const t = await startTestGateway({ env: { SHUTDOWN_DELAY_MS: '600000' } });
    expect((await readyz(t.gateway.url)).status).toBe(200);

    const closing = t.gateway.close();
    const shutting = await readyz(t.gateway.url);
    expect(shutting).toEqual({ status: 503, report: { ready: false, failed: ['shutdown'], checks: { shutdown: { ok: false, detail: 'shutting down' } } } });
    // Not drained yet: operations and liveness are answered as before.
    expect(await t.request(t.keys.acme, '{ viewer { role } }')).toEqual({ data: { viewer: { role: 'TENANT' } } });
    expect((await fetch(beside(t.gateway.url, '/healthz'))).status).toBe(200);

    const again = t.gateway.close();
    expect(again).toBe(closing);
    await closing;
    await expect(fetch(beside(t.gateway.url, '/readyz'))).rejects.toThrow();
    t.sandbox.close();
  });

  it("turns 503 on the process's SIGTERM, before the drain; a second SIGTERM ends the delay and the process exits 0", async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const { REDIS_URL: _shared, ...env } = process.env;
    // node itself, tsx as a loader: the signals reach the gateway's process, with no relay between.
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_DELAY_MS: '600000', SANDBOX_COMPLETION_DELAY_MS: '20' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    defer(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    });
    let printed = '';
    const waiters = new Set<() => void>();
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      for (const wake of waiters) wake();
    });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    /** Resolves with the first match of `pattern` in what the process printed; fails if it exits first. */
    const printedMatch = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const found = pattern.exec(printed);
          if (found) {
            waiters.delete(check);
            resolve(found);
          }
        };
        waiters.add(check);
        check();
        void exited.then(([code]) => reject(new Error(`the gateway exited (${code}) before printing ${pattern}:\n${printed}`)));
      });

    const url = (await printedMatch(/Playground:\s+(\S+)/))[1]!;
    expect((await readyz(url)).status).toBe(200);

    child.kill('SIGTERM');
    await printedMatch(/shutting down/);
    expect(await readyz(url)).toEqual({
      status: 503,
      report: { ready: false, failed: ['shutdown'], checks: { shutdown: { ok: false, detail: 'shutting down' } } },
    });

    child.kill('SIGTERM');
    expect(await exited).toEqual([0, null]);
  }, 90_000);
});

describe('the OMS token check', () => {
  it('passes with a token in hand without asking OMS, and fails naming the account when the exchange fails, without asking again at once', async () => {
    const sandbox = createSandbox();
    defer(async () => sandbox.close());
    const credentials = sandbox.accounts[0]!;
    let clock = 1_000_000;
    const account = (id: string, apiSecret: string): OmsAccount => ({
      id,
      client: createOmsClient({ baseUrl: sandbox.baseUrl, apiKey: credentials.apiKey, apiSecret, fetch: sandbox.fetch }),
      now: Date.now,
      webhookSecrets: [],
      embedded: true,
      sandbox: true,
    });
    const good = account('good', credentials.apiSecret);
    const bad = account('bad', 'not-the-secret-of-this-key');
    const readiness = createReadiness({ redis: undefined, readers: () => undefined, accounts: () => [good, bad], tokenRetryMs: 5_000, now: () => clock });

    const first = await readiness.check();
    expect(first.failed).toEqual(['oms:bad']);
    expect(first.checks['oms:good']).toEqual({ ok: true, detail: 'token obtained' });
    expect(first.checks['oms:bad']).toEqual({ ok: false, detail: 'token exchange failed: 401 unauthorized' });
    expect([good.client.stats().tokenExchanges, bad.client.stats().tokenExchanges]).toEqual([1, 1]);

    // Probes again: the good token is in hand, the bad exchange's failure is the answer for a while.
    const second = await readiness.check();
    expect(second.checks['oms:good']).toEqual({ ok: true });
    expect(second.checks['oms:bad']).toEqual(first.checks['oms:bad']);
    expect([good.client.stats().tokenExchanges, bad.client.stats().tokenExchanges]).toEqual([1, 1]);

    clock += 5_000;
    expect((await readiness.check()).failed).toEqual(['oms:bad']);
    expect([good.client.stats().tokenExchanges, bad.client.stats().tokenExchanges]).toEqual([1, 2]);
  });
});
