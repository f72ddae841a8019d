import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { tenantsFileJsonSchema } from './tenants-file.js';

/**
 * Writes the JSON Schema of the tenants file, generated from its zod schema, to
 * schema/tenants-file.schema.json. With `--check` it writes nothing and exits 1 when the committed file
 * has drifted from the zod schema (test/tenancy/tenants-schema.test.ts checks the same in `npm test`).
 *
 *   npm run tenants-schema               # write
 *   npx tsx src/tenancy/emit-tenants-schema.ts --check
 */

const SCHEMA_FILE = fileURLToPath(new URL('../../schema/tenants-file.schema.json', import.meta.url));

/** The committed text: two-space JSON and a final newline, so the file diffs line by line. */
function printTenantsSchema(): string {
  return `${JSON.stringify(tenantsFileJsonSchema(), null, 2)}\n`;
}

async function main(check: boolean): Promise<number> {
  const printed = printTenantsSchema();
  if (!check) {
    await writeFile(SCHEMA_FILE, printed);
    console.log(`emit-tenants-schema: wrote ${SCHEMA_FILE}`);
    return 0;
  }
  const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => undefined);
  if (committed === printed) {
    console.log('emit-tenants-schema: schema/tenants-file.schema.json is up to date');
    return 0;
  }
  console.error('emit-tenants-schema: schema/tenants-file.schema.json is out of date: run npm run tenants-schema and commit the result');
  return 1;
}

process.exitCode = await main(process.argv.includes('--check'));
