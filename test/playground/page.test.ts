import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPlaygroundQuery, renderPlaygroundPage } from '../../src/playground/page.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { sellerWithWallet } from './sellers.js';

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway({ playgroundToken: (keys) => keys.acme });
});
afterAll(() => t?.close());

describe('the playground over plain HTTP', () => {
  it('serves the page with a strict CSP, uncached, and its whitelisted assets cached for good', async () => {
    const page = await fetch(t.gateway.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https?:/);

    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/playground\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(7);
    for (const asset of assets) {
      const response = await fetch(new URL(asset, t.gateway.url));
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('cache-control'), asset).toMatch(/max-age=31536000.*immutable/);
      await response.arrayBuffer();
    }
    for (const probe of ['graphiql@3.9.0/package.json', '..%2F..%2Fpackage.json/x', 'react@18.3.1/..%2Fpackage.json', 'x/y']) {
      const response = await fetch(`${new URL(t.gateway.url).origin}/playground/assets/${probe}`);
      expect(response.status, probe).toBe(404);
      await response.arrayBuffer();
    }
  });
});

describe('the default query', () => {
  it('is valid, within the query limits, and reaches sellers, wallets, balances and transactions', async () => {
    const { sellerId, walletId } = await sellerWithWallet(t, 'Grace');
    const result = await t.request(t.keys.acme, defaultPlaygroundQuery(true));
    expect(result.errors).toBeUndefined();
    expect(result.data?.viewer).toEqual({ role: 'TENANT', tenant: { id: 'acme', name: 'Acme Market' } });
    const seller = result.data?.sellers.nodes.find((s: { id: string }) => s.id === sellerId);
    expect(seller).toMatchObject({ firstName: 'Grace', wallets: [{ id: walletId, balance: { available: expect.any(String) } }], transactions: { nodes: [] } });
  });
});

describe('the page', () => {
  const assets = { react: '/r', reactDom: '/rd', graphiql: '/g', graphiqlCss: '/gc', graphqlWs: '/w', client: '/c', styles: '/s' };
  const config = (html: string): unknown => JSON.parse(/<script type="application\/json" id="playground-config">([^<]*)<\/script>/.exec(html)![1]!);

  it('keeps the token inside its JSON block whatever it holds', () => {
    const token = '</script><script>alert(1)</script><!-- \u2028 & "quotes"';
    const html = renderPlaygroundPage({ endpoint: '/graphql', token, assets });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<!--');
    expect(config(html)).toMatchObject({ authorization: `Bearer ${token}`, defaultHeaders: JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) });
  });

  it('starts with empty headers and no fallback without a token', () => {
    const html = renderPlaygroundPage({ endpoint: '/graphql', token: undefined, assets });
    expect(config(html)).toEqual({ endpoint: '/graphql', authorization: null, defaultHeaders: '', defaultQuery: defaultPlaygroundQuery(false) });
  });
});
