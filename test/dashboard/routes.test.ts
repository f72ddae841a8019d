import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SESSIONS_PER_CLIENT_MINUTE } from '../../src/dashboard/dashboard.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { acme, unique } from './support.js';

/** What the gateway serves at /dashboard, and the demo's token issuer, over plain HTTP. */

let plain: TestGateway;
let demo: TestGateway;
let off: TestGateway;
const demoSellers: { id: string; name: string }[] = [];

beforeAll(async () => {
  [plain, demo, off] = await Promise.all([
    startTestGateway({ dashboard: { trustedDocuments: true } }),
    startTestGateway({ dashboard: { demo: { tenantId: 'acme', sellers: () => demoSellers } } }),
    startTestGateway(),
  ]);
});

afterAll(async () => {
  await Promise.all([plain?.close(), demo?.close(), off?.close()]);
});

const origin = (t: TestGateway) => new URL(t.gateway.url).origin;

function configOf(html: string): unknown {
  const block = /<script type="application\/json" id="dashboard-config">([^<]*)<\/script>/.exec(html);
  if (!block) throw new Error(`no config block in ${html}`);
  return JSON.parse(block[1]!);
}

async function sellerOf(t: TestGateway, name: string): Promise<string> {
  const { createSeller } = await acme(t, 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } userErrors { message } } }', {
    input: { firstName: name, lastName: 'Demo', email: `${unique(name)}@example.com` },
  });
  return createSeller.seller.id;
}

function demoSession(body: string, contentType = 'application/json') {
  return fetch(`${origin(demo)}/dashboard/demo-session`, { method: 'POST', headers: { 'content-type': contentType }, body });
}

describe('GET /dashboard', () => {
  it('is the built page under a strict CSP, its settings in a JSON block and no inline script', async () => {
    const response = await fetch(plain.gateway.dashboardUrl!);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const html = await response.text();
    expect(configOf(html)).toEqual({ endpoint: '/graphql', trustedDocuments: true, demo: null });
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.every((attrs) => / src="\/dashboard\/assets\/dashboard-[A-Z0-9]+\.js"/.test(attrs) || attrs.includes('application/json'))).toBe(true);
    for (const asset of html.match(/\/dashboard\/assets\/[^"]+/g)!) {
      const file = await fetch(origin(plain) + asset);
      expect(file.status, asset).toBe(200);
      expect(file.headers.get('cache-control'), asset).toContain('immutable');
    }
    expect(plain.gateway.dashboardUrl).toBe(`${origin(plain)}/dashboard`);
  });

  it('is not served unless the gateway is told to, and neither is the demo issuer', async () => {
    expect(off.gateway.dashboardUrl).toBeUndefined();
    expect((await fetch(`${origin(off)}/dashboard`)).status).toBe(404);
    expect(
      (await fetch(`${origin(plain)}/dashboard/demo-session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    ).toBe(404);
  });

  it('lists the demo sellers in demo mode, as they are when the page loads, escaped for the script block', async () => {
    const id = await sellerOf(demo, 'Ada');
    demoSellers.splice(0, demoSellers.length, { id, name: 'Ada </script><script>alert(1)</script>' });
    const html = await (await fetch(demo.gateway.dashboardUrl!)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(configOf(html)).toEqual({
      endpoint: '/graphql',
      trustedDocuments: false,
      demo: { sessionUrl: '/dashboard/demo-session', sellers: [{ id, name: 'Ada </script><script>alert(1)</script>' }] },
    });
  });
});

describe('POST /dashboard/demo-session (demo mode)', () => {
  it('issues a seller session token for a demo seller, seeing that seller alone', async () => {
    const id = await sellerOf(demo, 'Grace');
    demoSellers.splice(0, demoSellers.length, { id, name: 'Grace Demo' });
    const response = await demoSession(JSON.stringify({ sellerId: id }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(3500_000);
    const viewer = await demo.request(token, '{ viewer { role seller { id } tenant { id } } sellers { nodes { id } } }');
    expect(viewer.data).toEqual({ viewer: { role: 'SELLER', seller: { id }, tenant: { id: 'acme' } }, sellers: { nodes: [{ id }] } });
  });

  it('refuses any other seller (of the tenant or not), and bodies that are not {"sellerId"}, saying what is wrong', async () => {
    const listed = await sellerOf(demo, 'Alan');
    const other = await sellerOf(demo, 'Edsger');
    demoSellers.splice(0, demoSellers.length, { id: listed, name: 'Alan Demo' });
    const refusals = [
      [await demoSession(JSON.stringify({ sellerId: other })), 404, 'sellerId: not a demo seller'],
      [await demoSession(JSON.stringify({})), 400, 'sellerId: '],
      [await demoSession(JSON.stringify({ sellerId: 7 })), 400, 'sellerId: '],
      [await demoSession('not json'), 400, 'body: a JSON object'],
      [await demoSession(JSON.stringify({ sellerId: listed }), 'text/plain'), 400, 'body: '],
      [await demoSession(JSON.stringify({ sellerId: listed, pad: 'x'.repeat(2000) })), 413, 'body: a JSON object'],
    ] as const;
    for (const [response, status, message] of refusals) {
      expect(response.status, message).toBe(status);
      expect(((await response.json()) as { error: string }).error, message).toContain(message);
    }
  });
});

describe('POST /dashboard/demo-session, many times (last: it spends the demo gateway’s allowance)', () => {
  it('answers 429 with Retry-After once a client asked for more than its few sessions a minute', async () => {
    const id = await sellerOf(demo, 'Ada');
    demoSellers.splice(0, demoSellers.length, { id, name: 'Ada Demo' });
    const statuses: number[] = [];
    let refused: Response | undefined;
    while (!refused && statuses.length <= DEMO_SESSIONS_PER_CLIENT_MINUTE) {
      const response = await demoSession(JSON.stringify({ sellerId: id }));
      statuses.push(response.status);
      if (response.status === 429) refused = response;
    }
    expect(refused, `statuses: ${statuses.join(' ')}`).toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused!.json()).toEqual({ error: 'Too many demo sessions: try again later' });
  });
});
