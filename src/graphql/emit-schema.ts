import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildGatewaySchema, printGatewaySchema } from './schema.js';

/**
 * Writes the SDL of the code-first schema to schema/schema.graphql, the committed file codegen and
 * clients read. With `--check` it writes nothing and exits 1 when the committed file has drifted, so
 * CI can refuse a change to the resolvers that was not followed by `npm run schema`.
 *
 *   npx tsx src/graphql/emit-schema.ts          # write
 *   npx tsx src/graphql/emit-schema.ts --check  # verify
 */

/** The committed SDL, resolved from this file so the script works from any working directory. */
const SCHEMA_FILE = fileURLToPath(new URL('../../schema/schema.graphql', import.meta.url));

async function main(check: boolean): Promise<number> {
  const printed = printGatewaySchema(await buildGatewaySchema());
  if (!check) {
    await writeFile(SCHEMA_FILE, printed);
    console.log(`emit-schema: wrote ${SCHEMA_FILE}`);
    return 0;
  }
  const committed = await readFile(SCHEMA_FILE, 'utf8').catch(() => undefined);
  if (committed === printed) {
    console.log('emit-schema: schema/schema.graphql is up to date');
    return 0;
  }
  const why = committed === undefined ? 'it does not exist' : `it differs from the schema the code builds (${firstDifference(committed, printed)})`;
  console.error(`emit-schema: schema/schema.graphql is out of date: ${why}; run npm run schema and commit the result`);
  return 1;
}

/** Where two SDL texts first part: expected what the code prints, came what is committed. */
function firstDifference(committed: string, printed: string): string {
  const a = committed.split('\n');
  const b = printed.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return `line ${i + 1}: expected ${JSON.stringify(b[i] ?? '<end of file>')}, committed ${JSON.stringify(a[i] ?? '<end of file>')}`;
  }
  return 'no line differs';
}

process.exitCode = await main(process.argv.includes('--check'));
