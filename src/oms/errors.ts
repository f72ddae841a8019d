import type { z } from 'zod';

/**
 * What went wrong talking to OMS, as one typed error. `code` is OMS's own error code for HTTP error
 * answers (resource_not_found, idempotency_key_reused, ...) or one of the client's codes below for
 * failures that carry no OMS answer; `status` is 0 when no HTTP status was received.
 */
export type OmsClientErrorCode =
  /** The request could not be sent or its answer not read (DNS, connection reset, ...). */
  | 'network_error'
  /** No answer within timeoutMs. The request may still have been processed. */
  | 'timeout'
  /** The caller's AbortSignal fired: whoever wanted the answer went away. */
  | 'aborted'
  /**
   * The call's deadlineAt came before an answer (during an attempt, or before one could start). Not
   * retryable: the operation that set the deadline has no time left. The request may have been processed.
   */
  | 'deadline_exceeded'
  /** An answer that is not what the contract promises (shape, JSON, or an error without an OMS error body). */
  | 'invalid_response'
  /** The call was refused before sending: a path parameter that cannot name a resource. */
  | 'invalid_argument';

export interface OmsErrorInit {
  status: number;
  code: string;
  /** OMS's own message, or the client's description when OMS said nothing. */
  detail: string;
  endpoint: string;
  retryable: boolean;
  param?: string | null;
  requestId?: string | null;
  attempts?: number;
  /** How long OMS asked to wait (its Retry-After), when it said. */
  retryAfterMs?: number | null;
  cause?: unknown;
  /** Replaces the default "OMS <endpoint> failed (<status> <code>): <detail>". */
  message?: string;
}

/** Every failure of an OMS client call. `message` starts with the endpoint so logs say which call failed. */
export class OmsError extends Error {
  override readonly name = 'OmsError';
  readonly status: number;
  readonly code: string;
  /** OMS's message (or the client's own description), without the endpoint prefix. */
  readonly detail: string;
  /** The offending request field, when OMS names one (e.g. "email", "Idempotency-Key"). */
  readonly param: string | null;
  readonly requestId: string | null;
  /** Method and path template, e.g. "GET /customers/{id}". */
  readonly endpoint: string;
  /** Whether the same call could succeed later (rate limits, outages, timeouts, a key still in flight). */
  readonly retryable: boolean;
  /** HTTP attempts made for this call before giving up (re-authentication included). */
  readonly attempts: number;
  /**
   * The Retry-After of OMS's error answer in ms, uncapped (what OMS asked, not what the client would
   * have waited), so the caller can pass it on; null when the answer had none or there was no answer.
   */
  readonly retryAfterMs: number | null;

  constructor(init: OmsErrorInit) {
    const where = init.status > 0 ? `${init.status} ${init.code}` : init.code;
    super(init.message ?? `OMS ${init.endpoint} failed (${where}): ${init.detail}`, { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.param = init.param ?? null;
    this.requestId = init.requestId ?? null;
    this.endpoint = init.endpoint;
    this.retryable = init.retryable;
    this.attempts = init.attempts ?? 1;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }

  /** A copy that records how many attempts the call took in total. */
  withAttempts(attempts: number): OmsError {
    const { status, code, detail, param, requestId, endpoint, retryable, message, cause, retryAfterMs } = this;
    return new OmsError({ status, code, detail, param, requestId, endpoint, retryable, message, cause, retryAfterMs, attempts });
  }
}

/** A 2xx answer of the wrong shape: names the endpoint and the offending fields, e.g. "data[0].createdAt: expected string". */
export function invalidResponse(endpoint: string, status: number, requestId: string | null, problem: string, cause?: unknown): OmsError {
  return new OmsError({
    status,
    code: 'invalid_response',
    detail: problem,
    endpoint,
    // The same call would get the same body; for a POST the effect may already have happened.
    retryable: false,
    requestId,
    cause,
    message: `OMS ${endpoint} returned an unexpected body: ${problem}`,
  });
}

/** Codes that mean "this exact call may work if tried again"; 409 in_use clears once the first call ends. */
const RETRYABLE_CODES = new Set(['idempotency_key_in_use', 'rate_limited', 'internal_error', 'unavailable']);

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** An HTTP error answer as an OmsError; tolerates bodies that are not OMS error bodies (proxies, gateways). */
export function errorFromAnswer(
  endpoint: string,
  status: number,
  body: { error: { code: string; message: string; param?: string | null | undefined; requestId?: string | null | undefined } } | undefined,
  headerRequestId: string | null,
  retryAfterMs: number | null = null,
): OmsError {
  const requestId = body?.error.requestId ?? headerRequestId;
  if (!body) {
    return new OmsError({
      status,
      code: isRetryableStatus(status) ? 'unavailable' : 'invalid_response',
      detail: `HTTP ${status} without an OMS error body`,
      endpoint,
      retryable: isRetryableStatus(status),
      requestId,
      retryAfterMs,
    });
  }
  const { code, message, param } = body.error;
  return new OmsError({
    status,
    code,
    detail: message,
    endpoint,
    retryable: isRetryableStatus(status) || RETRYABLE_CODES.has(code),
    param: param ?? null,
    requestId,
    retryAfterMs,
  });
}

/** "data[0].createdAt: expected string, received number; status: expected one of ..." (first three issues). */
export function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.reduce<string>(
      (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
      '',
    );
    const message = issue.message.replace(/^Invalid (input|option): /, '');
    return path ? `${path}: ${message}` : message;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return shown.join('; ') + more;
}
