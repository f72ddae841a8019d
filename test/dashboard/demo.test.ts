import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount } from '../../examples/seller-dashboard/src/money.js';
import { openTab, responseWith, run, setEditor } from '../playground/graphiql.js';
import { available, CHROMIUM, openDashboard, screenshotPath, text } from './support.js';

/**
 * `npm start`'s process (demo tenant on the embedded sandbox) as a person tries it: the dashboard's URL
 * printed beside the playground's, a demo seller picked, and deposits simulated with the demo key (one
 * over HTTP, one from the playground page's deposit tab) arriving on the page live.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'gw_dashboard_demo_test_key_0123456789';
let gateway: ChildProcess;
let printed = '';
let browser: Browser;

beforeAll(async () => {
  const { REDIS_URL: _shared, ...env } = process.env;
  browser = await chromium.launch(CHROMIUM);
  gateway = spawn(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: root,
    // Deposits stay PROCESSING for 3 s: the page shows it before they complete.
    env: { ...env, PORT: '0', HOST: '127.0.0.1', DEMO_TENANT_API_KEY: KEY, LOG_LEVEL: 'silent', SANDBOX_COMPLETION_DELAY_MS: '3000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The signal: the lines npm start prints once it listens with its demo data loaded.
  await new Promise<void>((resolve, reject) => {
    gateway.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (/Demo token:/.test(printed)) resolve();
    });
    gateway.once('exit', (code) => reject(new Error(`npm start's process exited (${code}) before it listened:\n${printed}`)));
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (!gateway || gateway.exitCode !== null) return;
  gateway.kill('SIGTERM');
  await once(gateway, 'exit');
});

async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json()) as { data: T; errors?: unknown };
  expect(answer.errors).toBeUndefined();
  return answer.data;
}

describe('npm start', () => {
  it('prints the dashboard’s URL beside the playground’s; a demo seller sees a deposit from the playground arrive live', { timeout: 60_000 }, async () => {
    const lines = printed.split('\n');
    const at = lines.findIndex((line) => /^\s+Playground:/.test(line));
    const playground = /Playground:\s+(\S+)/.exec(lines[at]!)![1]!;
    const dashboard = /^\s+Dashboard:\s+(\S+)/.exec(lines[at + 1] ?? '')?.[1];
    expect(dashboard).toBe(playground.replace(/\/graphql$/, '/dashboard'));

    const opened = await openDashboard(browser, dashboard!);
    const { page } = opened;
    await page.getByRole('button', { name: 'Sign in as Ada Lovelace' }).click();
    const { sellers } = await gql(playground, '{ sellers(email: "ada@demo.example") { nodes { id wallets { id } virtualAccounts { id } } } }');
    const ada = sellers.nodes[0];
    const walletId = ada.wallets[0].id as string;
    await page.locator(`[data-wallet-id="${walletId}"]`).waitFor();
    await page.locator('.live[data-state="live"]').waitFor();
    expect(await text(page.locator('h1'))).toBe('Ada Lovelace');
    const before = await text(available(page, walletId));

    const simulate = async (amount: string) =>
      (
        await gql(
          playground,
          'mutation($va: ID!, $amount: Decimal!, $key: String!) { simulateDeposit(input: { virtualAccountId: $va, amount: $amount, idempotencyKey: $key }) { transaction { id } } }',
          { va: ada.virtualAccounts[0].id, amount, key: `demo-test-${amount}-${Date.now()}` },
        )
      ).simulateDeposit.transaction.id as string;
    // The page read its account before this first deposit existed: its row can only come from the live stream.
    const first = await simulate('10.00');
    await page.locator(`tr[data-transaction-id="${first}"]`).waitFor();

    // The second from the playground itself, as a person would: the tour's deposit tab, its variables
    // set to Ada's account, run with the demo key the page starts with.
    const tour = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const playgroundPage = await tour.newPage();
    await playgroundPage.goto(playground);
    await playgroundPage.waitForFunction(() => (globalThis as any).__MONACO?.editor.getModels().some((m: any) => m.uri.path.endsWith('operation.graphql')));
    await openTab(playgroundPage, 'SimulateDeposit');
    await setEditor(
      playgroundPage,
      'variables.json',
      JSON.stringify({ virtualAccountId: ada.virtualAccounts[0].id, amount: '250.00', idempotencyKey: `demo-test-${Date.now()}` }),
    );
    // Every status each row shows, in order, as the page renders it: this process's webhooks cannot be
    // held, so on a slow machine PROCESSING may be gone before a wait for it would start looking.
    await page.evaluate(() => {
      const window = globalThis as any;
      const seen: Record<string, string[]> = (window.__statuses = {});
      new window.MutationObserver(() => {
        for (const row of window.document.querySelectorAll('tr[data-transaction-id]')) {
          const statuses = (seen[row.getAttribute('data-transaction-id')!] ??= []);
          const status = row.getAttribute('data-status')!;
          if (statuses.at(-1) !== status) statuses.push(status);
        }
      }).observe(window.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    });
    await run(playgroundPage, 'SimulateDeposit');
    const answer = JSON.parse(await responseWith(playgroundPage, '"simulateDeposit"')) as { data: { simulateDeposit: { transaction: { id: string } } } };
    const id = answer.data.simulateDeposit.transaction.id;
    await tour.close();
    const row = page.locator(`tr[data-transaction-id="${id}"]`);
    await row.and(page.locator('[data-status="COMPLETED"]')).waitFor();
    expect(await page.evaluate((i) => (globalThis as any).__statuses[i], id)).toEqual(['PROCESSING', 'COMPLETED']);
    expect(await text(row)).toContain('250.00 USD OMS fee 1.00 USD Marketplace fee 2.50 USD +246.50 USDC Completed');

    const { wallet } = await gql(playground, 'query($id: ID!) { wallet(id: $id) { balance { available } } }', { id: walletId });
    await available(page, walletId)
      .filter({ hasText: `${formatAmount(wallet.balance.available)} USDC` })
      .waitFor();
    expect(await text(available(page, walletId))).not.toBe(before);
    await page.screenshot({ path: screenshotPath('demo-deposit-completed'), fullPage: true });
    expect(await opened.problems()).toEqual([]);
    await opened.context.close();
  });
});
