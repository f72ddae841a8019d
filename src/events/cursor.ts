/**
 * Orders "<ms>-<seq>" cursors (the Redis stream id format, used by both logs): negative, zero or
 * positive. Both parts are decimal without leading zeros, so a longer part is a larger number and
 * equal lengths compare as text; no parsing, as this runs for every event a subscriber gets.
 */
export function compareCursors(a: string, b: string): number {
  if (a === b) return 0;
  const i = a.indexOf('-');
  const j = b.indexOf('-');
  if (i !== j || a.slice(0, i) !== b.slice(0, j)) return i !== j ? i - j : a < b ? -1 : 1;
  const as = a.length - i;
  const bs = b.length - j;
  return as !== bs ? as - bs : a < b ? -1 : 1;
}

export function isCursor(value: string): boolean {
  return /^\d{1,15}-\d{1,15}$/.test(value);
}
