import type { IncomingMessage } from 'node:http';
import accepts from 'accepts';
import type { Express } from 'express';
import { searchOf, searchParams } from '../graphql/http.js';
import { serveWebApp } from '../web/serve.js';
import { playgroundContentSecurityPolicy, renderPlaygroundPage } from './page.js';

/** Where the playground's scripts, styles and workers are served. */
export const PLAYGROUND_ASSETS_PATH = '/playground/assets';

export interface PlaygroundOptions {
  /** The GraphQL endpoint's path; the page is served there too. */
  endpoint: string;
  /** A token the headers editor starts with (the demo tenant's key); none leaves it empty. */
  token: string | undefined;
}

/**
 * Serves the offline GraphiQL playground. A browser's GET of `endpoint` (Accept prefers text/html, no
 * `query` parameter) gets the page; every other request falls through to the GraphQL server, so mount
 * this before it. Its files are the esbuild build of src/playground/browser (`npm run build:web`),
 * under PLAYGROUND_ASSETS_PATH: the page loads nothing from any other host.
 */
export function playgroundRoutes(app: Express, options: PlaygroundOptions): void {
  const built = serveWebApp(app, 'playground', PLAYGROUND_ASSETS_PATH);
  const page = renderPlaygroundPage({ endpoint: options.endpoint, token: options.token, app: built });

  app.get(options.endpoint, (req, res, next) => {
    if (!wantsPlaygroundPage(req)) return next();
    res.set({
      'Content-Security-Policy': playgroundContentSecurityPolicy(req.headers.host),
      // The page may carry a tenant's key: keep it out of caches.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.vary('Accept');
    res.type('html').send(page);
  });
}

/**
 * Like Apollo's own landing-page check: the page only when HTML is preferred to every GraphQL
 * response type, so `Accept: *\/*` (curl, fetch) still gets GraphQL; and never for a GraphQL GET (a
 * document's text, or a registered document's hash). The server asks it before handing the endpoint's
 * requests to GraphQL.
 */
export function wantsPlaygroundPage(req: IncomingMessage): boolean {
  // HEAD as Express's app.get answers it: the page's headers.
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const query = searchParams(searchOf(req.url));
  if (query.query !== undefined || query.documentId !== undefined || query.extensions !== undefined) return false;
  return accepts(req).type(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}
