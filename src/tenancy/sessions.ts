import { randomBytes } from 'node:crypto';
import type { SessionStore } from './session-store.js';
import { MAX_SESSION_SECONDS, type SessionClaims, type SessionTokens } from './session-tokens.js';

export { MAX_SESSION_SECONDS } from './session-tokens.js';

/**
 * Seller sessions: a signed token (session-tokens.ts) for a session the store has on record
 * (session-store.ts). A token is good while its signature, key and lifetime check out and its session
 * is on record: revoking a session, or all of a seller's, ends it on every instance, and whoever holds
 * it open (a graphql-ws socket) is told at once through `watch`.
 */

export type SellerSession = SessionClaims;

export interface IssuedSession {
  id: string;
  token: string;
  expiresAt: Date;
}

/** Why a watched session ended. */
export type SessionEnd = 'expired' | 'revoked';

export interface Sessions {
  /** A new session of the seller, on record before its token is answered. */
  issue(tenantId: string, sellerId: string, ttlSeconds: number): Promise<IssuedSession>;
  /** The session, or null when the token is bad (see SessionTokens.verify) or its session has ended. */
  verify(token: string): Promise<SellerSession | null>;
  /** Whether a session verified earlier is still on record (for sockets' later operations). */
  isLive(session: SellerSession): Promise<boolean>;
  /** Calls `ended` once, when the session expires or is revoked on any instance; the answer stops watching. */
  watch(session: SellerSession, ended: (why: SessionEnd) => void): () => void;
  /** Ends one of the tenant's sessions (only `sellerId`'s, when given); false when there is no such live session. */
  revoke(tenantId: string, sessionId: string, sellerId?: string): Promise<boolean>;
  /** Ends every live session of the seller; answers their ids. */
  revokeSeller(tenantId: string, sellerId: string): Promise<string[]>;
}

/** A new session id: ses_ and 128 random bits. */
export const newSessionId = () => `ses_${randomBytes(16).toString('hex')}`;

export function createSessions(options: { tokens: SessionTokens; store: SessionStore; now?: () => number }): Sessions {
  const { tokens, store, now = Date.now } = options;
  /** Who watches which session, by tenant and session id. */
  const watchers = new Map<string, Set<(why: SessionEnd) => void>>();
  const keyOf = (tenantId: string, sessionId: string) => `${tenantId}\u0000${sessionId}`;

  function end(key: string, why: SessionEnd): void {
    const ending = watchers.get(key);
    watchers.delete(key);
    for (const ended of ending ?? []) ended(why);
  }

  store.onRevoked((revoked) => {
    if (revoked !== 'recheck') {
      for (const id of revoked.sessionIds) end(keyOf(revoked.tenantId, id), 'revoked');
      return;
    }
    // Announcements may have been missed: ask the store about each session still watched.
    for (const key of [...watchers.keys()]) {
      const [tenantId, sessionId] = key.split('\u0000') as [string, string];
      store.isLive(tenantId, sessionId).then(
        (live) => live || end(key, 'revoked'),
        () => {}, // Redis away still: the next recheck (on its return) asks again.
      );
    }
  });

  return {
    async issue(tenantId, sellerId, ttlSeconds) {
      const id = newSessionId();
      const { token, expiresAt } = await tokens.sign({ tenantId, sellerId, sessionId: id }, Math.min(ttlSeconds, MAX_SESSION_SECONDS));
      await store.record({ id, tenantId, sellerId, expiresAt });
      return { id, token, expiresAt };
    },
    async verify(token) {
      const claims = await tokens.verify(token);
      return claims && (await store.isLive(claims.tenantId, claims.sessionId)) ? claims : null;
    },
    async isLive(session) {
      return session.expiresAt.getTime() > now() && (await store.isLive(session.tenantId, session.sessionId));
    },
    watch(session, ended) {
      const key = keyOf(session.tenantId, session.sessionId);
      const stop = () => {
        clearTimeout(timer);
        const set = watchers.get(key);
        set?.delete(once);
        if (set?.size === 0) watchers.delete(key);
      };
      const once = (why: SessionEnd) => {
        stop();
        ended(why);
      };
      const timer = setTimeout(() => once('expired'), Math.max(0, session.expiresAt.getTime() - now()));
      watchers.set(key, (watchers.get(key) ?? new Set()).add(once));
      // Revoked between its check and now, the announcement already gone by: asked once more (the
      // announcement cleared the cached answer, so this one goes to the store).
      store.isLive(session.tenantId, session.sessionId).then(
        (live) => live || (watchers.get(key)?.has(once) && once('revoked')),
        () => {},
      );
      return stop;
    },
    revoke: (tenantId, sessionId, sellerId) => store.revoke(tenantId, sessionId, sellerId),
    revokeSeller: (tenantId, sellerId) => store.revokeSeller(tenantId, sellerId),
  };
}
