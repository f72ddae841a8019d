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
 * what OMS expects, so the mapping is exhaustive by construction. `values` describes each value, keyed
 * by its OMS value (a value OMS adds fails to compile until it is described). `rename` gives a value a
 * name of its own where the derived one would read badly ("intlBank" -> INTERNATIONAL_BANK).
 */
export function graphqlEnum<const V extends string, const R extends Partial<Record<V, string>> = Record<never, string>>(
  options: readonly V[],
  name: string,
  description: string,
  described: Record<V, string>,
  rename?: R,
): GraphQLEnum<V, R> {
  const values: Record<string, V> = {};
  const valuesConfig: Record<string, { description: string }> = {};
  for (const value of options) {
    const key = (rename as Partial<Record<V, string>> | undefined)?.[value] ?? constantCase(value);
    values[key] = value;
    valuesConfig[key] = { description: described[value] };
  }
  registerEnumType(values, { name, description, valuesConfig });
  return values as GraphQLEnum<V, R>;
}
