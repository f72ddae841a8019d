import { registerEnumType } from 'type-graphql';

/** "usBank" -> "US_BANK", "ach_in" -> "ACH_IN": an OMS value as a GraphQL enum name. */
export type ConstantCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? Uppercase<C> : `_${C}`}${ConstantCase<Rest>}`
  : '';

export type GraphQLEnum<V extends string, R extends Partial<Record<V, string>> = Record<never, string>> = {
  readonly [K in V as K extends keyof R ? R[K] & string : ConstantCase<K>]: K;
};

export function constantCase(value: string): string {
  return value.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

/**
 * A GraphQL enum whose names are derived from the OMS values in a zod enum's options, and whose
 * internal values are those OMS values: a resolver returns what OMS sent, and an input arrives as
 * what OMS expects, so the mapping is exhaustive by construction. `rename` gives a value a name of
 * its own where the derived one would read badly ("intlBank" -> INTERNATIONAL_BANK).
 */
export function graphqlEnum<const V extends string, const R extends Partial<Record<V, string>> = Record<never, string>>(
  options: readonly V[],
  name: string,
  description: string,
  rename?: R,
): GraphQLEnum<V, R> {
  const values: Record<string, V> = {};
  for (const value of options) values[(rename as Partial<Record<V, string>> | undefined)?.[value] ?? constantCase(value)] = value;
  registerEnumType(values, { name, description });
  return values as GraphQLEnum<V, R>;
}
