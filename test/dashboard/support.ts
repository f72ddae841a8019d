import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FanoutCounters } from '../../src/graphql/subscription/counters.js';
import type { TestGateway } from '../support/gateway.js';
import { MARKER } from '../support/markers.js';

/** How every browser test here launches Debian's Chromium (as test/playground does). */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where screenshots go: a test artifact, ignored by git. */
export const SCREENSHOTS = path.join(root, 'test-results/dashboard');

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

/** A GraphQL call with the acme tenant's key that must succeed: no errors, no userErrors. */
export async function acme<T = any>(t: TestGateway, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const answer = await t.request(t.keys.acme, query, variables);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  for (const payload of Object.values(answer.data ?? {}))
    expect((payload as { userErrors?: unknown[] })?.userErrors ?? [], JSON.stringify(payload)).toEqual([]);
  return answer.data as T;
}

export interface DashboardSeller {
  sellerId: string;
  walletId: string;
  virtualAccountId: string;
  accountNumber: string;
  bankId: string;
  /** A seller session token, as a marketplace's backend makes it. */
  token: string;
}

/**
 * A seller of acme as a marketplace would set one up: a USDC wallet, a US bank account number with a 1%
 * developer fee to acme's treasury, a verified bank account to withdraw to, 500.00 deposited (494.00
 * USDC arrived: OMS kept 1.00, acme 5.00), and a session token from createSellerSession.
 */
export async function dashboardSeller(t: TestGateway, firstName: string): Promise<DashboardSeller> {
  const { createSeller } = await acme(t, 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } userErrors { message } } }', {
    input: { firstName, lastName: 'Seller', email: `${unique(firstName.toLowerCase())}@example.com` },
  });
  const sellerId: string = createSeller.seller.id;
  const { createWallet } = await acme(t, 'mutation($id: ID!) { createWallet(input: { sellerId: $id }) { wallet { id } userErrors { message } } }', {
    id: sellerId,
  });
  const walletId: string = createWallet.wallet.id;
  // The treasury that takes the developer fees (the same wallet every time: the same input is the same create).
  await acme(t, 'mutation { createTreasuryWallet(input: {}) { wallet { id } userErrors { message } } }');
  const { createVirtualAccount } = await acme(
    t,
    `mutation($seller: ID!, $wallet: ID!) { createVirtualAccount(input: { sellerId: $seller, destinationWalletId: $wallet, label: "Sales payouts",
      developerFees: [{ rate: "0.010" }] }) { virtualAccount { id bankDetails { accountNumber } } userErrors { message } } }`,
    { seller: sellerId, wallet: walletId },
  );
  const { registerExternalAccount } = await acme(
    t,
    `mutation($seller: ID!) { registerExternalAccount(input: { sellerId: $seller, type: US_BANK, bankName: "Chase", routingNumber: "021000021",
      accountNumber: "000123454242", label: "Payouts" }) { externalAccount { id } userErrors { message } } }`,
    { seller: sellerId },
  );
  await deposit(t, createVirtualAccount.virtualAccount.id, '500.00');
  await t.sandbox.idle();
  const { createSellerSession } = await acme(
    t,
    'mutation($id: ID!) { createSellerSession(input: { sellerId: $id }) { session { token } userErrors { message } } }',
    { id: sellerId },
  );
  return {
    sellerId,
    walletId,
    virtualAccountId: createVirtualAccount.virtualAccount.id,
    accountNumber: createVirtualAccount.virtualAccount.bankDetails.accountNumber,
    bankId: registerExternalAccount.externalAccount.id,
    token: createSellerSession.session.token,
  };
}

/** A bank deposit simulated from outside, as a marketplace's backend (or the playground) would: its transaction id. */
export async function deposit(t: TestGateway, virtualAccountId: string, amount: string): Promise<string> {
  const { simulateDeposit } = await acme(
    t,
    `mutation($va: ID!, $amount: Decimal!, $key: String!) { simulateDeposit(input: { virtualAccountId: $va, amount: $amount, rail: ACH_IN,
      idempotencyKey: $key }) { transaction { id status } userErrors { message } } }`,
    { va: virtualAccountId, amount, key: unique('deposit') },
  );
  return simulateDeposit.transaction.id;
}

