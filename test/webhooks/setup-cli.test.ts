import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createOmsClient, type OmsClient, type Webhook } from '../../src/oms/index.js';
import { startSandboxServer, type SandboxServer } from '../../src/sandbox/server.js';
import { hashApiKey } from '../../src/tenancy/api-keys.js';
import { readTenantsFile } from '../../src/tenancy/tenants-file.js';
import { runWebhooksCli } from '../../src/webhooks/setup-cli.js';
import { verifyWebhookSignature } from '../../src/webhooks/signature.js';
import { seller } from '../support/sandbox.js';

/**
 * `npm run webhooks` against the sandbox served over HTTP, configured as a real OMS in a tenants file:
 * what OMS's webhook list holds after each command, and whether what it prints is what works.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GATEWAY = 'http://127.0.0.1:4999';
const HOOK_URL = `${GATEWAY}/webhooks/oms/main`;

interface Delivery {
  url: string;
  signature: string;
  body: string;
  event: string;
}

let oms: SandboxServer;
let admin: OmsClient;
let dir: string;
let tenantsFile: string;
/** Every webhook the sandbox sent, as the receiver got it. */
let deliveries: Delivery[];

beforeEach(async () => {
  deliveries = [];
  oms = await startSandboxServer(loadConfig({ PORT: '0', HOST: '127.0.0.1' }), {
    completionDelayMs: 5,
    followUpDelayMs: 5,
    webhooks: {
      retryDelaysMs: [0],
      fetch: async (url, init) => {
        const body = String(init?.body);
        const signature = new Headers(init?.headers).get('webhook-signature') ?? '';
        deliveries.push({ url: String(url), signature, body, event: (JSON.parse(body) as { event: string }).event });
        return new Response(null, { status: 204 });
      },
    },
  });
  const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
  admin = createOmsClient({ baseUrl: oms.url, apiKey, apiSecret });
  dir = await mkdtemp(path.join(tmpdir(), 'webhooks-cli-'));
  tenantsFile = path.join(dir, 'tenants.json');
  await writeTenantsFile([]);
});

afterEach(async () => {
  await oms.close();
  await rm(dir, { recursive: true, force: true });
});

async function writeTenantsFile(webhookSecrets: string[]): Promise<void> {
  const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
  const file = {
    omsAccounts: [
      { kind: 'oms', id: 'main', baseUrl: oms.url, apiKey, apiSecret, webhookSecrets, sandbox: true },
      { kind: 'sandbox', id: 'local' },
    ],
    tenants: [{ id: 'acme', name: 'Acme', omsAccount: 'main', apiKeyHashes: [hashApiKey('gw_acme_setup_cli_test_key_0001')] }],
  };
  await writeFile(tenantsFile, JSON.stringify(file));
}

async function cli(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  return cliWith({ TENANTS_FILE: tenantsFile }, ...argv);
}

async function cliWith(env: Record<string, string>, ...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runWebhooksCli(argv, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

async function subscriptions(): Promise<Webhook[]> {
  const hooks: Webhook[] = [];
  for await (const hook of admin.webhooks.listAll()) hooks.push(hook);
  return hooks.sort((a, b) => Number(a.complianceOnly) - Number(b.complianceOnly) || a.id.localeCompare(b.id));
}

const secretsIn = (text: string) => [...text.matchAll(/"(whsec_[0-9a-f]+)"/g)].map((m) => m[1]!);

/** A deposit held for compliance: processing, underReview (complianceOnly only), completed; resolves once every delivery is done. */
async function heldDeposit(): Promise<void> {
  const { customer, wallet } = await seller(admin, `Setup${Date.now()}`);
  const va = await admin.virtualAccounts.create(customer.id, {
    source: { asset: 'usd', network: 'usBank' },
    destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
  });
  await admin.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '7777' } });
  await oms.sandbox.idle();
}

