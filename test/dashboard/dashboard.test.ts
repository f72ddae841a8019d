import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page, type WebSocketRoute } from 'playwright-core';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_MANIFEST } from '../../src/dashboard/dashboard.js';
import { createFanoutCounters } from '../../src/graphql/subscription/counters.js';
import { watchActivity } from '../support/activity.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import {
  available,
  CHROMIUM,
  type DashboardSeller,
  dashboardSeller,
  deposit,
  type OpenDashboard,
  openDashboard,
  screenshotPath,
  streamIsLive,
  text,
  webhookGate,
} from './support.js';

/**
 * The example seller dashboard (examples/seller-dashboard) in headless Chromium against a real gateway
 * (embedded sandbox), signed in as a marketplace signs its sellers in: a session token from
 * createSellerSession in the URL fragment. Money moves from outside, with the tenant's key over HTTP;
 * the page must show it live. Every wait is on something the page or the gateway shows.
 */

const gate = webhookGate();
const fanout = createFanoutCounters();
let t: TestGateway;
let browser: Browser;
let open: OpenDashboard[] = [];

beforeAll(async () => {
  [t, browser] = await Promise.all([
    // As a marketplace runs it: the page sends hashes, and acme holds its seller tokens to the dashboard's registered operations.
    startTestGateway({
      sandbox: { webhooks: { fetch: gate.fetch } },
      fanoutCounters: fanout,
      dashboard: { trustedDocuments: true },
      tenants: { acme: { persistedDocuments: { manifests: [DASHBOARD_MANIFEST], sellerTokensRegisteredOnly: true } } },
    }),
    chromium.launch(CHROMIUM),
  ]);
});

