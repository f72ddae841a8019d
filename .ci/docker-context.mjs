// Builds the Docker build context the way `docker build` would send it: the checkout less what
// .dockerignore excludes, copied to a folder. Usage: node .ci/docker-context.mjs <checkout> <dest>
// Patterns follow Docker's matcher (moby/patternmatcher): anchored at the context root, cleaned,
// `*` and `?` stop at `/`, `**` crosses any number of folders, and a path is excluded when it or any
// folder above it matches. Excluded folders are never walked, as Docker skips them. Exceptions (`!`)
// are refused: this file keeps to patterns this check reproduces exactly.
import { copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const [src, dest] = process.argv.slice(2);
if (!src || !dest) {
  console.error('usage: node .ci/docker-context.mjs <checkout> <dest>');
  process.exit(2);
}

function toRegExp(pattern) {
  let out = '^';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '*' && pattern[i + 1] === '*') {
      i += 1;
      if (pattern[i + 1] === '/') i += 1;
      out += i + 1 >= pattern.length ? '.*' : '(.*/)?';
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[' || ch === ']') out += ch;
    else if (ch === '\\') out += `\\${pattern[++i] ?? ''}`;
    else out += ch.replace(/[.+^${}()|]/g, '\\$&');
  }
  return new RegExp(`${out}$`);
}

const patterns = readFileSync(path.join(src, '.dockerignore'), 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    if (line.startsWith('!')) throw new Error(`.dockerignore: exceptions (${line}) are not reproduced by .ci/docker-context.mjs`);
    return toRegExp(path.posix.normalize(line).replace(/^\/+/, ''));
  });

const excluded = (rel) => patterns.some((re) => re.test(rel));
let files = 0;
let bytes = 0;

function walk(rel) {
  for (const entry of readdirSync(path.join(src, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (excluded(child)) continue;
    const from = path.join(src, child);
    const to = path.join(dest, child);
    if (entry.isDirectory()) {
      mkdirSync(to, { recursive: true });
      walk(child);
    } else if (entry.isSymbolicLink()) {
      symlinkSync(readlinkSync(from), to);
      files += 1;
    } else {
      copyFileSync(from, to);
      files += 1;
      bytes += lstatSync(from).size;
    }
  }
}

mkdirSync(dest, { recursive: true });
walk('');
console.log(`docker context: ${files} files, ${(bytes / 1024).toFixed(0)} KiB`);
