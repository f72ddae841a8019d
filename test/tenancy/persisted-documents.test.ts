import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { demoTenants } from '../../src/demo.js';
import { loadPersistedDocuments, readManifest } from '../../src/tenancy/persisted-documents.js';
import { parseTenantsFile, readTenantsFile } from '../../src/tenancy/tenants-file.js';
import { startTestGateway } from '../support/gateway.js';
import { codegenManifest, documentId, manifestDir, manifestOf } from '../support/manifests.js';

/**
 * Manifests of registered documents: the client preset's own output loads; each tenant finds only the
 * documents of the manifests it was given; paths are relative to the tenants file; and a manifest that
 * cannot be read or is malformed stops start-up with a message naming the file and the problem.
 */

const VIEWER = 'query Viewer { viewer { role } }';
const SHARED = 'query Shared { viewer { tenant { id } } }';
const hex = (text: string) => documentId(text).slice('sha256:'.length);

const tenant = (id: string, manifests: string[], sellerTokensRegisteredOnly = false) => ({ id, persistedDocuments: { manifests, sellerTokensRegisteredOnly } });

describe('persisted-document manifests', () => {
  let files: Awaited<ReturnType<typeof manifestDir>>;
  beforeAll(async () => {
    files = await manifestDir();
  });
  afterAll(() => files?.remove());

  it("load as the client preset writes them: every document found by its hash's hex", async () => {
    const manifest = await codegenManifest(['test/graphql/documents/viewer.graphql', 'test/graphql/documents/sellers.graphql']);
    expect(Object.keys(manifest).length).toBeGreaterThan(1);
    const documents = readManifest(await files.write('codegen.json', manifest));
    expect([...documents.entries()]).toEqual(Object.entries(manifest).map(([id, text]) => [id.slice('sha256:'.length), text]));
    // Bare hex keys are taken too.
    const bare = readManifest(await files.write('bare.json', { [hex(VIEWER)]: VIEWER }));
    expect(bare.get(hex(VIEWER))).toBe(VIEWER);
  });

  it('give each tenant the documents of its own manifests, and those of a manifest both were given to both', async () => {
    const acmeOnly = await files.write('acme.json', manifestOf(VIEWER));
    const shared = await files.write('shared.json', manifestOf(SHARED));
    const registry = loadPersistedDocuments([tenant('acme', [acmeOnly, shared], true), tenant('globex', [shared]), tenant('initech', [])]);
    expect(registry.find('acme', hex(VIEWER))).toBe(VIEWER);
    expect(registry.find('globex', hex(VIEWER))).toBeUndefined();
    expect(registry.find('initech', hex(VIEWER))).toBeUndefined();
    expect(registry.find('acme', hex(SHARED))).toBe(SHARED);
    expect(registry.find('globex', hex(SHARED))).toBe(SHARED);
    expect(registry.find('nobody', hex(SHARED))).toBeUndefined();
    expect(['acme', 'globex', 'initech', 'nobody'].map((id) => registry.sellerTokensRegisteredOnly(id))).toEqual([true, false, false, false]);
  });

  it('stop start-up when one cannot be read or is malformed, naming the file and the problem', async () => {
    const missing = path.join(files.dir, 'missing.json');
    const cases: [string, string, RegExp][] = [
      ['missing.json', '', /ENOENT/],
      ['not-json.json', '{"sha256:', /JSON/],
      ['array.json', '[]', /expected a JSON object of "sha256:<hex>" hashes to document texts/],
      ['md5.json', JSON.stringify({ [`md5:${'a'.repeat(32)}`]: VIEWER }), /expected "sha256:" and 64 lowercase hex digits/],
      ['upper.json', JSON.stringify({ [`sha256:${hex(VIEWER).toUpperCase()}`]: VIEWER }), /expected "sha256:" and 64 lowercase hex digits/],
      ['number.json', JSON.stringify({ [documentId(VIEWER)]: 42 }), /expected the document text/],
      ['wrong-hash.json', JSON.stringify({ [documentId(SHARED)]: VIEWER }), new RegExp(`SHA-256 is ${hex(VIEWER)}, not the hash it is listed under`)],
      ['not-graphql.json', JSON.stringify(manifestOf('query {')), /does not parse: Syntax Error/],
    ];
    for (const [name, content, problem] of cases) {
      const file = name === 'missing.json' ? missing : await files.write(name, content);
      const load = () => loadPersistedDocuments([tenant('acme', [file])]);
      expect(load, name).toThrow(ConfigError);
      expect(load, name).toThrow(`Persisted documents manifest ${file}: `);
      expect(load, name).toThrow(problem);
    }
    // The gateway does not start on one.
    const broken = await files.write('broken.json', JSON.stringify({ [documentId(SHARED)]: VIEWER }));
    await expect(startTestGateway({ tenants: { acme: { persistedDocuments: { manifests: [broken] } } } })).rejects.toThrow(
      `Persisted documents manifest ${broken}: sha256:${hex(SHARED)}: the document's SHA-256 is ${hex(VIEWER)}`,
    );
  });

  it('are named relative to the tenants file; holding seller tokens to them needs one', async () => {
    const tenantsFile = await files.write(
      'tenants.json',
      JSON.stringify({
        omsAccounts: [{ kind: 'sandbox', id: 'sandbox' }],
        tenants: [
          {
            id: 'acme',
            name: 'Acme',
            omsAccount: 'sandbox',
            apiKeyHashes: [`sha256:${'1'.repeat(64)}`],
            persistedDocuments: { manifests: ['dashboard/persisted-documents.json', '/srv/other.json'], sellerTokensRegisteredOnly: true },
          },
          { id: 'globex', name: 'Globex', omsAccount: 'sandbox', apiKeyHashes: [`sha256:${'2'.repeat(64)}`] },
        ],
      }),
    );
    const [acme, globex] = readTenantsFile(tenantsFile).tenants;
    expect(acme!.persistedDocuments).toEqual({
      manifests: [path.join(files.dir, 'dashboard/persisted-documents.json'), '/srv/other.json'],
      sellerTokensRegisteredOnly: true,
    });
    expect(globex!.persistedDocuments).toEqual({ manifests: [], sellerTokensRegisteredOnly: false });
    const entry = { id: 'acme', name: 'Acme', omsAccount: 'sandbox', apiKeyHashes: [`sha256:${'1'.repeat(64)}`] };
    expect(() =>
      parseTenantsFile({
        omsAccounts: [{ kind: 'sandbox', id: 'sandbox' }],
        tenants: [{ ...entry, persistedDocuments: { sellerTokensRegisteredOnly: true } }],
      }),
    ).toThrow(/tenants\.0\.persistedDocuments\.manifests: sellerTokensRegisteredOnly needs at least one manifest/);
    // The demo tenant takes them the same way (relative to the working directory).
    expect(demoTenants('gw_demo_key', undefined, { manifests: ['dashboard.json'], sellerTokensRegisteredOnly: true }).tenants[0]!.persistedDocuments).toEqual({
      manifests: [path.resolve('dashboard.json')],
      sellerTokensRegisteredOnly: true,
    });
  });
});
