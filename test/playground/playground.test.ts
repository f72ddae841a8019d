import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { sellerWithWallet } from './sellers.js';

let t: TestGateway;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [t, browser] = await Promise.all([
    startTestGateway({ playgroundToken: (keys) => keys.acme }),
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
  /** Every URL the page requested. */
  requests: string[];
  /** CSP violations (`directive blocked-uri`) and uncaught errors, as they happened. */
  problems(): Promise<string[]>;
}

/**
 * A fresh browser context (no stored GraphiQL state) on the playground, GraphiQL rendered. `prepare`
 * runs before the page loads (WebSocket routes only apply to pages loaded after them).
 */
async function openPlayground(hash = '', prepare?: (page: Page) => Promise<void>): Promise<Playground> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
  await prepare?.(page);
  const response = await page.goto(t.gateway.url + hash);
  expect(response?.status()).toBe(200);
  await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
  return {
    page,
    requests,
    problems: async () => [...((await page.evaluate('window.__violations')) as string[]), ...errors],
  };
}

/** Clicks run and waits until the response pane shows `expected`. */
async function runAndWaitFor(page: Page, expected: string): Promise<string> {
  await page.locator('.graphiql-execute-button').click();
  const response = page.locator('.graphiql-response').filter({ hasText: expected });
  await response.waitFor();
  return (await response.textContent()) ?? '';
}

function hashWith(params: Record<string, string>): string {
  return `#${new URLSearchParams(params)}`;
}

describe('the playground (GET /graphql in a browser)', () => {
  it('is GraphiQL served by the gateway alone, with the demo key in the headers, and runs a query with it', async () => {
    const { page, requests, problems } = await openPlayground(hashWith({ query: '{ viewer { role tenant { name } } }' }));
    expect(await page.title()).toBe('OMS Gateway Playground');
    await page
      .locator('.graphiql-editor-tool')
      .filter({ hasText: `Bearer ${t.keys.acme}` })
      .waitFor();

    const result = await runAndWaitFor(page, '"role": "TENANT"');
    expect(result).toContain('"name": "Acme Market"');
    // Dialogs inject a <style> element: this is what the CSP's 'unsafe-inline' styles are for.
    await page.locator('[aria-label="Open settings dialog"]').click();
    await page.locator('.graphiql-dialog').waitFor();

    const origin = new URL(t.gateway.url).origin;
    const elsewhere = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'));
    expect(elsewhere, 'requests to another host').toEqual([]);
    expect(requests.some((url) => url.includes('/playground/assets/graphiql@'))).toBe(true);
    expect(await problems()).toEqual([]);
  });

  it('opens with a query of the whole API, which runs', async () => {
    const { sellerId, walletId } = await sellerWithWallet(t, 'Ada');
    const { page, problems } = await openPlayground();
    await page.locator('.graphiql-query-editor').filter({ hasText: 'query Overview' }).waitFor();
    const result = await runAndWaitFor(page, `"id": "${walletId}"`);
    expect(result).toContain(`"id": "${sellerId}"`);
    expect(result).toContain('"available"');
    expect(result).not.toContain('"errors"');
    await page.screenshot({ path: '/tmp/playground.png' });
    expect(await problems()).toEqual([]);
  });

  it('runs subscriptions over graphql-ws on the same URL, authenticated with the headers editor’s Authorization', async () => {
    const wsUrl = t.gateway.url.replace(/^http/, 'ws');
    const inits: unknown[] = [];
    // A graphql-ws server stand-in: the gateway's own WebSocket endpoint is not part of this suite.
    const { page, problems } = await openPlayground(hashWith({ query: 'subscription Ticks { tick }' }), (page) =>
      page.routeWebSocket(wsUrl, (ws) => {
        ws.onMessage((raw) => {
          const message = JSON.parse(String(raw)) as { type: string; id?: string; payload?: unknown };
          if (message.type === 'connection_init') {
            inits.push(message.payload);
            ws.send(JSON.stringify({ type: 'connection_ack' }));
          } else if (message.type === 'subscribe') {
            ws.send(JSON.stringify({ id: message.id, type: 'next', payload: { data: { tick: inits.length } } }));
            ws.send(JSON.stringify({ id: message.id, type: 'complete' }));
          }
        });
      }),
    );

    await runAndWaitFor(page, '"tick": 1');
    expect(inits).toEqual([{ authorization: `Bearer ${t.keys.acme}` }]);

    // Another Authorization in the editor: the next subscription authenticates with it, on its own socket.
    await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{"Authorization": "Bearer other-key"}');
    await runAndWaitFor(page, '"tick": 2');
    expect(inits).toEqual([{ authorization: `Bearer ${t.keys.acme}` }, { authorization: 'Bearer other-key' }]);
    expect(await problems()).toEqual([]);
  });

  it('may open WebSockets to its own origin under its Content-Security-Policy', async () => {
    const { page, problems } = await openPlayground();
    const wsUrl = t.gateway.url.replace(/^http/, 'ws');
    // A socket the CSP refused would never reach the network, so this event would not come.
    const created = page.waitForEvent('websocket', { predicate: (ws) => ws.url() === wsUrl, timeout: 5_000 });
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
