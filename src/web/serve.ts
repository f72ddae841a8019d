import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { BROWSER_DIR, manifestPath, type WebManifest } from './build.js';

/** A built browser app (src/web/build.ts), ready to serve. */
export interface BuiltWebApp {
  /** URL paths of each entry's script and stylesheet, under the mount. */
  entries: Record<string, { js: string; css?: string }>;
}

/**
 * Reads a built app's manifest and serves its files under `mount` (e.g. /dashboard/assets). File names
 * carry content hashes, so they are cached for good; nothing outside the app's directory is served. A
 * missing build fails here, at startup, with the command that makes it.
 */
export function serveWebApp(app: Express, name: string, mount: string, root = BROWSER_DIR): BuiltWebApp {
  const dir = path.join(root, name);
  let manifest: WebManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath(root, name), 'utf8')) as WebManifest;
  } catch (error) {
    throw new Error(`The ${name} app is not built (${(error as Error).message}): run \`npm run build:web\``);
  }
  app.use(
    mount,
    express.static(dir, {
      immutable: true,
      maxAge: '365d',
      index: false,
      fallthrough: false,
      setHeaders: (res) => res.setHeader('X-Content-Type-Options', 'nosniff'),
    }),
    // A file that is not there (or a path that leaves the directory): a plain answer, never a stack or a path.
    (error: { status?: number; statusCode?: number }, _req: Request, res: Response, next: NextFunction) => {
      const status = error.status ?? error.statusCode;
      if (status === undefined || status >= 500 || res.headersSent) return next(error);
      res
        .status(status)
        .set('X-Content-Type-Options', 'nosniff')
        .type('text/plain')
        .send(status === 404 ? 'Not found' : 'Bad request');
    },
  );
  const url = (file: string) => `${mount}/${file}`;
  return {
    entries: Object.fromEntries(
      Object.entries(manifest.entries).map(([out, files]) => [out, { js: url(files.js), ...(files.css ? { css: url(files.css) } : {}) }]),
    ),
  };
}
