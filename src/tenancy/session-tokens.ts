import { createHash } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

/**
 * Seller session tokens: HS256 JWTs (jose) naming one tenant, one of its sellers and the session (its
 * id, `jti`). A library does the signing and the standard claim checks (expiry, audience, issuer); the
 * checks it leaves to us are here: a lifetime no longer than MAX_SESSION_SECONDS, and the key.
 *
 * Keys rotate: the current secret signs; a previous one, while configured, is still accepted, so
 * tokens issued before a rotation live out their (at most a day's) lifetime. Each token names its key
 * in the `kid` header (a digest of the secret, which says nothing of it); a token naming any other
 * key, or none, is refused.
 */

const ISSUER = 'oms-graphql-gateway';
const AUDIENCE = 'seller-session';
/** The longest a session may live, checked on every verification (exp - iat), not only when issued. */
export const MAX_SESSION_SECONDS = 86_400;
/** How far ahead of this instance's clock another instance's `iat` may be (clocks of instances differ a little). */
const CLOCK_SKEW_SECONDS = 30;

export interface SessionClaims {
  tenantId: string;
  sellerId: string;
  sessionId: string;
  expiresAt: Date;
}

export interface SessionTokens {
  /** A token for the session; ttlSeconds is 1 to MAX_SESSION_SECONDS. */
  sign(claims: Omit<SessionClaims, 'expiresAt'>, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }>;
  /** The claims, or null when the token is not one of ours, is tampered with, signed with an unknown key, expired, or lives too long. */
  verify(token: string): Promise<SessionClaims | null>;
}

export interface SessionTokensOptions {
  /** Signs new tokens. */
  secret: string;
  /** The secret before the last rotation: its tokens are still accepted (never signed) while it is given. */
  previousSecret?: string | undefined;
  now?: () => number;
}

/** A key's id: a digest of its secret, so tokens say which key signed them without saying anything of it. */
export const keyId = (secret: string) => createHash('sha256').update(`seller-session-kid\u0000${secret}`).digest('base64url').slice(0, 16);

export function createSessionTokens(options: SessionTokensOptions): SessionTokens {
  const { now = Date.now } = options;
  const signing = { kid: keyId(options.secret), key: new TextEncoder().encode(options.secret) };
  const keys = new Map([[signing.kid, signing.key]]);
  if (options.previousSecret && options.previousSecret !== options.secret) {
    keys.set(keyId(options.previousSecret), new TextEncoder().encode(options.previousSecret));
  }
  return {
    async sign({ tenantId, sellerId, sessionId }, ttlSeconds) {
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_SESSION_SECONDS) {
        throw new Error(`expected a session lifetime of 1 to ${MAX_SESSION_SECONDS} seconds, got ${ttlSeconds}`);
      }
      const issuedAt = Math.floor(now() / 1000);
      const token = await new SignJWT({ tid: tenantId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: signing.kid })
        .setSubject(sellerId)
        .setJti(sessionId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSeconds)
        .sign(signing.key);
      return { token, expiresAt: new Date((issuedAt + ttlSeconds) * 1000) };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(
          token,
          (header) => {
            const key = header.kid === undefined ? undefined : keys.get(header.kid);
            if (!key) throw new errors.JWSSignatureVerificationFailed('the token was signed with a key this gateway does not know');
            return key;
          },
          { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'], requiredClaims: ['iat', 'exp', 'jti', 'sub'], currentDate: new Date(now()) },
        );
        const { tid, sub, jti, iat, exp } = payload;
        if (typeof tid !== 'string' || typeof sub !== 'string' || typeof jti !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
        // Checked here, not only when issuing: a token minted with a ten-year lifetime (by a bug, or
        // by anyone holding the secret) must not make a ten-year session.
        if (exp - iat > MAX_SESSION_SECONDS || iat > now() / 1000 + CLOCK_SKEW_SECONDS) return null;
        return { tenantId: tid, sellerId: sub, sessionId: jti, expiresAt: new Date(exp * 1000) };
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}
