import { timingSafeEqual } from 'node:crypto';
import { tokenRequest } from '../../oms/schemas/index.js';
import type { SandboxApp } from '../context.js';
import { SandboxError } from '../errors.js';
import { readBody } from '../http.js';
import type { Tokens } from '../middleware.js';
import type { Ledger } from '../store.js';

/** POST /auth/token: API key and secret in, a bearer token out (contract decision 1). */
export function authRoutes(app: SandboxApp, ledgers: Map<string, Ledger>, tokens: Tokens): void {
  app.post('/auth/token', (c) => {
    const { apiKey, apiSecret } = readBody(c, tokenRequest);
    const ledger = ledgers.get(apiKey);
    if (!ledger || !sameSecret(ledger.account.apiSecret, apiSecret)) {
      throw new SandboxError(401, 'unauthorized', 'Unknown API key or wrong secret');
    }
    return c.json(tokens.issue(ledger), 200);
  });
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