afterEach(async () => {
  await Promise.all(open.map((o) => o.context.close()));
  open = [];
  // The next test's page is then the only subscription the gateway counts.
  await fanout.until((s) => s.alone + s.shared === 0);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The dashboard signed in as `seller` with its live stream proven (see streamIsLive); `prepare` runs before the page loads. */
async function signedIn(seller: DashboardSeller, prepare?: (page: Page) => Promise<void>) {
  const opened = await openDashboard(browser, t.gateway.dashboardUrl!, { hash: `#token=${seller.token}`, ...(prepare ? { prepare } : {}) });
  open.push(opened);
  return { ...opened, cursor: await streamIsLive(t, fanout, opened.page, seller) };
}

describe('the seller dashboard', { timeout: 60_000 }, () => {
  it('signs in with the token in the fragment and shows balance, deposit instructions and transactions with fees, from the gateway alone', async () => {
    const seller = await dashboardSeller(t, 'Ada');
    const { page, requests, problems, context } = await signedIn(seller);
    // The token left the address bar (and history); the tab keeps it, so a reload stays signed in.
    expect(page.url()).toBe(t.gateway.dashboardUrl);
    await expect.poll(() => page.evaluate("sessionStorage.getItem('seller-dashboard.token')")).toBe(seller.token);

    await page.locator('h1', { hasText: 'Ada Seller' }).waitFor();
    expect(await text(available(page, seller.walletId))).toBe('494.00 USDC');
    const instructions = page.locator(`[data-virtual-account-id="${seller.virtualAccountId}"]`);
    expect(await text(instructions)).toContain(seller.accountNumber);
    expect(await text(instructions)).toContain('021000021');
    const row = page.locator('tr[data-transaction-id]');
    expect(await row.count()).toBe(1);
    expect(await text(row)).toContain('500.00 USD OMS fee 1.00 USD Marketplace fee 5.00 USD +494.00 USDC Completed');

    // Copy buttons put the exact text on the clipboard.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(t.gateway.url).origin });
    await instructions.getByRole('button', { name: 'Copy account number' }).click();
    await instructions.getByRole('button', { name: 'Copy account number' }).filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(seller.accountNumber);

    await page.screenshot({ path: screenshotPath('signed-in'), fullPage: true });
    const origin = new URL(t.gateway.url).origin;
    expect(
      requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith(origin.replace('http', 'ws'))),
      'requests to another host',
    ).toEqual([]);
    expect(await problems()).toEqual([]);

    await page.reload();
    await page.locator(`[data-wallet-id="${seller.walletId}"]`).waitFor();
    expect(await text(available(page, seller.walletId))).toBe('494.00 USDC');
  });

  it('sends registered hashes, never text, while the same seller token is refused any document of its own', async () => {
    const seller = await dashboardSeller(t, 'Hedy');
    const sent: string[] = [];
    const { page, problems } = await signedIn(seller, async (p) => {
      p.on('request', (request) => void (request.method() === 'POST' && request.url() === t.gateway.url && sent.push(request.postData() ?? '')));
      p.on('websocket', (socket) => socket.on('framesent', ({ payload }) => sent.push(String(payload))));
    });
    await page.locator('tr[data-transaction-id]').first().waitFor();
    const operations = sent.map((body) => JSON.parse(body) as { type?: string; payload?: Record<string, unknown> } & Record<string, unknown>);
    const requests = operations.map((o) => (o.type === 'subscribe' ? o.payload! : o)).filter((o) => o.type === undefined);
    // The snapshot over HTTP, the activity stream over graphql-ws: each names its document by hash alone.
    expect(requests.length).toBeGreaterThanOrEqual(2);
    for (const request of requests) {
      expect(request.query ?? '').toBe('');
      expect(request.extensions).toMatchObject({ persistedQuery: { version: 1, sha256Hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    }
    expect(operations.some((o) => o.type === 'subscribe')).toBe(true);

    // The page's own token, with a document the dashboard never registered: refused, over HTTP as over graphql-ws.
    const refused = await t.request(seller.token, '{ viewer { role } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const client = createClient({
      url: t.gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${seller.token}` },
      retryAttempts: 0,
    });
    const outcome = await new Promise<unknown>((resolve) =>
      client.subscribe(
        { query: 'subscription { activity { cursor } }' },
        { next: (value) => resolve(value), error: resolve, complete: () => resolve('completed') },
      ),
    );
    await client.dispose();
    expect(outcome).toMatchObject([{ extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]);
    // And the page goes on: a deposit from outside still shows up live.
    const id = await deposit(t, seller.virtualAccountId, '12.00');
    await page.locator(`tr[data-transaction-id="${id}"][data-status="COMPLETED"]`).waitFor();
    expect(await problems()).toEqual([]);
  });

  it('takes a token handed over while it is open (a link followed in the same tab) and drops it from the address bar', async () => {
    const [first, second] = await Promise.all([dashboardSeller(t, 'Emmy'), dashboardSeller(t, 'Lise')]);
    const { page, problems } = await signedIn(first);
    await page.locator('h1', { hasText: 'Emmy Seller' }).waitFor();
    await page.goto(`${t.gateway.dashboardUrl}#token=${second.token}`);
    await page.locator('h1', { hasText: 'Lise Seller' }).waitFor();
    expect(page.url()).toBe(t.gateway.dashboardUrl);
    expect(await page.evaluate("sessionStorage.getItem('seller-dashboard.token')")).toBe(second.token);
    expect(await problems()).toEqual([]);
  });

  it('shows a deposit made from outside as PROCESSING, then COMPLETED, and moves the balance, without a reload', async () => {
    const seller = await dashboardSeller(t, 'Grace');
    const { page, problems } = await signedIn(seller);
    await page.evaluate('window.__sameDocument = true');

    const release = gate.hold('transaction.fiatToCrypto.completed');
    const id = await deposit(t, seller.virtualAccountId, '250.00');
    const row = page.locator(`tr[data-transaction-id="${id}"]`);
    await row.and(page.locator('[data-status="PROCESSING"]')).waitFor();
    expect(await text(row)).toContain('Processing');
    await gate.holding('transaction.fiatToCrypto.completed');
    expect(await text(available(page, seller.walletId))).toBe('494.00 USDC');
    await page.screenshot({ path: screenshotPath('deposit-processing'), fullPage: true });

    release();
    await row.and(page.locator('[data-status="COMPLETED"]')).waitFor();
    await available(page, seller.walletId).filter({ hasText: '740.50 USDC' }).waitFor();
    expect(await text(row)).toContain('250.00 USD OMS fee 1.00 USD Marketplace fee 2.50 USD +246.50 USDC Completed');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await page.screenshot({ path: screenshotPath('deposit-completed'), fullPage: true });
    expect(await problems()).toEqual([]);
  });

  it('says why a deposit failed, in plain words, and that the money went back', async () => {
    const seller = await dashboardSeller(t, 'Alan');
    const { page } = await signedIn(seller);
    // 13.13: the sandbox's bank rejects it, then refunds it.
    const id = await deposit(t, seller.virtualAccountId, '13.13');
    const row = page.locator(`tr[data-transaction-id="${id}"]`);
    await row.filter({ hasText: 'The money was returned.' }).waitFor();
    expect(await row.getAttribute('data-status')).toBe('FAILED');
    expect(await text(row)).toContain('The bank returned the transfer.');
    expect(await text(available(page, seller.walletId))).toBe('494.00 USDC');
  });

  it('reconnects a dropped socket with the last cursor and shows what happened meanwhile, once', async () => {
    const seller = await dashboardSeller(t, 'Edsger');
    const wsUrl = t.gateway.url.replace(/^http/, 'ws');
    let down = false;
    const sockets: { page: WebSocketRoute; server: WebSocketRoute }[] = [];
    const subscribed: { variables?: { after?: string | null } }[] = [];
    // Between the page and the gateway: records what the page subscribes with, and drops the socket on cue.
    const { page, cursor } = await signedIn(seller, (p) =>
      p.routeWebSocket(wsUrl, (ws) => {
        if (down) return ws.close({ code: 1013, reason: 'the test keeps the gateway away' });
        const server = ws.connectToServer();
        ws.onMessage((message) => {
          const parsed = JSON.parse(String(message)) as { type: string; payload?: { variables?: { after?: string | null } } };
          if (parsed.type === 'subscribe') subscribed.push(parsed.payload ?? {});
          server.send(message);
        });
        sockets.push({ page: ws, server });
      }),
    );
    expect(subscribed.map((s) => s.variables?.after ?? null)).toEqual([null]);

    down = true;
    for (const socket of sockets.splice(0)) {
      await socket.page.close({ code: 1012, reason: 'the gateway restarts' });
      await socket.server.close();
    }
    await page.locator('.live[data-state="reconnecting"]').waitFor();

    // While the page is away: a deposit arrives and completes, and the gateway logs it all.
    const watcher = await watchActivity(t, t.keys.acme, { tenant: 'acme', sellerId: seller.sellerId }, { sellerId: seller.sellerId, after: cursor });
    const id = await deposit(t, seller.virtualAccountId, '100.00');
    await watcher.until(
      (got) => got.some((e) => e.transaction?.id === id && e.transaction.status === 'COMPLETED') && got.some((e) => e.balance?.transaction?.id === id),
      'the deposit completed and the balance it moved, in the log',
    );
    await watcher.close();
    expect(await page.locator(`tr[data-transaction-id="${id}"]`).count()).toBe(0);

    down = false;
    const row = page.locator(`tr[data-transaction-id="${id}"]`);
    await row.and(page.locator('[data-status="COMPLETED"]')).waitFor();
    await available(page, seller.walletId).filter({ hasText: '592.00 USDC' }).waitFor();
    await page.locator('.live[data-state="live"]').waitFor();
    // Resumed after the last cursor the page had, and each transaction shows once.
    expect(subscribed.map((s) => s.variables?.after ?? null)).toEqual([null, cursor]);
    expect(await page.locator('tr[data-transaction-id]').count()).toBe(2);
    await page.screenshot({ path: screenshotPath('reconnected'), fullPage: true });
  });

  it('withdraws through the form: quote with fees, what arrives and the time left, then confirm and watch it complete', async () => {
    const seller = await dashboardSeller(t, 'Barbara');
    const { page, problems } = await signedIn(seller);
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Withdraw' }) });
    await form.getByLabel('To').selectOption(seller.bankId);
    await form.getByLabel('Amount (USDC)').fill('100.00');
    await form.getByRole('button', { name: 'Get quote' }).click();

    const quote = form.locator('.quote');
    await quote.waitFor();
    const quoted = await text(quote);
    expect(quoted).toContain('You send 100.00 USDC');
    expect(quoted).toContain('OMS fee 1.50 USDC');
    expect(quoted).toContain('Arrives at Chase ••4242 98.50 USD');
    // The time left counts down.
    const timer = quote.getByRole('timer');
    const first = await text(timer);
    expect(first).toMatch(/^This price holds for [45]:\d\d\.$/);
    await timer.filter({ hasNotText: first }).waitFor();
    await page.screenshot({ path: screenshotPath('withdraw-quote'), fullPage: true });

    const release = gate.hold('transaction.cryptoToFiat.completed');
    await quote.getByRole('button', { name: 'Confirm withdrawal' }).click();
    const progress = form.locator('.progress');
    await progress.filter({ hasText: 'Processing' }).waitFor();
    const id = await progress.getAttribute('data-transaction-id');
    expect(id).toMatch(/^txn_/);
    await page.locator(`tr[data-transaction-id="${id}"][data-status="PROCESSING"]`).waitFor();
    await gate.holding('transaction.cryptoToFiat.completed');
    release();

    await progress.filter({ hasText: '98.50 USD sent to Chase ••4242.' }).waitFor();
    await page.locator(`tr[data-transaction-id="${id}"][data-status="COMPLETED"]`).waitFor();
    await available(page, seller.walletId).filter({ hasText: '394.00 USDC' }).waitFor();
    await page.screenshot({ path: screenshotPath('withdraw-completed'), fullPage: true });
    expect(await problems()).toEqual([]);
  });

  it('refuses an amount it cannot send, with the reason, before and after asking the gateway', async () => {
    const seller = await dashboardSeller(t, 'Frances');
    const { page } = await signedIn(seller);
    const form = page.locator('section', { has: page.getByRole('heading', { name: 'Withdraw' }) });
    await form.getByLabel('Amount (USDC)').fill('1e3');
    await form.getByRole('button', { name: 'Get quote' }).click();
    await form.getByRole('alert').filter({ hasText: 'Enter an amount like 100.00' }).waitFor();
    expect(await form.locator('.quote').count()).toBe(0);

    // More than the wallet holds: OMS quotes it, and refuses to execute it (the quote stays, to retry once funded).
    await form.getByLabel('Amount (USDC)').fill('900.00');
    await form.getByRole('button', { name: 'Get quote' }).click();
    await form.getByRole('button', { name: 'Confirm withdrawal' }).click();
    await form.getByRole('alert').filter({ hasText: 'The wallet does not hold enough to cover this' }).waitFor();
    await form.getByRole('button', { name: 'Confirm withdrawal' }).waitFor();
    expect(await page.locator('tr[data-transaction-id]').count()).toBe(1);
    expect(await text(available(page, seller.walletId))).toBe('494.00 USDC');
  });

  it('ends when the session is revoked elsewhere, and signs out with its own button', async () => {
    const seller = await dashboardSeller(t, 'Hedy');
    const { page } = await signedIn(seller);
    await page.evaluate('window.__sameDocument = true');
    await t.request(t.keys.acme, 'mutation($id: ID!) { revokeSellerSessions(input: { sellerId: $id }) { revokedSessionIds } }', { id: seller.sellerId });
    await page.getByRole('status').filter({ hasText: 'Your session has ended' }).waitFor();
    expect(await page.evaluate("sessionStorage.getItem('seller-dashboard.token')")).toBeNull();

    // A new session, signed in through the paste field, then signed out with the button: the token is dead.
    const { createSellerSession } = (
      await t.request(t.keys.acme, 'mutation($id: ID!) { createSellerSession(input: { sellerId: $id }) { session { token } } }', { id: seller.sellerId })
    ).data!;
    const token = createSellerSession.session.token as string;
    await page.getByLabel(/Paste the token/).fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator(`[data-wallet-id="${seller.walletId}"]`).waitFor();
    // Settled as a signed-in page is: its stream live, so nothing re-renders the header under the click.
    await page.locator('.live[data-state="live"]').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
    const after = await t.request(token, '{ viewer { role } }');
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  });

  it('has no serious or critical accessibility violations (axe-core), signed out and signed in', async () => {
    const seller = await dashboardSeller(t, 'Karen');
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    // axe is injected as an inline script, which the page's own CSP rightly refuses: this context alone bypasses it.
    const opened = await openDashboard(browser, t.gateway.dashboardUrl!, { context: { bypassCSP: true } });
    open.push(opened);
    const { page } = opened;
    const audit = async () => {
      await page.addScriptTag({ content: axe });
      const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
        violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
      };
      return results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    };
    await page.getByRole('heading', { name: 'Seller session token' }).waitFor();
    expect(await audit()).toEqual([]);

    await page.getByLabel(/Paste the token/).fill(seller.token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.locator('tr[data-transaction-id]').first().waitFor();
    await page.locator('.live[data-state="live"]').waitFor();
    expect(await audit()).toEqual([]);
  });
});
