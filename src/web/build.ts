import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';

/**
 * The browser apps the gateway serves (the playground, the example seller dashboard), bundled with
 * esbuild, the project's own bundler, into `dist/browser/<app>/` with content-hashed file names and a
 * manifest (`<app>.manifest.json` beside it) the server reads (src/web/serve.ts). Nothing is fetched from the network at build or
 * run time: every import resolves to an installed package. `npm run build:web` runs this; `npm start`,
 * `npm run build` and the test setup run it first.
 */

/** The repository root (from src/web/ and from dist/web/ alike). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where built apps go. */
export const BROWSER_DIR = path.join(ROOT, 'dist/browser');

export interface WebAppSource {
  /** Entry points by output name (relative to the repository root). The first is the page's script. */
  entries: Record<string, string>;
}

/** Every app, by the directory name it is built into. */
export const WEB_APPS: Record<string, WebAppSource> = {
  // The example seller dashboard (examples/seller-dashboard), served at /dashboard (src/dashboard).
  dashboard: { entries: { dashboard: 'examples/seller-dashboard/src/main.tsx' } },
  // GraphiQL and the tour (src/playground), and the Monaco workers its editors start.
  playground: {
    entries: {
      playground: 'src/playground/browser/main.tsx',
      'editor.worker': 'src/playground/browser/workers/editor.worker.ts',
      'json.worker': 'src/playground/browser/workers/json.worker.ts',
      'graphql.worker': 'src/playground/browser/workers/graphql.worker.ts',
    },
  },
};

/** Where an app's manifest is written: beside its directory, so it is not among the files served. */
export function manifestPath(outRoot: string, name: string): string {
  return path.join(outRoot, `${name}.manifest.json`);
}

/** What an app manifest holds: each entry's script and, when it imports CSS, its stylesheet (paths under the app's directory). */
export interface WebManifest {
  entries: Record<string, { js: string; css?: string }>;
}

export async function buildWebApp(name: string, source: WebAppSource, outRoot = BROWSER_DIR): Promise<WebManifest> {
  const { build } = await import('esbuild');
  // Files of an earlier build stay: their names carry their content's hash, and a gateway started
  // before this build still serves them. Only the manifest (beside the directory, not served) changes.
  const outdir = path.join(outRoot, name);
  const entryPoints = Object.fromEntries(Object.entries(source.entries).map(([out, entry]) => [out, path.join(ROOT, entry)]));
  const result = await build({
    entryPoints,
    absWorkingDir: ROOT,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    outdir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
    metafile: true,
    logLevel: 'warning',
  });
  const manifest = manifestOf(result.metafile, outdir, entryPoints);
  await mkdir(outdir, { recursive: true });
  // Written whole then renamed: a gateway starting meanwhile reads the old manifest or the new one.
  const target = manifestPath(outRoot, name);
  await writeFile(`${target}.${process.pid}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${target}.${process.pid}.tmp`, target);
  return manifest;
}

function manifestOf(metafile: Metafile, outdir: string, entryPoints: Record<string, string>): WebManifest {
  const byEntry = new Map(Object.entries(entryPoints).map(([out, abs]) => [path.relative(ROOT, abs), out]));
  const entries: WebManifest['entries'] = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    const out = output.entryPoint && byEntry.get(output.entryPoint);
    if (!out) continue;
    const relative = (f: string) => path.relative(outdir, path.join(ROOT, f)).split(path.sep).join('/');
    entries[out] = { js: relative(file), ...(output.cssBundle ? { css: relative(output.cssBundle) } : {}) };
  }
  for (const out of Object.keys(entryPoints)) if (!entries[out]) throw new Error(`esbuild produced no output for the entry ${out}`);
  return { entries };
}

export async function buildWebApps(outRoot = BROWSER_DIR): Promise<void> {
  for (const [name, source] of Object.entries(WEB_APPS)) await buildWebApp(name, source, outRoot);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  await buildWebApps();
  console.log(`Built ${Object.keys(WEB_APPS).join(', ') || 'no apps'} into ${path.relative(process.cwd(), BROWSER_DIR)} in ${Date.now() - started} ms`);
}
