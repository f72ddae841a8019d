import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Run, Sample } from './oms-client-child.js';

/** The processes of bench/oms-client.ts: the sandbox (`npm run sandbox`) and one client per transport. */

export interface SandboxProcess {
  url: string;
  apiKey: string;
  apiSecret: string;
  child: ChildProcess;
}

export interface ClientProcess {
  child: ChildProcess;
  run(run: Run): Promise<Sample>;
}

/** `npm run sandbox`'s entry point on a free port; its URL and credentials read from what it prints. */
export async function startSandbox(): Promise<SandboxProcess> {
  const entry = fileURLToPath(new URL('../src/sandbox/main.ts', import.meta.url));
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

/** The client of bench/oms-client-child.ts on `transport`, once it holds a token. */
export function startClient(transport: string, env: Record<string, string>): Promise<ClientProcess> {
  const child = fork(fileURLToPath(new URL('./oms-client-child.ts', import.meta.url)), [transport], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
  });
  const pending: ((sample: Sample) => void)[] = [];
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${transport} client exited with ${code}`)));
    child.on('message', (message: Sample | { ready: true }) => {
      if ('ready' in message) {
        resolve({
          child,
          run: (run) =>
            new Promise((done) => {
              pending.push(done);
              child.send(run);
            }),
        });
        return;
      }
      pending.shift()?.(message);
    });
  });
}

async function bearer({ url, apiKey, apiSecret }: SandboxProcess): Promise<string> {
  const response = await fetch(`${url}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey, apiSecret }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/** POST /sandbox/faults with this latency and nothing else. */
export async function setLatency(sandbox: SandboxProcess, latencyMs: number): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${await bearer(sandbox)}`, 'idempotency-key': randomUUID() };
  const response = await fetch(`${sandbox.url}/sandbox/faults`, { method: 'POST', headers, body: JSON.stringify({ latencyMs }) });
  if (!response.ok) throw new Error(`setting the sandbox latency: ${response.status} ${await response.text()}`);
}

/** The body of a GET below the base URL, as OMS sent it. */
export async function rawGet(sandbox: SandboxProcess, path: string): Promise<string> {
  const response = await fetch(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${await bearer(sandbox)}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return response.text();
}
