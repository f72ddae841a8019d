/** Orders "<ms>-<seq>" cursors (the Redis stream id format, used by both logs). */
export function compareCursors(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt) as [bigint, bigint];
  const [bm, bs] = b.split('-').map(BigInt) as [bigint, bigint];
  return am === bm ? (as === bs ? 0 : as > bs ? 1 : -1) : am > bm ? 1 : -1;
}

export function isCursor(value: string): boolean {
  return /^\d{1,15}-\d{1,15}$/.test(value);
}
