import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp } from '../../src/web/build.js';
import { serveWebApp } from '../../src/web/serve.js';

let out: string;
beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'web-build-'));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('browser app build', () => {
  it('bundles an entry and its CSS under content-hashed names, listed in the manifest', async () => {
    const manifest = await buildWebApp('fixture', { entries: { main: 'test/web/fixture/main.ts' } }, out);
    expect(manifest.entries.main!.js).toMatch(/^main-[A-Z0-9]+\.js$/);
    expect(manifest.entries.main!.css).toMatch(/^main-[A-Z0-9]+\.css$/);
    expect(await readFile(path.join(out, 'fixture', manifest.entries.main!.css!), 'utf8')).toContain('#639');
    expect(JSON.parse(await readFile(path.join(out, 'fixture.manifest.json'), 'utf8'))).toEqual(manifest);
  });

  it('serves the built files under the mount, cached for good, and nothing else', async () => {
    const app = express();
    const built = serveWebApp(app, 'fixture', '/fixture/assets', out);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const js = await fetch(base + built.entries.main!.js);
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toContain('javascript');
      expect(js.headers.get('cache-control')).toContain('immutable');
      expect(await js.text()).toContain('built');
      expect((await fetch(`${base}/fixture/assets/../../package.json`)).status).toBe(404);
      const missing = await fetch(`${base}/fixture/assets/missing.js`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe('Not found');
      const outside = await fetch(`${base}/fixture/assets/..%2f..%2fpackage.json`);
      expect([400, 403, 404]).toContain(outside.status);
      expect(await outside.text()).not.toContain(out);
      // The manifest is the server's, not among the files served.
      expect((await fetch(`${base}/fixture/assets/manifest.json`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('keeps the files of an earlier build, which a gateway started before it may still serve', async () => {
    await buildWebApp('kept', { entries: { main: 'test/web/fixture/main.ts' } }, out);
    // What an earlier build of other code left: another hash in its name.
    await writeFile(path.join(out, 'kept', 'main-EARLIER1.js'), '/* an earlier build */');
    const manifest = await buildWebApp('kept', { entries: { main: 'test/web/fixture/main.ts' } }, out);
    expect(await readFile(path.join(out, 'kept', 'main-EARLIER1.js'), 'utf8')).toBe('/* an earlier build */');
    expect(manifest.entries.main!.js).not.toBe('main-EARLIER1.js');
  });

  it('refuses to start an app that was never built, naming the command', () => {
    expect(() => serveWebApp(express(), 'absent', '/absent', out)).toThrow(/npm run build:web/);
  });
});
