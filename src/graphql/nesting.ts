import { Kind, type ValueNode } from 'graphql';

/**
 * How deep a value nests, measured without recursion (an explicit stack), so that a hostile input of
 * thousands of levels is measured, and refused, rather than overflowing the call stack of whatever
 * walks it first. Each measure stops as soon as it passes `limit`: it answers `limit + 1` then.
 */

/** Levels of objects and lists in a JSON value: "x" is 0, {a: "x"} is 1, {a: [{}]} is 3. */
export function jsonDepth(value: unknown, limit: number): number {
  return deepest(value, limit, (item) =>
    typeof item === 'object' && item !== null ? (Array.isArray(item) ? (item as unknown[]) : Object.values(item as object)) : undefined,
  );
}

/** Levels of objects and lists in a GraphQL literal, the same way as jsonDepth. */
export function literalDepth(node: ValueNode, limit: number): number {
  return deepest(node, limit, (item) =>
    item.kind === Kind.OBJECT ? item.fields.map((field) => field.value) : item.kind === Kind.LIST ? item.values : undefined,
  );
}

/** Depth-first over `root`; `children` is undefined for a leaf, the children (maybe none) of a container. */
function deepest<T>(root: T, limit: number, children: (item: T) => readonly T[] | undefined): number {
  let max = 0;
  const stack: [T, number][] = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const inner = children(top[0]);
    if (!inner) continue;
    const depth = top[1] + 1;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of inner) stack.push([child, depth]);
  }
  return max;
}

/**
 * The deepest a GraphQL document may nest its brackets: twice the largest query depth the gateway can
 * be configured to allow (GRAPHQL_MAX_DEPTH, at most 50), with room for arguments and literals.
 */
export const MAX_DOCUMENT_DEPTH = 100;

/**
 * Brackets ({, [, () open at once in a GraphQL document, outside strings and comments: a lexical
 * scan, so a document nesting deeper than any query needs is refused before graphql-js's recursive
 * parser meets it (it overflows the stack between 1,500 and 2,000 levels of lists).
 */
export function documentDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '#') {
      // A comment ends at a line terminator, \r as well as \n (as GraphQL's lexer ends it).
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i += 1;
    } else if (c === '"') {
      i = stringEnd(text, i);
    } else if (c === '{' || c === '[' || c === '(') {
      depth += 1;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === '}' || c === ']' || c === ')') {
      depth -= 1;
    }
  }
  return max;
}

/** The index of the last character of the string starting at `start`: a block string ("""…""", where \""" is escaped) or a one-line string. */
function stringEnd(text: string, start: number): number {
  if (text.startsWith('"""', start)) {
    for (let i = start + 3; i < text.length; i += 1) {
      if (text.startsWith('\\"""', i)) i += 3;
      else if (text.startsWith('"""', i)) return i + 2;
    }
    return text.length;
  }
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"' || text[i] === '\n' || text[i] === '\r') return i;
  }
  return text.length;
}
