import { randomUUID } from 'node:crypto';

/**
 * The request id of one piece of work: the caller's own when it is well-formed (no log injection), else a new one.
 * A new one is flattened: randomUUID() builds its text from pieces, a tree of about twenty strings (some 490 bytes
 * against 60), and ids live as long as their socket does (the socket slot, the subscription).
 */
export function requestIdFrom(given: unknown): string {
  return typeof given === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(given) ? given : randomUUID().normalize();
}