/** Which configured secret signs each delivery of `event`: the index in `secrets`, or -1. */
function signedWith(event: string, secrets: string[]): number[] {
  const nowSeconds = Math.floor(Date.now() / 1000);
  return deliveries
    .filter((d) => d.event === event)
    .map((d) => secrets.findIndex((secret) => verifyWebhookSignature({ header: d.signature, rawBody: d.body, secret, nowSeconds }).ok));
}

describe('npm run webhooks -- register', () => {
  it('subscribes the account twice (normal and complianceOnly), prints secrets that verify its deliveries, and creates nothing when run again', async () => {
    const first = await cli('register', '--account', 'main', '--url', GATEWAY);
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    const hooks = await subscriptions();
    expect(hooks.map((h) => [h.url, h.complianceOnly, h.events, h.enabled])).toEqual([
      [HOOK_URL, false, [], true],
      [HOOK_URL, true, [], true],
    ]);
    const secrets = secretsIn(first.out);
    expect(secrets).toHaveLength(2);
    expect(first.out).toContain(`${tenantsFile}, omsAccounts[id="main"].webhookSecrets`);

    // The operator's step: the printed secrets into the tenants file, read as the gateway reads it.
    await writeTenantsFile(secrets);
    const configured = readTenantsFile(tenantsFile).omsAccounts.find((a) => a.id === 'main');
    const fileSecrets = configured?.kind === 'oms' ? configured.webhookSecrets : [];
    await heldDeposit();
    expect(new Set(deliveries.map((d) => d.url))).toEqual(new Set([HOOK_URL]));
    // Each kind of delivery verifies with the secret printed beside its subscription.
    const normal = secrets.findIndex((s) => first.out.includes(`${JSON.stringify(s)}   for ${hooks[0]!.id}`));
    expect(normal).toBeGreaterThanOrEqual(0);
    expect(signedWith('transaction.fiatToCrypto.processing', fileSecrets)).toEqual([normal]);
    expect(signedWith('transaction.fiatToCrypto.underReview', fileSecrets)).toEqual([1 - normal]);
    expect(signedWith('transaction.fiatToCrypto.completed', fileSecrets)).toEqual([normal]);

    const second = await cli('register', '--account', 'main', '--url', `${GATEWAY}/`);
    expect(second.status).toBe(0);
    expect(secretsIn(second.out)).toEqual([]);
    expect(second.out).toMatch(/kept .*\n.*kept /);
    expect(second.out).toContain('Nothing created');
    expect((await subscriptions()).map((h) => h.id)).toEqual(hooks.map((h) => h.id));
  });

  it('re-enables and widens a subscription OMS disabled or an operator narrowed, keeping its secret', async () => {
    await cli('register', '--account', 'main', '--url', GATEWAY);
    const [normal, compliance] = await subscriptions();
    await admin.webhooks.update(normal!.id, { enabled: false });
    await admin.webhooks.update(compliance!.id, { events: ['transaction.*'] });
    const again = await cli('register', '--account', 'main', '--url', GATEWAY);
    expect(again.status).toBe(0);
    expect(again.out.match(/enabled /g)).toHaveLength(2);
    expect(secretsIn(again.out)).toEqual([]);
    expect((await subscriptions()).map((h) => [h.id, h.enabled, h.status, h.events])).toEqual([
      [normal!.id, true, 'active', []],
      [compliance!.id, true, 'active', []],
    ]);
  });

  it('says when the file has no secret for subscriptions that exist', async () => {
    await admin.webhooks.create({ url: HOOK_URL, events: [] });
    const { status, out } = await cli('register', '--account', 'main', '--url', GATEWAY);
    expect(status).toBe(0);
    expect(secretsIn(out)).toHaveLength(1);
    await writeTenantsFile([]);
    const again = await cli('register', '--account', 'main', '--url', GATEWAY);
    expect(again.out).toContain('is empty and OMS never shows a secret again: run rotate');
  });

  it('works with the account of OMS_BASE_URL (no tenants file), printing OMS_WEBHOOK_SECRETS', async () => {
    const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
    const env = { OMS_BASE_URL: oms.url, OMS_API_KEY: apiKey, OMS_API_SECRET: apiSecret };
    const { status, out } = await cliWith(env, 'register', '--account', 'oms', '--url', GATEWAY);
    expect(status).toBe(0);
    expect(out).toContain('OMS_WEBHOOK_SECRETS');
    expect((await subscriptions()).map((h) => h.url)).toEqual([`${GATEWAY}/webhooks/oms/oms`, `${GATEWAY}/webhooks/oms/oms`]);
  });
});

