import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';

/**
 * Persisted-document manifests for tests, in the format graphql-codegen's client preset writes
 * (`persisted-documents.json` with `persistedDocuments: { hashAlgorithm: 'sha256' }`): a JSON object
 * of "sha256:<hex>" identifiers to document texts.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Manifest = Record<string, string>;

/** The "sha256:<hex>" identifier of a document's text, as the client preset makes it. */
export const documentId = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** A manifest of these texts, written here (each text is its own document, listed under its hash). */
export const manifestOf = (...texts: string[]): Manifest => Object.fromEntries(texts.map((text) => [documentId(text), text]));

/**
 * The manifest the client preset itself generates from `documents` (paths relative to the repo) and the
 * committed schema, as the seller dashboard's codegen would: the real printing and hashing, not ours.
 */
export async function codegenManifest(documents: string[]): Promise<Manifest> {
  const outputs = await generate(
    {
      schema: path.join(root, 'schema/schema.graphql'),
      documents: documents.map((file) => path.join(root, file)),
      silent: true,
      generates: {
        [path.join(tmpdir(), 'codegen-manifest/')]: {
          preset: 'client',
          presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
        },
      },
    },
    false,
  );
  const file = (outputs as { filename: string; content: string }[]).find((output) => output.filename.endsWith('persisted-documents.json'));
  if (!file) throw new Error('the client preset wrote no persisted-documents.json');
  return JSON.parse(file.content) as Manifest;
}

/** The identifier under which `manifest` lists the operation named `name`. */
export function idOf(manifest: Manifest, name: string): string {
  const found = Object.entries(manifest).find(([, text]) => new RegExp(`\\b(query|mutation|subscription) ${name}\\b`).test(text));
  if (!found) throw new Error(`no operation ${name} in the manifest`);
  return found[0];
}

/** A temporary directory for manifests (and tenants files); `remove()` deletes it. */
export async function manifestDir(): Promise<{ dir: string; write(name: string, content: Manifest | string): Promise<string>; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'manifests-'));
  return {
    dir,
    async write(name, content) {
      const file = path.join(dir, name);
      await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return file;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
