import type { z } from 'zod';

/**
 * A payload schema in two parts: `check`, a zod schema without transforms that validates and copies
 * the payload (ids, enums, money strings, timestamps: every check that protects correctness), and
 * `finish`, a plain function that gives the checked copy the client's normalised shape.
 *
 * Why apart: a page of 100 transactions cost ~4 ms of CPU to parse when every transaction, leg and
 * wallet target was rebuilt inside zod by a transform that spread the object it was given; the same
 * checks, then one plain function per item that builds its output as a literal, cost ~0.35 ms
 * (bench/oms-client.ts prints both). The transform chain is mostly spreading: zod's outputs are built
 * key by key, and spreading or rest-destructuring such objects is V8's slow path.
 *
 * A decoded schema is still an ordinary zod schema (`check.transform(finish)`, same input and
 * output), so webhook payloads and tests parse it as before; the client's transport looks for the
 * two parts (decoderOf) and runs them apart, and page() composes them so a list runs one check and
 * one finish per item, with no transform inside.
 */
export interface Decoder<T> {
  readonly check: z.ZodType;
  readonly finish: (checked: never) => T;
}

const DECODER: unique symbol = Symbol('oms decoder');

export type Decoded<C extends z.ZodType, T> = z.ZodPipe<C, z.ZodTransform<T, z.output<C>>> & { readonly [DECODER]: Decoder<T> };

/** check.transform(finish), carrying both parts. `finish` must not fail: put conditions in `check` (refine). */
export function decoded<C extends z.ZodType, T>(check: C, finish: (checked: z.output<C>) => T): Decoded<C, T> {
  const decoder: Decoder<T> = { check, finish };
  return Object.assign(check.transform(finish), { [DECODER]: decoder });
}

/** The two parts of a decoded schema; undefined for any other schema (parse it whole). */
export function decoderOf(schema: z.ZodType): Decoder<unknown> | undefined {
  return (schema as Partial<Decoded<z.ZodType, unknown>>)[DECODER];
}

/** What `schema.safeParse` gives, with a decoded schema's parts run apart (no transform inside zod). */
export function safeDecode<S extends z.ZodType>(schema: S, input: unknown): z.ZodSafeParseResult<z.output<S>> {
  const decoder = decoderOf(schema);
  if (!decoder) return schema.safeParse(input);
  const result = decoder.check.safeParse(input);
  if (!result.success) return result as z.ZodSafeParseResult<z.output<S>>;
  return { success: true, data: (decoder.finish as (checked: unknown) => z.output<S>)(result.data) };
}

/**
 * Every key of T present, optional ones too (their value may be undefined): a finish function
 * returns this, so a field added to a check schema and forgotten in its finish fails the type check
 * instead of silently vanishing from the client's output.
 */
export type Complete<T> = { [K in keyof Required<T>]: T[K] };
