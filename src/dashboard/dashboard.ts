import path from 'node:path';
import express, { type Express } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { Sessions } from '../tenancy/sessions.js';
import { ROOT } from '../web/build.js';
import { serveWebApp } from '../web/serve.js';
import { type DemoSeller, dashboardContentSecurityPolicy, renderDashboardPage } from './page.js';

/** Where the dashboard is served; its built files are under `${DASHBOARD_PATH}/assets`. */
export const DASHBOARD_PATH = '/dashboard';

/**
 * The dashboard's operations as graphql-codegen registered them (hash -> text): a tenant whose sellers
 * use the dashboard lists it in its tenants-file entry (`persistedDocuments.manifests`), so the page's
 * hashes resolve and, with `sellerTokensRegisteredOnly`, a seller token can run nothing else.
 */
export const DASHBOARD_MANIFEST = path.join(ROOT, 'examples/seller-dashboard/src/generated/persisted-documents.json');

/** Demo sessions one client may start per minute, and all clients per hour. */
export const DEMO_SESSIONS_PER_CLIENT_MINUTE = 10;
export const DEMO_SESSIONS_PER_HOUR = 600;

/** Lifetime of a demo seller's session token: an hour, as createSellerSession's default. */
const DEMO_SESSION_SECONDS = 3600;

export interface DashboardOptions {
  /** The GraphQL endpoint's path, on the same origin. */
  endpoint: string;
  /** Send documents by hash (trusted documents) rather than by text; see the page's client.ts. */
  trustedDocuments: boolean;
  /**
   * Demo mode alone: the tenant whose sellers one may sign in as with a click, and who they are (asked
   * on each page load: the demo data is seeded after the gateway listens). Without it the page takes
   * the token its marketplace hands it, and nothing here issues one.
   */
  demo?: { tenantId: string; sellers(): readonly DemoSeller[]; sessions: Sessions };
}

const DemoSessionRequest = z.object({ sellerId: z.string().min(1).max(200) });

/**
 * Serves the example seller dashboard (examples/seller-dashboard, built by src/web/build.ts) at
 * DASHBOARD_PATH. The page holds no key: it signs in with a seller session token. In demo mode,
 * `POST ${DASHBOARD_PATH}/demo-session {"sellerId"}` issues one for a demo seller, through the same
 * session issuer createSellerSession uses; it exists only when `demo` is given (the demo tenant's key
 * is printed and offered by the playground in that mode anyway), and only for the sellers listed.
 */
export function dashboardRoutes(app: Express, options: DashboardOptions): void {
  const built = serveWebApp(app, 'dashboard', `${DASHBOARD_PATH}/assets`);
  const assets = built.entries.dashboard;
  if (!assets) throw new Error('The dashboard app has no `dashboard` entry: see WEB_APPS in src/web/build.ts');
  const { demo } = options;

  app.get(DASHBOARD_PATH, (req, res) => {
    res.set({
      'Content-Security-Policy': dashboardContentSecurityPolicy(req.headers.host),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    const page = renderDashboardPage(assets, {
      endpoint: options.endpoint,
      trustedDocuments: options.trustedDocuments,
      demo: demo ? { sessionUrl: `${DASHBOARD_PATH}/demo-session`, sellers: [...demo.sellers()] } : null,
    });
    res.type('html').send(page);
  });

  if (!demo) return;
  // Each token is a session the store keeps for an hour: a few per minute per client, and a few hundred per
  // hour in all, so no one can grow the store without bound (the GraphQL way, createSellerSession, pays
  // the tenant's budget; this way has no caller to charge).
  const perClient = new RateLimiterMemory({ points: DEMO_SESSIONS_PER_CLIENT_MINUTE, duration: 60 });
  const overall = new RateLimiterMemory({ points: DEMO_SESSIONS_PER_HOUR, duration: 3600 });
  app.post(`${DASHBOARD_PATH}/demo-session`, express.json({ limit: '1kb' }), async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    try {
      await perClient.consume(req.ip ?? 'unknown');
      await overall.consume('all');
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) return next(refusal);
      res.set('Retry-After', String(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000))));
      return void res.status(429).json({ error: 'Too many demo sessions: try again later' });
    }
    const parsed = DemoSessionRequest.safeParse(req.body);
    const issue = parsed.error?.issues[0];
    if (issue) return void res.status(400).json({ error: `${issue.path.join('.') || 'body'}: ${issue.message}` });
    const { sellerId } = parsed.data!;
    const seller = demo.sellers().find((s) => s.id === sellerId);
    if (!seller) return void res.status(404).json({ error: 'sellerId: not a demo seller' });
    try {
      const session = await demo.sessions.issue(demo.tenantId, seller.id, DEMO_SESSION_SECONDS);
      res.json({ token: session.token, expiresAt: session.expiresAt.toISOString() });
    } catch (error) {
      next(error);
    }
  });
  // A body that is not JSON, or too long, answers like any other bad request: JSON naming what is wrong, never a stack.
  app.use(`${DASHBOARD_PATH}/demo-session`, (error: { status?: number }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (error.status === undefined || error.status >= 500) return next(error);
    res.status(error.status).json({ error: 'body: a JSON object {"sellerId": "cst_…"} of at most 1 kB' });
  });
}
