/**
 * What one GraphQL operation read through the read cache: the generation of every scope it was
 * answered under, and whether anything it read came from elsewhere (OMS without the cache, a write).
 * An untainted record is exactly what its answer depends on: while every scope keeps the generation
 * recorded, the same operation by the same caller would answer the same (response-cache.ts).
 */
export interface ReadRecord {
  readonly generations: Map<string, string>;
  tainted: boolean;
  /** When the oldest entry used was fetched from OMS (ms): the answer is that old. */
  oldest?: number | undefined;
}

export function newReadRecord(): ReadRecord {
  return { generations: new Map(), tainted: false };
}
