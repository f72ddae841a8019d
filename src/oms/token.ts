import type { z } from 'zod';
import type { tokenResponse } from './schemas/index.js';

/** The bearer token of one API key: fetched once, shared, renewed shortly before it expires. */
export interface TokenSource {
  /** A token valid for a while yet; concurrent callers share one exchange. */
  get(): Promise<string>;
  /** The token get() would resolve with at once, or undefined when it would have to wait for an exchange. */
  peek(): string | undefined;
  /** Forgets `token` after OMS refused it; a token already replaced by another caller is left alone. */
  invalidate(token: string): void;
}

export interface TokenSourceOptions {
  /** POST /auth/token, with the transport's retries; rejects with an OmsError. */
  exchange: () => Promise<z.output<typeof tokenResponse>>;
  now: () => number;
  /** Renew this long before expiry; at most half the token's lifetime, so short-lived tokens still get used. */
  refreshMarginMs: number;
}

export function createTokenSource({ exchange, now, refreshMarginMs }: TokenSourceOptions): TokenSource {
  let current: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function renew(): Promise<string> {
    // expiresAt is on OMS's clock, which may be skewed from ours; the relative expiresIn is not, and
    // counting it from before the request makes the estimate err early, never late.
    const askedAt = now();
    const answer = await exchange();
    const lifetime = answer.expiresIn * 1000;
    current = { token: answer.accessToken, renewAt: askedAt + lifetime - Math.min(refreshMarginMs, lifetime / 2) };
    return answer.accessToken;
  }

  return {
    get() {
      if (current && now() < current.renewAt) return Promise.resolve(current.token);
      pending ??= renew().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    peek() {
      return current && now() < current.renewAt ? current.token : undefined;
    },
    invalidate(token) {
      if (current?.token === token) current = undefined;
    },
  };
}
