import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { SandboxDeps, SandboxEnv } from './context.js';
import { SandboxError } from './errors.js';
import { errorResponse } from './http.js';
import { randomHex } from './ids.js';
import type { Ledger } from './store.js';

type Middleware = MiddlewareHandler<SandboxEnv>;
const BASE = '/v0.9';

export function requestId(): Middleware {
  return async (c, next) => {
    c.set('requestId', `req_${randomHex(12)}`);
    if (c.req.method === 'POST' || c.req.method === 'PATCH') c.set('rawBody', await c.req.text());
    await next();
    c.res.headers.set('X-Request-Id', c.get('requestId'));
  };
}

/** Route faults: `before` refuses without doing anything; `after` does the work and loses the answer. */
export function faults({ faults }: SandboxDeps): Middleware {
  return async (c, next) => {
    const fault = faults.match(c.req.method, c.req.path.slice(BASE.length));
    if (!fault) return next();
    if (fault.phase === 'after') await next();
    // A timeout holds the answer until the caller gives up (or a minute passes).
    if (fault.status === 'timeout') await sleep(60_000, c.req.raw.signal);
    const status = fault.status === 'timeout' ? 503 : fault.status;
    const code = status === 429 ? 'rate_limited' : status === 503 ? 'unavailable' : 'internal_error';
    // A 429 always says when to come back (1 s unless told); other statuses only when the rule says so.
    const retryAfter = fault.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
    const headers: Record<string, string> = retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) };
    c.res = errorResponse(c, new SandboxError(status, code, `injected fault: ${status}`), headers);
  };
}

/**
 * Injected latency, inside the idempotency window: like a slow OMS, it keeps a call in flight, so a
 * duplicate sent meanwhile meets idempotency_key_in_use.
 */
export function latency({ faults }: SandboxDeps): Middleware {
  return async (c, next) => {
    if (faults.latencyMs > 0) await sleep(faults.latencyMs, c.req.raw.signal);
    return next();
  };
}

interface Token {
  ledger: Ledger;
  expiresAt: number;
}

export type Tokens = ReturnType<typeof createTokens>;

/** Bearer tokens from POST /auth/token; they carry the account's ledger into the request. */
export function createTokens({ clock, options }: SandboxDeps) {
  const tokens = new Map<string, Token>();
  return {
    issue(ledger: Ledger) {
      const accessToken = `oms_at_${randomHex(24)}`;
      const expiresAt = clock.now() + options.tokenTtlSeconds * 1000;
      tokens.set(accessToken, { ledger, expiresAt });
      return { accessToken, tokenType: 'bearer', expiresIn: options.tokenTtlSeconds, expiresAt: new Date(expiresAt).toISOString() };
    },
    middleware(): Middleware {
      return async (c, next) => {
        if (c.req.method === 'POST' && c.req.path === `${BASE}/auth/token`) return next();
        const match = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '');
        const token = match ? tokens.get(match[1]!) : undefined;
        if (!token) throw new SandboxError(401, 'unauthorized', 'Missing or unknown bearer token; exchange your API key at POST /auth/token');
        if (token.expiresAt <= clock.now()) {
          tokens.delete(match![1]!);
          throw new SandboxError(401, 'token_expired', 'The bearer token has expired; exchange your API key again');
        }
        c.set('ledger', token.ledger);
        return next();
      };
    },
  };
}

interface Remembered {
  bodyHash: string;
  expiresAt: number;
  answer?: { status: number; body: string; contentType: string };
}

/**
 * Contract decision 3: Idempotency-Key on every POST but /auth/token, scoped to (API key, method,
 * path, key) for 24 h. A replay answers the stored status and body; another body, or the same key
 * while the first call is in flight, is a 409. 5xx answers are forgotten so the call can be retried.
 */
export function idempotency({ clock, options }: SandboxDeps): Middleware {
  const remembered = new Map<string, Remembered>();
  return async (c, next) => {
    if (c.req.method !== 'POST' || c.req.path === `${BASE}/auth/token`) return next();
    const key = c.req.header('idempotency-key');
    if (!key) throw new SandboxError(400, 'missing_idempotency_key', 'Idempotency-Key header is required on POST requests', 'Idempotency-Key');
    if (key.length > 255) throw new SandboxError(400, 'invalid_request', 'Idempotency-Key is longer than 255 characters', 'Idempotency-Key');
    const scope = `${c.get('ledger').account.apiKey}\u0000POST\u0000${c.req.path}\u0000${key}`;
    const bodyHash = createHash('sha256')
      .update(c.get('rawBody') ?? '')
      .digest('hex');
    const now = clock.now();
    const entry = remembered.get(scope);
    if (entry && entry.expiresAt > now) {
      if (entry.bodyHash !== bodyHash) {
        throw new SandboxError(409, 'idempotency_key_reused', 'This Idempotency-Key was used with a different request body', 'Idempotency-Key');
      }
      if (!entry.answer) {
        throw new SandboxError(409, 'idempotency_key_in_use', 'A request with this Idempotency-Key is still in progress', 'Idempotency-Key');
      }
      const { status, body, contentType } = entry.answer;
      return c.body(body, status as 200, { 'Content-Type': contentType, 'Idempotent-Replayed': 'true' });
    }
    const mine: Remembered = { bodyHash, expiresAt: now + options.idempotencyTtlMs };
    remembered.set(scope, mine);
    try {
      await next();
    } finally {
      if (c.res.status >= 500) remembered.delete(scope);
    }
    if (c.res.status < 500) {
      mine.answer = { status: c.res.status, body: await c.res.clone().text(), contentType: c.res.headers.get('content-type') ?? 'application/json' };
    }
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
