import { randomUUID } from 'node:crypto';

/** The request id of one piece of work: the caller's own when it is well-formed (no log injection), else a new one. */
export function requestIdFrom(given: unknown): string {
  return typeof given === 'string' && /^[A-Za-z0-9_.:-]{1,128}$/.test(given) ? given : randomUUID();
}
