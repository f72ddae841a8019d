import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';
import { isDecimalString } from '../money.js';

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
    throw new GraphQLError(`Decimal cannot represent ${JSON.stringify(value)}: expected a decimal string`);
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
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => toDate(value),
  parseLiteral: (ast) => toDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function toDate(value: unknown): Date {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime expects an ISO-8601 string, got ${JSON.stringify(value)}`);
  return date;
}

/** JSONObject: an object of string keys. Its size (at most 20 keys) is the resolver's to check, as a userError. */
export const JSONObjectScalar = new GraphQLScalarType<Record<string, unknown>, Record<string, unknown>>({
  name: 'JSONObject',
  description: 'A JSON object of string keys (OMS metadata: at most 20 keys).',
  serialize: (value) => asObject(value),
  parseValue: (value) => asObject(value),
  parseLiteral: (ast: ValueNode, variables) => asObject(valueFromASTUntyped(ast, variables)),
});

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new GraphQLError(`JSONObject expects an object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}
