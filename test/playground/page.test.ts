import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlaygroundPage } from '../../src/playground/page.js';
import { overviewQuery } from '../../src/playground/tour.js';
import type { BuiltWebApp } from '../../src/web/serve.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { sellerWithWallet } from './sellers.js';

let t: TestGateway;
let off: TestGateway;
beforeAll(async () => {
  [t, off] = await Promise.all([
    startTestGateway({ playgroundToken: (keys) => keys.acme }),
    startTestGateway({ playgroundToken: (keys) => keys.acme, env: { PLAYGROUND: 'off' } }),
  ]);
});
afterAll(() => Promise.all([t?.close(), off?.close()]));

const pageConfig = (html: string): any => JSON.parse(/<script type="application\/json" id="playground-config">([^<]*)<\/script>/.exec(html)![1]!);

/** The page's own files: its stylesheet and module script, and the Monaco workers its settings name. */
function filesOf(html: string): string[] {
  const linked = [...html.matchAll(/(?:src|href)="(\/playground\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  return [...linked, ...Object.values(pageConfig(html).workers as Record<string, string>)];
}

describe('the playground over plain HTTP', () => {
  it('serves the page with a strict CSP, uncached, and its built files cached for good', async () => {
    const page = await fetch(t.gateway.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("worker-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval|https?:|blob:|\*/);

    const html = await page.text();
    const files = filesOf(html);
    expect(files).toHaveLength(5);
    for (const file of files) {
      const response = await fetch(new URL(file, t.gateway.url));
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toMatch(/^(text\/javascript|application\/javascript|text\/css)/);
      expect(response.headers.get('cache-control'), file).toMatch(/max-age=31536000.*immutable/);
      await response.arrayBuffer();
    }
    for (const probe of ['manifest.json/x', '..%2F..%2Fpackage.json', '../../package.json', 'x/y.js']) {
      const response = await fetch(`${new URL(t.gateway.url).origin}/playground/assets/${probe}`);
      // serve-static answers 403 to a path that climbs out of its directory, 404 to one it lacks.
      expect([403, 404], probe).toContain(response.status);
      expect(await response.text(), probe).not.toContain('"name"');
    }
  });

  it('is gone with PLAYGROUND=off: a browser’s GET reaches GraphQL, and the files are not served', async () => {
    const html = await (await fetch(t.gateway.url, { headers: { accept: 'text/html' } })).text();
    const files = filesOf(html);

    const page = await fetch(off.gateway.url, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-security-policy')).toBeNull();
    expect(page.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(await page.text()).not.toContain('OMS Gateway Playground');
    for (const file of files) {
      const response = await fetch(new URL(file, off.gateway.url));
      expect(response.status, file).toBe(404);
      expect(await response.text(), file).not.toContain('monaco');
    }
    // GraphQL itself is as before.
    expect(await off.request(off.keys.acme, '{ viewer { role } }')).toEqual({ data: { viewer: { role: 'TENANT' } } });
  });
});

describe('the overview tab', () => {
  it('is valid, within the query limits, and reaches sellers, wallets, balances and transactions', async () => {
    const { sellerId, walletId } = await sellerWithWallet(t, 'Grace');
    const result = await t.request(t.keys.acme, overviewQuery);
    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer).toEqual({ role: 'TENANT', tenant: { id: 'acme', name: 'Acme Market' } });
    const seller = result.data?.sellers.nodes.find((s: { id: string }) => s.id === sellerId);
    expect(seller).toMatchObject({ firstName: 'Grace', wallets: [{ id: walletId, balance: { available: expect.any(String) } }], transactions: { nodes: [] } });
  });
});

describe('the page', () => {
  const app: BuiltWebApp = {
    entries: {
      playground: { js: '/p.js', css: '/p.css' },
      'editor.worker': { js: '/e.js' },
      'json.worker': { js: '/j.js' },
      'graphql.worker': { js: '/g.js' },
    },
  };

  it('keeps the token inside its JSON block whatever it holds', () => {
    const token = '</script><script>alert(1)</script><!-- \u2028 & "quotes"';
    const html = renderPlaygroundPage({ endpoint: '/graphql', token, app });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<!--');
    expect(pageConfig(html)).toMatchObject({ authorization: `Bearer ${token}`, defaultHeaders: JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) });
  });

  it('starts with empty headers and no fallback without a token, and names the workers', () => {
    const html = renderPlaygroundPage({ endpoint: '/graphql', token: undefined, app });
    expect(pageConfig(html)).toEqual({
      endpoint: '/graphql',
      authorization: null,
      defaultHeaders: '',
      workers: { editor: '/e.js', json: '/j.js', graphql: '/g.js' },
    });
    expect(html).toContain('<script type="module" src="/p.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/p.css">');
  });

  it('refuses a build without a worker, naming the command that makes it', () => {
    const { 'json.worker': _json, ...entries } = app.entries;
    expect(() => renderPlaygroundPage({ endpoint: '/graphql', token: undefined, app: { entries } })).toThrow(/json\.worker.*npm run build:web/);
  });
});
