import type { Express, NextFunction, Request, Response } from 'express';
import { playgroundAssets, type PlaygroundAsset } from './assets.js';
import { playgroundContentSecurityPolicy, renderPlaygroundPage } from './page.js';

/** Where the playground's scripts and styles are served. */
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
 * this before it. Scripts and styles come from installed packages, under PLAYGROUND_ASSETS_PATH:
 * the page loads nothing from any other host.
 */
export function playgroundRoutes(app: Express, options: PlaygroundOptions): void {
  const assets = playgroundAssets(PLAYGROUND_ASSETS_PATH);
  const page = renderPlaygroundPage({ endpoint: options.endpoint, token: options.token, assets: assets.urls });

  app.get(`${PLAYGROUND_ASSETS_PATH}/:dir/:file`, (req, res, next) => {
    const asset = assets.files.get(`${req.params.dir}/${req.params.file}`);
    if (!asset) return void res.status(404).type('text/plain').send('Not found');
    sendAsset(asset, res, next);
  });

  app.get(options.endpoint, (req, res, next) => {
    if (!wantsPage(req)) return next();
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
 * document's text, or a registered document's hash).
 */
function wantsPage(req: Request): boolean {
  if (req.query.query !== undefined || req.query.documentId !== undefined || req.query.extensions !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html']) === 'text/html';
}

function sendAsset(asset: PlaygroundAsset, res: Response, next: NextFunction): void {
  res.set('X-Content-Type-Options', 'nosniff');
  switch (asset.kind) {
    case 'file':
      res.sendFile(asset.path, { maxAge: '365d', immutable: true }, (error) => error && next(error));
      return;
    case 'inline':
      res.set('Cache-Control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body);
      return;
    default: {
      const never: never = asset;
      throw new Error(`Unknown playground asset ${JSON.stringify(never)}`);
    }
  }
}
