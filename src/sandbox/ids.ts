import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';

/**
 * TypeID-style ids: a prefix and a ULID. The ULID is seeded with the sandbox clock and monotonic, so
 * ids sort like creation times even within one millisecond.
 */
export function createIdFactory(now: () => number) {
  const next = monotonicFactory();
  return (prefix: string) => `${prefix}_${next(now())}`;
}
export type NewId = ReturnType<typeof createIdFactory>;

export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** A decimal string of `length` random digits (account numbers, references). */
export function randomDigits(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => String(b % 10)).join('');
}

/** `length` random capital letters (deposit codes). */
export function randomLetters(length: number): string {
  return Array.from(randomBytes(length), (b) => String.fromCharCode(65 + (b % 26))).join('');
}
