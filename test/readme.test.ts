import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The README's walkthrough, run as written: `npm start`'s process (embedded sandbox, demo tenant),
 * then the README's bash block with curl, against it. What it prints is what the README's comments say.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KEY = 'gw_readme_test_key_0123456789';
let gateway: ChildProcess;
let url: string;

beforeAll(async () => {
  const { REDIS_URL: _shared, ...env } = process.env;
  gateway = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: root,
    env: { ...env, PORT: '0', HOST: '127.0.0.1', DEMO_TENANT_API_KEY: KEY, LOG_LEVEL: 'silent', SANDBOX_COMPLETION_DELAY_MS: '20' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The signal: the playground line npm start prints once it listens with its demo data loaded.
  let printed = '';
  url = await new Promise<string>((resolve, reject) => {
    gateway.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const found = /Playground:\s+(\S+)/.exec(printed);
      if (found) resolve(found[1]!);
    });
    gateway.once('exit', (code) => reject(new Error(`npm start's process exited (${code}) before it listened:\n${printed}`)));
  });
}, 60_000);

afterAll(async () => {
  if (!gateway || gateway.exitCode !== null) return;
  gateway.kill('SIGTERM');
  await once(gateway, 'exit');
});

/** The README's fenced sh block that starts with `first` line. */
async function readmeBlock(first: string): Promise<string> {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith(first));
  if (!block) throw new Error(`the README has no sh block starting with ${first}`);
  return block;
}

function bash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['-e', '-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe("the README's walkthrough", () => {
  it('runs the whole loop as written: 500.00 in, 494.00 held, all of it withdrawn to the bank (490.53 arrive), 5.00 earned', async () => {
    const loop = await readmeBlock('gql() {');
    // Each line a step prints is followed, in the README, by a comment saying what it prints.
    const promised = [...loop.matchAll(/# → (.+)$/gm)].map((m) => m[1]);
    expect(promised).toEqual(['COMPLETED', '494.00', 'USD over ACH, 490.53', 'COMPLETED', '490.53 (USD reach the bank)', '0.00', '5.00']);
    for (const run of [1, 2]) {
      const { code, stdout, stderr } = await bash(loop, { KEY, GW: url });
      expect(stderr, `run ${run}`).toBe('');
      expect(code, `run ${run}`).toBe(0);
      expect(stdout.trim().split('\n'), `run ${run}`).toEqual([
        'COMPLETED',
        '494.00',
        "{ asset: 'USD', network: 'ACH', amountNet: '490.53' }",
        'COMPLETED',
        '490.53',
        '0.00',
        '5.00',
      ]);
    }
  }, 60_000);
});