/**
 * Webhook deliveries from the sandbox to the gateway that a test holds back (by OMS event name) until it
 * lets them go: a transaction stays PROCESSING on the page for exactly as long as the test wants.
 */
export interface WebhookGate {
  /** The fetch the sandbox delivers webhooks with. */
  fetch: typeof fetch;
  /** Holds deliveries of `event` from now on; the answer lets them (and later ones) go. */
  hold(event: string): () => void;
  /** Resolves once a delivery of `event` is held. */
  holding(event: string): Promise<void>;
}

export function webhookGate(): WebhookGate {
  const held = new Set<string>();
  const waiting: { event: string; go: () => void }[] = [];
  const watchers: { event: string; seen: () => void }[] = [];
  return {
    async fetch(input, init) {
      const event = (JSON.parse(String(init?.body)) as { event: string }).event;
      if (held.has(event)) {
        const released = new Promise<void>((go) => waiting.push({ event, go }));
        for (const w of watchers.filter((w) => w.event === event)) w.seen();
        await released;
      }
      return fetch(input, init);
    },
    hold(event) {
      held.add(event);
      return () => {
        held.delete(event);
        for (const w of waiting.filter((w) => w.event === event)) w.go();
      };
    },
    holding(event) {
      if (waiting.some((w) => w.event === event)) return Promise.resolve();
      return new Promise((seen) => watchers.push({ event, seen }));
    },
  };
}

export interface OpenDashboard {
  page: Page;
  context: BrowserContext;
  /** Every URL the page requested. */
  requests: string[];
  /** CSP violations and uncaught errors, as they happened. */
  problems(): Promise<string[]>;
}

/** A fresh browser context on the dashboard with `hash` (e.g. #token=…); `prepare` runs before the page loads (WebSocket routes). */
export async function openDashboard(
  browser: Browser,
  url: string,
  options: { hash?: string; prepare?: (page: Page) => Promise<void>; context?: BrowserContextOptions } = {},
): Promise<OpenDashboard> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options.context });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
  await options.prepare?.(page);
  const response = await page.goto(url + (options.hash ?? ''));
  expect(response?.status()).toBe(200);
  return { page, context, requests, problems: async () => [...((await page.evaluate('window.__violations')) as string[]), ...errors] };
}

/**
 * Waits until the page's activity stream provably runs: a marker (a BALANCE event repeating the wallet's
 * balance as it is, so the page shows nothing new), appended to the log once the gateway counts the
 * page's subscription, reaches the page, whose last cursor is then the marker's. Answers that cursor.
 */
export async function streamIsLive(t: TestGateway, fanout: FanoutCounters, page: Page, seller: DashboardSeller): Promise<string> {
  await page.locator('.live[data-state="live"]').waitFor();
  await page.locator(`[data-wallet-id="${seller.walletId}"]`).waitFor();
  // The one page open: its subscription is the one the fan-out counts (the tests close each page and wait for none).
  await fanout.until((s) => s.alone + s.shared >= 1);
  const wallet = await t.oms.wallets.get(seller.walletId);
  const balance = await t.oms.wallets.balance(seller.walletId);
  const id = unique('marker');
  const result = await t.events.accept(
    {
      kind: 'balance',
      event: MARKER,
      occurredAt: new Date().toISOString(),
      tenantId: 'acme',
      sellerIds: [seller.sellerId],
      walletId: wallet.id,
      wallet,
      balance,
      transactionId: null,
    },
    { eventId: `evt_${id}`, objectId: id, position: 0 },
  );
  if (result.outcome !== 'appended') throw new Error(`the marker was not appended: ${result.outcome}`);
  await page.locator(`.live[data-cursor="${result.cursor}"]`).waitFor();
  return result.cursor;
}

/** What a person reads in an element: its rendered text, runs of white space as one space. */
export async function text(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, spaced as shown, which is what is asserted.
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** The element of a wallet's available balance on the page. */
export function available(page: Page, walletId: string) {
  return page.locator(`[data-wallet-id="${walletId}"] .available .amount`);
}
