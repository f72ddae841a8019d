import { GraphQLError, parse, parseValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createDocuments } from '../../src/door/documents.js';
import { queryLimitRules } from '../../src/graphql/limits.js';
import { documentDepth, jsonDepth, literalDepth, MAX_DOCUMENT_DEPTH } from '../../src/graphql/nesting.js';
import { buildGatewaySchema } from '../../src/graphql/schema.js';
import { JSONObjectScalar } from '../../src/graphql/scalars.js';

/** Nesting measured without recursion: deep enough to overflow any recursive walk, measured all the same. */

/** {a: {a: … "x" …}} `levels` deep, built in a loop. */
function nested(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i += 1) value = i % 2 ? { a: value } : [value];
  return value;
}

describe('jsonDepth', () => {
  it('counts objects and lists', () => {
    expect([jsonDepth('x', 10), jsonDepth({ a: 'x' }, 10), jsonDepth({ a: [{}] }, 10), jsonDepth({ a: 'x', b: { c: [] } }, 10)]).toEqual([0, 1, 3, 3]);
  });

  it('measures 200,000 levels without overflowing the stack, stopping past the limit', () => {
    expect(() => JSON.stringify(nested(200_000))).toThrow(RangeError);
    expect(jsonDepth(nested(200_000), 32)).toBe(33);
    expect(jsonDepth(nested(32), 32)).toBe(32);
  });
});

describe('literalDepth and the JSONObject scalar', () => {
  it('counts a literal as jsonDepth counts its value', () => {
    expect(literalDepth(parseValue('{a: [1, {b: 2}]}'), 10)).toBe(jsonDepth({ a: [1, { b: 2 }] }, 10));
  });

  it('takes 32 levels and refuses 33 or 100,000, as a variable or a literal', () => {
    expect(JSONObjectScalar.parseValue({ a: nested(31) })).toEqual({ a: nested(31) });
    const refused = 'JSONObject nests at most 32 levels deep; this one nests deeper';
    expect(() => JSONObjectScalar.parseValue({ a: nested(32) })).toThrow(refused);
    expect(() => JSONObjectScalar.parseValue({ a: nested(100_000) })).toThrow(new GraphQLError(refused));
    expect(() => JSONObjectScalar.parseLiteral(parseValue(`{a: ${'['.repeat(40)}1${']'.repeat(40)}}`), {})).toThrow(refused);
  });
});

describe('documentDepth', () => {
  it('counts brackets, not those in strings, block strings or comments', () => {
    expect(documentDepth('{ a(x: [[1]]) { b } }', 100)).toBe(4);
    expect(documentDepth('{ a(x: "{{[[((", y: """ {{ \\""" [[ """) # (((\n }', 100)).toBe(2);
  });

  it('ends comments and one-line strings at \\r as well as \\n, as the GraphQL lexer does', () => {
    expect(documentDepth('{ a # (((\r [[[ }', 100)).toBe(4);
    expect(documentDepth('{ a # (((\r\n [[[ }', 100)).toBe(4);
    expect(documentDepth('{ a(x: "((\r [[[ }', 100)).toBe(5);
  });

  it('stops past the limit, however deep the text goes', () => {
    expect(documentDepth(`{ a(x: ${'['.repeat(1_000_000)}`, MAX_DOCUMENT_DEPTH)).toBe(MAX_DOCUMENT_DEPTH + 1);
  });

  it('refuses a deep document before graphql-js parses it, whatever the token limit', async () => {
    const deep = `{ viewer(x: ${'['.repeat(5_000)}1${']'.repeat(5_000)}) { role } }`;
    expect(() => parse(deep, { maxTokens: 1_000_000 }), 'the parser alone').toThrow(RangeError);
    const documents = createDocuments({
      schema: await buildGatewaySchema(),
      rules: queryLimitRules({ maxDepth: 10, maxCost: 20_000 }),
      maxBytes: 1_000_000,
      maxTokens: 1_000_000,
      introspection: true,
    });
    expect(documents.prepare(deep)).toMatchObject([{ code: 'QUERY_TOO_COMPLEX', message: 'The document nests its brackets more than 100 levels deep' }]);
    // Brackets hidden behind a comment ended by a carriage return are counted all the same.
    const hidden = `query { viewer { role } } query B($v: String = # \r${'['.repeat(2_900)}`;
    expect(documents.prepare(hidden)).toMatchObject([{ code: 'QUERY_TOO_COMPLEX', message: 'The document nests its brackets more than 100 levels deep' }]);
  });
});
