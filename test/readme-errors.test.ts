import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../src/errors.js';
import { UserErrorCode } from '../src/graphql/common/common.type.js';

/**
 * The README's error tables against the code: every code a client can meet is documented, with what
 * to do about it, and nothing documented is a code that does not exist. A code added without its row,
 * or renamed on one side only, fails here.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Row {
  code: string;
  cells: string[];
}

/** The rows of the README's table whose header row is `header`, keyed by the code in their first cell. */
function table(readme: string, header: string): Row[] {
  const lines = readme.split('\n');
  const start = lines.indexOf(header);
  if (start < 0) throw new Error(`the README has no table headed ${header}`);
  const width = header.split('|').length;
  const rows: Row[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const code = /^`([A-Z_]+)`$/.exec(cells[0] ?? '')?.[1];
    if (!code || line.split('|').length !== width) throw new Error(`not a row of one code under ${header}: ${line}`);
    rows.push({ code, cells });
  }
  return rows;
}

function check(rows: Row[], codes: readonly string[]): void {
  const listed = rows.map((r) => r.code);
  expect(
    codes.filter((c) => !listed.includes(c)),
    'codes missing from the README',
  ).toEqual([]);
  expect(
    listed.filter((c) => !codes.includes(c)),
    'README rows of codes that do not exist',
  ).toEqual([]);
  expect(
    listed.filter((c, i) => listed.indexOf(c) !== i),
    'codes listed twice',
  ).toEqual([]);
  const blank = rows.filter((r) => r.cells.some((cell) => cell === '')).map((r) => r.code);
  expect(blank, 'rows with an empty cell').toEqual([]);
}

describe("the README's error tables", () => {
  it('list every top-level error code (extensions.code) once, with its status, when, and what to do', async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    check(table(readme, '| code | HTTP | when | what the client should do |'), Object.values(ErrorCode));
  });

  it('list every userErrors code once, with when and what to do', async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    check(table(readme, '| userErrors code | when | what the client should do |'), Object.values(UserErrorCode));
  });
});
