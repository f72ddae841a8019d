import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDocuments, weigh } from '../../src/door/documents.js';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import { queryLimitRules } from '../../src/graphql/limits.js';

const schema = await buildGatewaySchema();
const documents = (cacheBytes?: number) =>
  createDocuments({
    schema,
    rules: queryLimitRules({ maxDepth: 10, maxCost: 20_000 }),
    maxBytes: 64 * 1024,
    maxTokens: 3_000,
    introspection: true,
    ...(cacheBytes ? { cacheBytes } : {}),
  });

describe('the document cache', () => {
  it('keeps a valid document (the same object comes back), never a refused one', () => {
    const docs = documents();
    const first = docs.prepare('{ viewer { role } }');
    expect(Array.isArray(first)).toBe(false);
    expect(docs.prepare('{ viewer { role } }')).toBe(first);
    const refused = docs.prepare('{ viewer { rolez } }');
    expect(Array.isArray(refused)).toBe(true);
    expect(docs.prepare('{ viewer { rolez } }')).not.toBe(refused);
  });

  it('weighs a document by its tokens, not its characters: many short tokens weigh more than one long string', () => {
    const manyTokens = parse(`{ a(x: [${'[] '.repeat(500)}]) }`);
    const oneString = parse(`{ a(x: "${'x'.repeat(1_500)}") }`);
    expect(weigh(manyTokens)).toBeGreaterThan(100 * weigh(oneString));
    expect(weigh(manyTokens)).toBeGreaterThanOrEqual(1_000 * 300);
  });

  it('is shared with Apollo through its store: a prepared document is found under Apollo’s key', async () => {
    const docs = documents();
    const query = '{ viewer { tenant { name } } }';
    const prepared = docs.prepare(query);
    const { createHash } = await import('node:crypto');
    const key = `schemahash:${createHash('sha256').update(query).digest('hex')}`;
    expect(await docs.store.get(key)).toBe(prepared);
  });

  it('holds no more than its budget: documents beyond it push the oldest out', async () => {
    const query = (i: number) => `{ a${i}: viewer { role } }`;
    const one = weigh(docsParse(query(0)));
    const docs = documents(one * 3);
    const first = docs.prepare(query(0));
    for (let i = 1; i <= 3; i += 1) docs.prepare(query(i));
    expect(docs.prepare(query(3))).toBe(docs.prepare(query(3)));
    expect(docs.prepare(query(0))).not.toBe(first);
  });
});

function docsParse(query: string) {
  return parse(query);
}
