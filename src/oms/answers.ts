import type { z } from 'zod';
import type { Outcome } from './attempt.js';
import { describeIssues, errorFromAnswer, invalidResponse, OmsError } from './errors.js';
import { retryAfterMs } from './retry.js';
import { safeDecode } from './schemas/decoded.js';
import { errorBody } from './schemas/index.js';

/** Reading OMS's answers: 2xx bodies into typed values, everything else into OmsErrors. */

export type Answer = Extract<Outcome, { kind: 'answer' }>;

/** The 2xx body as `schema`'s output; anything else is an invalid_response naming the endpoint and fields. */
export function parseAnswer<S extends z.ZodType>(endpoint: string, answer: Answer, schema: S): z.output<S> {
  const requestId = answer.requestId;
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch (error) {
    throw invalidResponse(endpoint, answer.status, requestId, answer.text === '' ? 'the body is empty' : 'the body is not JSON', error);
  }
  const result = safeDecode(schema, json);
  if (!result.success) throw invalidResponse(endpoint, answer.status, requestId, describeIssues(result.error), result.error);
  return result.data;
}

/** A failed attempt as the OmsError the caller gets if it is not retried; `now` reads a Retry-After date. */
export function failureError(endpoint: string, timeoutMs: number, outcome: Exclude<Outcome, { kind: 'aborted' }>, now: number): OmsError {
  switch (outcome.kind) {
    case 'answer': {
      let json: unknown;
      try {
        json = JSON.parse(outcome.text);
      } catch {
        json = undefined;
      }
      const body = errorBody.safeParse(json);
      // Uncapped: the caller passes on what OMS asked for; only the client's own wait is capped.
      const retryAfter = retryAfterMs(outcome.retryAfter, now, Number.POSITIVE_INFINITY) ?? null;
      return errorFromAnswer(endpoint, outcome.status, body.success ? body.data : undefined, outcome.requestId, retryAfter);
    }
    case 'timeout':
      return new OmsError({
        status: 0,
        code: 'timeout',
        endpoint,
        retryable: true,
        detail: `no answer within ${timeoutMs} ms; the request may still have been processed`,
      });
    case 'network':
      return new OmsError({
        status: 0,
        code: 'network_error',
        endpoint,
        retryable: true,
        cause: outcome.error,
        detail: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
      });
    default: {
      const never: never = outcome;
      throw new Error(`unhandled outcome ${JSON.stringify(never)}`);
    }
  }
}
