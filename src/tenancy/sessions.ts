import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * Seller session tokens: short-lived HS256 JWTs (jose) naming one tenant and one of its sellers. A
 * library does the signing and the claim checks (expiry, audience, issuer) so none of it is hand-rolled.
 */

const ISSUER = 'oms-graphql-gateway';
const AUDIENCE = 'seller-session';
export const MAX_SESSION_SECONDS = 86_400;

export interface SellerSession {
  tenantId: string;
  sellerId: string;
  expiresAt: Date;
}

export interface SessionIssuer {
  issue(tenantId: string, sellerId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }>;
  /** The session, or null when the token is not one of ours, is tampered with, or has expired. */
  verify(token: string): Promise<SellerSession | null>;
}

export function createSessionIssuer(secret: string, now: () => number = Date.now): SessionIssuer {
  const key = new TextEncoder().encode(secret);
  return {
    async issue(tenantId, sellerId, ttlSeconds) {
      const issuedAt = Math.floor(now() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({ tid: tenantId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(sellerId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          currentDate: new Date(now()),
        });
        if (typeof payload.tid !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
        return { tenantId: payload.tid, sellerId: payload.sub, expiresAt: new Date(payload.exp * 1000) };
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}
