import { SignJWT } from 'jose';
import { keyId } from '../../src/tenancy/session-tokens.js';

/** What a minted token may differ in from the gateway's own; null leaves the claim or header out. */
export interface Minted {
  tenantId?: string;
  sellerId?: string;
  sessionId?: string | null;
  /** Seconds since the epoch; now when not given. */
  iat?: number;
  /** Seconds since the epoch; an hour after iat when not given. */
  exp?: number;
  kid?: string | null;
}

/**
 * A seller session token minted outside the gateway with `secret`, shaped exactly as the gateway's
 * own unless `change` says otherwise: for tokens the gateway would never issue (ten-year lifetimes,
 * unknown keys) that must be refused for that one reason.
 */
export function mintToken(secret: string, change: Minted = {}): Promise<string> {
  const iat = change.iat ?? Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ tid: change.tenantId ?? 'acme' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(change.kid === null ? {} : { kid: change.kid ?? keyId(secret) }) })
    .setSubject(change.sellerId ?? 'cst_1')
    .setIssuer('oms-graphql-gateway')
    .setAudience('seller-session')
    .setIssuedAt(iat)
    .setExpirationTime(change.exp ?? iat + 3600);
  if (change.sessionId !== null) jwt.setJti(change.sessionId ?? 'ses_1');
  return jwt.sign(new TextEncoder().encode(secret));
}
