import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';
import { isDecimalString } from '../money.js';
import { jsonDepth, literalDepth } from './nesting.js';

/**
 * Decimal: an exact decimal in a JSON string. Output is always such a string. Input is passed through
 * as given and checked by the resolver's zod schema, so a number or a malformed string comes back as
 * a userError naming the field (the contract), never as a silently rounded value.
 */
export const DecimalScalar = new GraphQLScalarType<unknown, string>({
  name: 'Decimal',
  description: 'An exact decimal number carried as a string, e.g. "494.00".',
  serialize(value) {
    if (typeof value === 'string' && isDecimalString(value)) return value;
    throw new GraphQLError(`Decimal cannot represent ${shown(value)}: expected a decimal string`);
  },
  parseValue: (value) => value,
  // A numeric literal stays a number, which the resolver then refuses: 494.0 is not "494.00".
  parseLiteral: (ast) =>
    ast.kind === Kind.STRING ? ast.value : ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? Number(ast.value) : valueFromASTUntyped(ast),
});

/** DateTime: ISO-8601 in UTC with milliseconds, e.g. "2024-01-15T14:30:00.000Z". */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC, e.g. "2024-01-15T14:30:00.000Z".',
  serialize(value) {
    const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${shown(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => toDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function toDate(value: unknown): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime expects an ISO-8601 string, got ${shown(value)}`);
  return date;
}

/**
 * The deepest a JSONObject input may nest. Metadata, the only JSONObject input, is flat (one level),
 * as its zod schema says with the key named; this bound is the scalar's own, measured without
 * recursion before anything walks the value, so no input of any depth overflows a stack.
 */
export const MAX_JSON_DEPTH = 32;

/** JSONObject: an object of string keys. Its keys and values are the resolver's to check, as userErrors. */
export const JSONObjectScalar = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSONObject',
  description: 'A JSON object of string keys. As input (metadata): at most 20 keys of 1 to 40 characters, each value a string of at most 500 characters.',
  serialize: (value) => asObject(value),
  parseValue: (value) => asObject(shallowEnough(value, jsonDepth(value, MAX_JSON_DEPTH))),
  // A literal's error points at it in the document (graphql-js reports a GraphQLError from here as it is).
  parseLiteral: (ast: ValueNode, variables) => asObject(valueFromASTUntyped(shallowEnough(ast, literalDepth(ast, MAX_JSON_DEPTH), ast), variables)),
});

function shallowEnough<T>(value: T, depth: number, node?: ValueNode): T {
  if (depth > MAX_JSON_DEPTH) throw new GraphQLError(`JSONObject nests at most ${MAX_JSON_DEPTH} levels deep; this one nests deeper`, { nodes: node ?? null });
  return value;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GraphQLError(`JSONObject expects an object, got ${shown(value)}`);
  }
  return value as Record<string, unknown>;
}

/** A value as an error message shows it: short, and never walked (an input may be large or deep). */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}
