import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { editor, openTab, responseWith, run, setEditor } from './graphiql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction as transactionSchema } from '../../src/oms/schemas/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { appendMarker } from '../support/markers.js';
import { rawTransaction, unique } from '../webhooks/support.js';
import { deliveriesInOrder, sellerWithWallet } from './sellers.js';

let t: TestGateway;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [t, browser] = await Promise.all([
    startTestGateway({ playgroundToken: (keys) => keys.acme, sandbox: { webhooks: { fetch: deliveriesInOrder() } } }),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
  ]);
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
  await t?.close();
});

interface Playground {
  page: Page;
  /** Every URL the page (and its workers) requested. */
  requests: string[];
  /** CSP violations (`directive blocked-uri`) and uncaught errors, as they happened. */
  problems(): Promise<string[]>;
}

/**
 * A fresh browser context (no stored GraphiQL state) on the playground, GraphiQL rendered and its
 * operation editor filled. `prepare` runs before the page loads (WebSocket routes only apply to pages
 * loaded after them).
 */
async function openPlayground(hash = '', prepare?: (page: Page) => Promise<void>): Promise<Playground> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
  await prepare?.(page);
  const response = await page.goto(t.gateway.url + hash);
  expect(response?.status()).toBe(200);
  await page.waitForFunction(() =>
    (globalThis as any).__MONACO?.editor.getModels().some((m: any) => m.uri.path.endsWith('operation.graphql') && m.getValue() !== ''),
  );
  return {
    page,
    requests,
    problems: async () => [...((await page.evaluate('window.__violations')) as string[]), ...errors],
  };
}

function hashWith(params: Record<string, string>): string {
  return `#${new URLSearchParams(params)}`;
}