describe('npm run webhooks -- list, rotate, remove', () => {
  it('lists the subscriptions, marking those of this gateway', async () => {
    await cli('register', '--account', 'main', '--url', GATEWAY);
    await admin.webhooks.create({ url: 'https://elsewhere.example.com/hooks', events: ['cashIn.*'] });
    const { status, out } = await cli('list', '--account', 'main', '--url', GATEWAY);
    expect(status).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('3 subscriptions of account main:');
    expect(lines.filter((line) => line.includes('(this gateway)'))).toHaveLength(2);
    for (const hook of await subscriptions()) expect(out).toContain(hook.id);
    expect(out).toContain('https://elsewhere.example.com/hooks');
  });

  it('rotates: a new pair with new secrets beside the old, the old removed by the printed command', async () => {
    const registered = await cli('register', '--account', 'main', '--url', GATEWAY);
    const oldSecrets = secretsIn(registered.out);
    const old = (await subscriptions()).map((h) => h.id);

    const rotated = await cli('rotate', '--account', 'main', '--url', GATEWAY);
    expect(rotated.status).toBe(0);
    const newSecrets = secretsIn(rotated.out);
    expect(newSecrets).toHaveLength(2);
    expect(newSecrets.filter((s) => oldSecrets.includes(s))).toEqual([]);
    expect(await subscriptions()).toHaveLength(4);

    // Under way: a second rotate would pile up subscriptions, so it is refused.
    const twice = await cli('rotate', '--account', 'main', '--url', GATEWAY);
    expect(twice.status).toBe(1);
    expect(twice.err).toMatch(/a rotation is already under way/);
    expect(await subscriptions()).toHaveLength(4);

    // Both pairs deliver meanwhile: a gateway with old and new secrets accepts every delivery.
    await heldDeposit();
    expect(signedWith('transaction.fiatToCrypto.processing', [...oldSecrets, ...newSecrets]).every((i) => i >= 0)).toBe(true);
    expect(deliveries.filter((d) => d.event === 'transaction.fiatToCrypto.processing')).toHaveLength(2);

    const command = /npm run webhooks -- (remove --account main .*)$/m.exec(rotated.out)?.[1]?.split(' ');
    expect(command?.filter((_, i) => command[i - 1] === '--id').sort()).toEqual([...old].sort());
    const removed = await cli(...command!);
    expect(removed.status).toBe(0);
    const left = await subscriptions();
    expect(left).toHaveLength(2);
    expect(left.map((h) => h.id).filter((id) => old.includes(id))).toEqual([]);
    expect(left.map((h) => h.complianceOnly)).toEqual([false, true]);

    deliveries = [];
    await heldDeposit();
    expect(signedWith('transaction.fiatToCrypto.processing', newSecrets)).toEqual([newSecrets.indexOf(secretsFor(rotated.out, left[0]!.id))]);
    expect(signedWith('transaction.fiatToCrypto.processing', oldSecrets)).toEqual([-1]);
  });

  it('removes every subscription at the URL, and nothing else; again, it removes nothing', async () => {
    await cli('register', '--account', 'main', '--url', GATEWAY);
    const other = await admin.webhooks.create({ url: 'https://elsewhere.example.com/hooks', events: [] });
    const { status, out } = await cli('remove', '--account', 'main', '--url', GATEWAY);
    expect(status).toBe(0);
    expect(out.match(/removed /g)).toHaveLength(2);
    expect((await subscriptions()).map((h) => h.id)).toEqual([other.id]);

    const again = await cli('remove', '--account', 'main', '--url', GATEWAY);
    expect(again.status).toBe(0);
    expect(again.out).toContain(`No subscription of account main at ${HOOK_URL}`);
    const byId = await cli('remove', '--account', 'main', '--id', other.id, '--id', 'whk_gone');
    expect(byId.out).toContain('no subscription whk_gone in account main');
    expect(await subscriptions()).toEqual([]);
  });

  it('runs as the npm script does, as a child process', async () => {
    await cli('register', '--account', 'main', '--url', GATEWAY);
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/webhooks/setup-main.ts', 'list', '--account', 'main'], {
      cwd: root,
      env: { PATH: process.env.PATH, TENANTS_FILE: tenantsFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const status = await new Promise((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(out).toMatch(/^2 subscriptions of account main:\n/);
  }, 30_000);
});

/** The secret printed beside subscription `id`. */
function secretsFor(out: string, id: string): string {
  return new RegExp(`"(whsec_[0-9a-f]+)"   for ${id}`).exec(out)![1]!;
}

describe('npm run webhooks: refusals', () => {
  it.each([
    [[], /expected one command/],
    [['register', '--url', GATEWAY], /--account: is required/],
    [['register', '--account', 'Main!', '--url', GATEWAY], /--account: expected an OMS account id/],
    [['register', '--account', 'main'], /--url: /],
    [['register', '--account', 'main', '--url', 'http://gateway.example.com'], /--url: OMS delivers to https URLs only/],
    [['register', '--account', 'main', '--url', 'gateway.example.com'], /--url: expected the gateway's public URL/],
    [['register', '--account', 'main', '--url', 'https://gw.example.com/?x=1'], /--url: expected no query or fragment/],
    [['register', '--account', 'main', '--url', GATEWAY, '--acount', 'x'], /Unknown option '--acount'/],
    [['register', '--account', 'main', '--url', GATEWAY, '--id', 'whk_1'], /register takes no --id/],
    [['subscribe', '--account', 'main'], /unknown command subscribe/],
    [['remove', '--account', 'main'], /remove: give exactly one of --url and --id/],
    [['remove', '--account', 'main', '--url', GATEWAY, '--id', 'whk_1'], /remove: give exactly one of --url and --id/],
    [['remove', '--account', 'main', '--id', 'hook1'], /--id: expected a subscription id like whk_/],
  ])('%j: exit 2 naming the argument', async (argv, message) => {
    const { status, err } = await cli(...argv);
    expect(status).toBe(2);
    expect(err).toMatch(message);
    expect(err).toContain('usage: npm run webhooks');
  });

  it('refuses accounts it cannot subscribe, naming why', async () => {
    expect((await cli('list', '--account', 'other')).err).toMatch(/has no OMS account "other" \(it has "main", "local"\)/);
    expect((await cli('list', '--account', 'local')).err).toMatch(/embedded sandbox/);
    expect((await cliWith({}, 'list', '--account', 'main')).err).toMatch(/no OMS account configured/);
    const rotated = await cli('rotate', '--account', 'main', '--url', GATEWAY);
    expect(rotated.status).toBe(1);
    expect(rotated.err).toMatch(/no subscription at .* to rotate: register first/);
    expect(await subscriptions()).toEqual([]);
  });

  it('reports what OMS answered when it refuses the credentials', async () => {
    const file = JSON.parse(await readFile(tenantsFile, 'utf8'));
    file.omsAccounts[0].apiSecret = 'not-the-secret';
    await writeFile(tenantsFile, JSON.stringify(file));
    const { status, err } = await cli('list', '--account', 'main');
    expect(status).toBe(1);
    expect(err).toMatch(/^webhooks: OMS POST \/auth\/token failed \(401/);
  });
});
