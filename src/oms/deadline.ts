import { OmsError } from './errors.js';

/**
 * How long a call may still run: the caller's deadline (absolute, on the client's clock) against the
 * per-attempt timeout, and the errors for a call that ran out of time or lost its caller.
 */

/** The time one attempt may take, and whether the deadline (not the client's timeout) set it. */
export interface AttemptBudget {
  timeoutMs: number;
  byDeadline: boolean;
}

/** min(timeoutMs, deadlineAt - now); a budget of 0 or less means no attempt may start. */
export function attemptBudget(timeoutMs: number, deadlineAt: number | undefined, now: number): AttemptBudget {
  const left = deadlineAt === undefined ? Number.POSITIVE_INFINITY : deadlineAt - now;
  return left < timeoutMs ? { timeoutMs: left, byDeadline: true } : { timeoutMs, byDeadline: false };
}

/** The rejection `untilTimeout` uses, so the caller can tell "out of time" from the promise's own failure. */
export const OUT_OF_TIME: unique symbol = Symbol('out of time');

/**
 * `promise`, or a rejection with OUT_OF_TIME after `ms` (no bound when undefined). Only the wait ends:
 * the promise itself runs on, which is what a shared token exchange needs.
 */
export function untilTimeout<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(OUT_OF_TIME), Math.max(0, ms));
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** The caller's signal fired: the client of the operation went away, so nobody wants the answer. */
export function abortedError(endpoint: string, reason: unknown, attempts: number): OmsError {
  return new OmsError({ status: 0, code: 'aborted', detail: 'the caller aborted the call', endpoint, retryable: false, cause: reason, attempts });
}

/**
 * The deadline came before an answer. Not retryable: the operation that set it has no time left.
 * `cause` is the last failure, when the deadline passed between attempts.
 */
export function deadlineError(endpoint: string, attempts: number, cause?: OmsError): OmsError {
  const detail =
    attempts === 0 ? 'the deadline had passed before the call could be sent' : 'no answer before the deadline; the request may still have been processed';
  return new OmsError({ status: 0, code: 'deadline_exceeded', detail, endpoint, retryable: false, attempts, cause });
}
