import { request } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { startPageServer, type PageFetch, type PageServer, type PageStream } from './cors-page.js';

/**
 * Browser origins at the door, seen from a real Chromium: dashboards on origins of their own call the
 * gateway over fetch (with a preflight) and graphql-ws. Three page servers are three origins: one in
 * CORS_ALLOWED_ORIGINS, one only in globex's `allowedOrigins`, and a stranger to both.
 */

const VIEWER = '{ viewer { role tenant { name } } }';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestGateway;
let browser: Browser;
let allowed: PageServer;
let globexOnly: PageServer;
let stranger: PageServer;
const pages: Page[] = [];

beforeAll(async () => {
  [allowed, globexOnly, stranger, browser] = await Promise.all([
    startPageServer(),
    startPageServer(),
    startPageServer(),
    chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }),
  ]);
  t = await startTestGateway({
    env: { CORS_ALLOWED_ORIGINS: allowed.origin },
    tenants: { globex: { allowedOrigins: [globexOnly.origin] } },
  });
});

afterAll(async () => {
  await Promise.all(pages.map((page) => page.context().close()));
  await browser?.close();
  await t?.close();
  await Promise.all([allowed, globexOnly, stranger].map((server) => server?.close()));
});

/** The dashboard page of `server`, loaded in a fresh browser context, its script ready. */
async function open(server: PageServer): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  pages.push(page);
  const response = await page.goto(server.url(t.gateway.url));
  expect(response?.status()).toBe(200);
  await page.waitForFunction(() => typeof (globalThis as any).callGateway === 'function');
  return page;
}

function callGateway(page: Page, token: string, query = VIEWER): Promise<PageFetch> {
  return page.evaluate(([token, query]) => (globalThis as any).callGateway(token, query), [token, query] as const);
}

function openStream(page: Page, token: string, query = VIEWER): Promise<PageStream> {
  return page.evaluate(([token, query]) => (globalThis as any).openStream(token, query), [token, query] as const);
}

function openSocket(page: Page, token: string): Promise<string[]> {
  return page.evaluate((token) => (globalThis as any).openSocket(token), token);
}

/** A CORS preflight of the gateway's POST with a bearer and a JSON body, sent from Node as a browser would. */
function preflight(origin: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(t.gateway.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The status of the answer to a WebSocket upgrade from `origin`: 101 when it opened. */
function upgradeStatus(origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(t.gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { origin });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', reject);
  });
}

describe('CORS at the door, from a page on another origin', () => {
  it('an origin in CORS_ALLOWED_ORIGINS calls with a bearer and a JSON body (preflighted), and reads X-Request-Id', async () => {
    const page = await open(allowed);
    const result = await callGateway(page, t.keys.acme);
    expect(result).toMatchObject({ ok: true, status: 200, body: { data: { viewer: { role: 'TENANT', tenant: { name: 'Acme Market' } } } } });
    if (!result.ok) throw new Error(result.error);
    expect(result.body.errors).toBeUndefined();
    // Exposed: without Access-Control-Expose-Headers the page would read null.
    expect(result.requestId).toMatch(UUID);
  });

  it('an origin no one allows: the browser’s fetch fails, and its preflight is 403 while the allowed one’s is 204', async () => {
    const page = await open(stranger);
    const result = await callGateway(page, t.keys.acme);
    expect(result).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });

    const refused = await preflight(stranger.origin);
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();

    const admitted = await preflight(allowed.origin);
    expect(admitted.status).toBe(204);
    expect(admitted.headers['access-control-allow-origin']).toBe(allowed.origin);
    const allowHeaders = String(admitted.headers['access-control-allow-headers'])
      .split(',')
      .map((h) => h.trim().toLowerCase());
    expect(allowHeaders).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(String(admitted.headers['access-control-allow-methods']).split(',')).toContain('POST');
    expect(admitted.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('an origin only in globex’s allowedOrigins calls with globex’s key; with acme’s key the door answers 403 FORBIDDEN', async () => {
    expect((await preflight(globexOnly.origin)).status).toBe(204);
    const page = await open(globexOnly);

    const globex = await callGateway(page, t.keys.globex);
    expect(globex).toMatchObject({ ok: true, status: 200, body: { data: { viewer: { role: 'TENANT', tenant: { name: 'Globex Bazaar' } } } } });

    const acme = await callGateway(page, t.keys.acme);
    if (!acme.ok) throw new Error(`expected a readable refusal, got ${acme.error}`);
    expect(acme.status).toBe(403);
    expect(acme.body.data).toBeUndefined();
    expect(acme.body.errors).toHaveLength(1);
    expect(acme.body.errors![0]!.extensions?.code).toBe('FORBIDDEN');
    expect(acme.body.errors![0]!.message).toContain(globexOnly.origin);
    expect(acme.body.errors![0]!.extensions).toMatchObject({ requestId: acme.requestId });
    expect(acme.requestId).toMatch(UUID);
  });
});

describe('graphql-ws at the door, from a page on another origin', () => {
  it('opens from the allowed origin (connection_ack) and never from a stranger (the upgrade is 403)', async () => {
    const [admitted, refused] = await Promise.all([open(allowed), open(stranger)]);
    expect(await openSocket(admitted, t.keys.acme)).toEqual(['open', 'connection_ack', 'close 1000']);
    expect(await openSocket(refused, t.keys.acme)).toEqual(['error', 'close 1006']);

    expect(await upgradeStatus(stranger.origin)).toBe(403);
    expect(await upgradeStatus(allowed.origin)).toBe(101);
  });

  it('from an origin only globex allows: globex’s key is acknowledged, acme’s is closed with 4403 at connection_init', async () => {
    const page = await open(globexOnly);
    expect(await upgradeStatus(globexOnly.origin)).toBe(101);
    expect(await openSocket(page, t.keys.globex)).toEqual(['open', 'connection_ack', 'close 1000']);
    expect(await openSocket(page, t.keys.acme)).toEqual(['open', 'close 4403']);
  });
});

describe('Server-Sent Events at the door, from a page on another origin', () => {
  it('the allowed origin reads the event stream (next, then complete) and its X-Request-Id; a stranger’s fetch fails', async () => {
    const page = await open(allowed);
    const stream = await openStream(page, t.keys.acme);
    if (!stream.ok) throw new Error(`expected a readable stream, got ${stream.error}`);
    expect({ status: stream.status, type: stream.type }).toEqual({ status: 200, type: 'text/event-stream; charset=utf-8' });
    expect(stream.text).toBe(`:\n\nevent: next\ndata: {"data":{"viewer":{"role":"TENANT","tenant":{"name":"Acme Market"}}}}\n\nevent: complete\ndata:\n\n`);
    expect(stream.requestId).toMatch(UUID);

    expect(await openStream(await open(stranger), t.keys.acme)).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
  });

  it('from an origin only globex allows: globex’s key gets its stream, acme’s a readable 403 FORBIDDEN', async () => {
    const page = await open(globexOnly);
    expect(await openStream(page, t.keys.globex)).toMatchObject({ ok: true, status: 200, text: expect.stringContaining('Globex Bazaar') });
    const acme = await openStream(page, t.keys.acme);
    expect(acme).toMatchObject({ ok: true, status: 403 });
    if (acme.ok) expect(JSON.parse(acme.text).errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