describe('the playground (GET /graphql in a browser)', { timeout: 60_000 }, () => {
  it('is GraphiQL 5 served by the gateway alone, Monaco’s workers included, with the demo key in the headers, and runs a query with it', async () => {
    const { page, requests, problems } = await openPlayground(hashWith({ query: '{ viewer { role tenant { name } } }' }));
    expect(await page.title()).toBe('OMS Gateway Playground');
    expect(JSON.parse(await editor(page, 'request-headers.json'))).toEqual({ Authorization: `Bearer ${t.keys.acme}` });

    await run(page);
    const result = await responseWith(page, '"role": "TENANT"');
    expect(result).toContain('"name": "Acme Market"');
    // Headers emptied: HTTP falls back to the page's key, as graphql-ws does.
    await setEditor(page, 'request-headers.json', '');
    await setEditor(page, 'operation.graphql', '{ viewer { tenant { id } } }');
    await run(page);
    await responseWith(page, '"id": "acme"');

    // The GraphQL worker validates against the schema (introspected with the page's key), the JSON worker the variables.
    await setEditor(page, 'operation.graphql', '{ viewer { notAField } }');
    await setEditor(page, 'variables.json', '{ "a": }');
    await page.waitForFunction(() => {
      const markers = (globalThis as any).__MONACO.editor.getModelMarkers({}) as { message: string; resource: { path: string } }[];
      return (
        markers.some((m) => m.resource.path.endsWith('operation.graphql') && m.message.includes('notAField')) &&
        markers.some((m) => m.resource.path.endsWith('variables.json'))
      );
    });
    // Dialogs inject <style> elements too.
    await page.locator('[aria-label="Open settings dialog"]').click();
    await page.locator('.graphiql-dialog').waitFor();

    const origin = new URL(t.gateway.url).origin;
    const elsewhere = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
    expect(elsewhere, 'requests to another host').toEqual([]);
    for (const worker of ['editor', 'json', 'graphql']) {
      expect(
        requests.some((url) => url.startsWith(`${origin}/playground/assets/${worker}.worker-`)),
        `the ${worker} worker`,
      ).toBe(true);
    }
    expect(await problems()).toEqual([]);
  });

  it('opens on the tour, a tab per story in order, then the overview, which runs', async () => {
    const { sellerId, walletId } = await sellerWithWallet(t, 'Ada');
    const { page, problems } = await openPlayground();
    const tabs = await page.locator('.graphiql-tab .graphiql-tab-button').allTextContents();
    expect(tabs).toEqual(['OnboardSeller', 'CreateWallet', 'SimulateDeposit', 'WatchSeller', 'RegisterBankAccount', 'Overview']);
    expect(await editor(page, 'operation.graphql')).toContain('1/5 Onboard a seller');
    expect(JSON.parse(await editor(page, 'variables.json'))).toMatchObject({ input: { firstName: 'Katherine' } });
    await page.screenshot({ path: '/tmp/playground.png' });

    // Tab 1 holds two operations: the run button asks which; OnboardSeller runs with the tab's variables.
    await run(page, 'OnboardSeller');
    const onboarded = JSON.parse(await responseWith(page, '"createSeller"'));
    expect(onboarded.data.createSeller).toMatchObject({
      seller: { id: expect.stringMatching(/^cst_/), firstName: 'Katherine', lastName: 'Johnson' },
      userErrors: [],
    });

    await openTab(page, 'Overview');
    await run(page);
    const result = await responseWith(page, `"id": "${walletId}"`);
    expect(result).toContain(`"id": "${sellerId}"`);
    expect(result).not.toContain('"errors"');
    expect(await problems()).toEqual([]);
  });

  it('opens a #query= link in a tab of its own, before the tour', async () => {
    const { page } = await openPlayground(hashWith({ query: 'query Linked { viewer { role } }', variables: '{"x": 1}' }));
    const tabs = await page.locator('.graphiql-tab .graphiql-tab-button').allTextContents();
    expect(tabs).toEqual(['Linked', 'OnboardSeller', 'CreateWallet', 'SimulateDeposit', 'WatchSeller', 'RegisterBankAccount', 'Overview']);
    expect(await editor(page, 'operation.graphql')).toBe('query Linked { viewer { role } }');
    expect(await editor(page, 'variables.json')).toBe('{"x": 1}');

    // Back again with the same link: GraphiQL's stored tabs, the link's among them, not a second copy.
    // (GraphiQL stores its tabs a moment after it opens: reloading before would test a first visit again.)
    await page.waitForFunction(() => (globalThis as any).localStorage.getItem('graphiql:tabState') !== null);
    await page.reload();
    await page.waitForFunction(() => (globalThis as any).__MONACO?.editor.getModels().some((m: any) => m.uri.path.endsWith('operation.graphql')));
    expect(await page.locator('.graphiql-tab .graphiql-tab-button').allTextContents()).toEqual(tabs);
    expect(await page.locator('.graphiql-tab-active').textContent()).toContain('Linked');
  });

  it('lists every event of a subscription, newest last, with their count, as the gateway pushes them', async () => {
    const { sellerId, walletId } = await sellerWithWallet(t, 'Grace');
    const va = await t.request(
      t.keys.acme,
      'mutation($s: ID!, $w: ID!) { createVirtualAccount(input: { sellerId: $s, destinationWalletId: $w }) { virtualAccount { id } } }',
      { s: sellerId, w: walletId },
    );
    const virtualAccountId = va.data?.createVirtualAccount.virtualAccount.id as string;

    // From a marker appended now (the tab's "after"): every event after it reaches the page, however
    // soon the gateway starts reading the log once the page subscribes.
    const marker = transactionSchema.parse(rawTransaction({ id: `txn_marker_${unique('pg')}`, customerId: sellerId, status: 'completed' }));
    const after = await appendMarker(t.events, { tenantId: 'acme', sellerIds: [sellerId], transaction: marker });
    const { page, problems } = await openPlayground();
    await openTab(page, 'WatchSeller');
    await setEditor(page, 'variables.json', JSON.stringify({ sellerId, after }));
    await run(page);
    expect(JSON.parse(await responseWith(page, '"received": 0'))).toEqual({ received: 0, state: 'listening', events: [] });

    // Two status changes from outside: a deposit over HTTP with the tenant key; the sandbox completes it.
    const deposit = await t.request(
      t.keys.acme,
      'mutation($va: ID!) { simulateDeposit(input: { virtualAccountId: $va, amount: "25.00", idempotencyKey: "pg-1" }) { transaction { id } userErrors { message } } }',
      { va: virtualAccountId },
    );
    const depositId = deposit.data?.simulateDeposit.transaction.id as string;
    expect(depositId, JSON.stringify(deposit)).toBeTruthy();
    await page.waitForFunction((id) => {
      const model = (globalThis as any).__MONACO.editor.getModels().find((m: any) => m.uri.path.endsWith('response.json'));
      const view = JSON.parse(model.getValue() || '{}');
      return (view.events ?? []).some((e: any) => e.data?.activity.transaction?.id === id && e.data.activity.transaction.status === 'COMPLETED');
    }, depositId);
    await page.screenshot({ path: '/tmp/playground-subscription.png' });

    const view = JSON.parse(await editor(page, 'response.json'));
    expect(view.state).toBe('listening');
    expect(view.received).toBe(view.events.length);
    const activities = view.events.map((e: any) => e.data.activity);
    const statuses = activities.filter((a: any) => a.kind === 'TRANSACTION' && a.transaction.id === depositId).map((a: any) => a.transaction.status);
    expect(statuses).toEqual(['PROCESSING', 'COMPLETED']);
    expect(view.events.every((e: any) => e.errors === undefined)).toBe(true);

    // The run button is a stop button while it listens.
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-execute-button[aria-label^="Execute"]').waitFor();
    expect(await problems()).toEqual([]);
  });

  it('runs subscriptions over graphql-ws on the same URL, authenticated with the headers editor’s Authorization', async () => {
    const wsUrl = t.gateway.url.replace(/^http/, 'ws');
    const inits: unknown[] = [];
    // A graphql-ws server stand-in: it answers each subscription with one event and completes it.
    const { page, problems } = await openPlayground(hashWith({ query: 'subscription Ticks { tick }' }), (page) =>
      page.routeWebSocket(wsUrl, (ws) => {
        ws.onMessage((raw) => {
          const message = JSON.parse(String(raw)) as { type: string; id?: string; payload?: unknown };
          if (message.type === 'connection_init') {
            inits.push(message.payload);
            ws.send(JSON.stringify({ type: 'connection_ack' }));
          } else if (message.type === 'subscribe' && JSON.stringify(message.payload).includes('Refused')) {
            ws.send(JSON.stringify({ id: message.id, type: 'error', payload: [{ message: 'refused here' }] }));
          } else if (message.type === 'subscribe') {
            ws.send(JSON.stringify({ id: message.id, type: 'next', payload: { data: { tick: inits.length } } }));
            ws.send(JSON.stringify({ id: message.id, type: 'complete' }));
          }
        });
      }),
    );

    await run(page);
    expect(JSON.parse(await responseWith(page, '"completed"'))).toEqual({ received: 1, state: 'completed', events: [{ data: { tick: 1 } }] });
    expect(inits).toEqual([{ authorization: `Bearer ${t.keys.acme}` }]);

    // Another Authorization in the editor: the next subscription authenticates with it, on its own socket.
    await setEditor(page, 'request-headers.json', '{"Authorization": "Bearer other-key"}');
    await run(page);
    await responseWith(page, '"tick": 2');
    expect(inits).toEqual([{ authorization: `Bearer ${t.keys.acme}` }, { authorization: 'Bearer other-key' }]);

    // A refused subscription says so, in place of the list.
    await setEditor(page, 'operation.graphql', 'subscription Refused { tick }');
    await run(page);
    expect(JSON.parse(await responseWith(page, '"failed"'))).toEqual({ received: 0, state: 'failed', error: 'refused here', events: [] });
    expect(await problems()).toEqual([]);
  });

  it('runs what the editor holds when run comes at once after a change, before GraphiQL re-reads the operation', async () => {
    const wsUrl = t.gateway.url.replace(/^http/, 'ws');
    const subscribed: unknown[] = [];
    const { page, problems } = await openPlayground(hashWith({ query: 'query First { viewer { role } }' }), (page) =>
      page.routeWebSocket(wsUrl, (ws) => {
        ws.onMessage((raw) => {
          const message = JSON.parse(String(raw)) as { type: string; id?: string; payload?: { operationName?: string } };
          if (message.type === 'connection_init') ws.send(JSON.stringify({ type: 'connection_ack' }));
          if (message.type !== 'subscribe') return;
          subscribed.push(message.payload?.operationName);
          ws.send(JSON.stringify({ id: message.id, type: 'next', payload: { data: { tick: subscribed.length } } }));
          ws.send(JSON.stringify({ id: message.id, type: 'complete' }));
        });
      }),
    );
    // The change and the click in one task: GraphiQL's operation (AST and name) is still the old one.
    const changeAndRun = (query: string) =>
      page.evaluate((q) => {
        (globalThis as any).__MONACO.editor
          .getModels()
          .find((m: any) => m.uri.path.endsWith('operation.graphql'))
          .setValue(q);
        (globalThis as any).document.querySelector('.graphiql-execute-button').click();
      }, query);

    await changeAndRun('subscription Quick { tick }');
    expect(JSON.parse(await responseWith(page, '"completed"'))).toEqual({ received: 1, state: 'completed', events: [{ data: { tick: 1 } }] });
    expect(subscribed).toEqual(['Quick']);

    await changeAndRun('query Second { viewer { role } }');
    expect(JSON.parse(await responseWith(page, '"role"'))).toEqual({ data: { viewer: { role: 'TENANT' } } });
    // An operation without a name, run under the previous one's: sent without a name.
    await changeAndRun('{ viewer { tenant { name } } }');
    expect(JSON.parse(await responseWith(page, '"name"'))).toEqual({ data: { viewer: { tenant: { name: 'Acme Market' } } } });
    expect(subscribed).toEqual(['Quick']);
    expect(await problems()).toEqual([]);
  });

  it('may open WebSockets to its own origin under its Content-Security-Policy', async () => {
    const { page, problems } = await openPlayground();
    const wsUrl = t.gateway.url.replace(/^http/, 'ws');
    // A socket the CSP refused would never reach the network, so this event would not come.
    const created = page.waitForEvent('websocket', { predicate: (ws) => ws.url() === wsUrl });
    await page.evaluate(`new Promise((resolve) => {
      const ws = new WebSocket(${JSON.stringify(wsUrl)}, 'graphql-transport-ws');
      ws.onopen = () => ws.close();
      ws.onclose = resolve;
    }).then(() => undefined)`);
    await created;
    expect(await problems()).toEqual([]);
  });
});

describe('GET /graphql outside a browser', () => {
  it('still reaches Apollo: a GraphQL GET query, and a request not preferring HTML', async () => {
    const headers = { authorization: `Bearer ${t.keys.acme}`, 'apollo-require-preflight': 'true' };
    const get = await fetch(`${t.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { ...headers, accept: 'application/json' } });
    expect(get.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });

    const asHtmlToo = await fetch(`${t.gateway.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { ...headers, accept: 'text/html, application/json' },
    });
    expect(await asHtmlToo.text()).not.toContain('OMS Gateway Playground');

    const anything = await fetch(t.gateway.url, { headers: { ...headers, accept: '*/*' } });
    expect(await anything.text()).not.toContain('OMS Gateway Playground');
  });
});
