import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseTenantsFile, readTenantsFile, tenantsFileJsonSchema } from '../../src/tenancy/tenants-file.js';

/**
 * The tenants file's documentation: the JSON Schema generated from the zod schema (committed, no
 * drift, a description on every field) and deploy/tenants.example.json, which the gateway's own
 * parser reads and the JSON Schema accepts, and which shows every field.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCHEMA_FILE = path.join(root, 'schema/tenants-file.schema.json');
const EXAMPLE_FILE = path.join(root, 'deploy/tenants.example.json');

type Json = Record<string, unknown>;

async function readJson(file: string): Promise<Json> {
  return JSON.parse(await readFile(file, 'utf8')) as Json;
}

/** Every named property of a JSON Schema, by dotted path (`tenants[].limits.sellerShare`), with its own schema. */
function properties(schema: Json, at = ''): [string, Json][] {
  const found: [string, Json][] = [];
  const props = (schema.properties ?? {}) as Record<string, Json>;
  for (const [name, child] of Object.entries(props)) {
    found.push([`${at}${name}`, child], ...properties(child, `${at}${name}.`));
  }
  if (schema.items) found.push(...properties(schema.items as Json, at.replace(/\.$/, '[].')));
  for (const branch of (schema.oneOf ?? schema.anyOf ?? []) as Json[]) found.push(...properties(branch, at));
  return found;
}

/** Every key of a JSON value, by the same dotted paths. */
function keys(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keys(item, at.replace(/\.$/, '[].')));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([name, child]) => [`${at}${name}`, ...keys(child, `${at}${name}.`)]);
}

function validator(schema: Json) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  return ajv.compile(schema);
}

describe('schema/tenants-file.schema.json', () => {
  it('is what the zod schema generates (npm run tenants-schema)', async () => {
    expect(await readJson(SCHEMA_FILE), 'schema/tenants-file.schema.json is out of date: run npm run tenants-schema').toEqual(tenantsFileJsonSchema());
  });

  it('describes every field', async () => {
    const schema = await readJson(SCHEMA_FILE);
    const fields = properties(schema);
    expect(fields.length).toBeGreaterThan(20);
    expect(fields.filter(([, child]) => typeof child.description !== 'string' || child.description.length < 10).map(([name]) => name)).toEqual([]);
  });
});

describe('deploy/tenants.example.json', () => {
  it('is read by the gateway parser and accepted by the JSON Schema', async () => {
    const parsed = readTenantsFile(EXAMPLE_FILE);
    expect(parsed.tenants.map((t) => t.id)).toEqual(['acme', 'bazaar-staging']);
    expect(parsed.tenants[1]!.sellerTokens).toEqual({ allow: [], seeDeveloperFees: false, sendAnywhere: false });
    const validate = validator(await readJson(SCHEMA_FILE));
    expect(validate(await readJson(EXAMPLE_FILE)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('shows every field of the schema', async () => {
    const documented = new Set(properties(await readJson(SCHEMA_FILE)).map(([name]) => name));
    const shown = new Set(keys(await readJson(EXAMPLE_FILE)));
    expect([...documented].filter((name) => !shown.has(name))).toEqual([]);
    expect([...shown].filter((name) => !documented.has(name))).toEqual([]);
  });

  it('breaks both the parser and the JSON Schema when a field is wrong', async () => {
    const validate = validator(await readJson(SCHEMA_FILE));
    const example = await readJson(EXAMPLE_FILE);
    const [account, ...accounts] = example.omsAccounts as Json[];
    const broken = [
      { ...example, omsAccounts: [{ ...account, webhookSecrets: ['not-a-secret'] }, ...accounts] },
      { ...example, omsAccounts: [{ ...account, region: 'eu' }, ...accounts] },
      { ...example, tenants: [] },
    ];
    for (const file of broken) {
      expect(validate(file)).toBe(false);
      expect(() => parseTenantsFile(file)).toThrow(/Invalid tenants file/);
    }
  });
});
