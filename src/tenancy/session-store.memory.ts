import type { Revoked, SessionRecord, SessionStore } from './session-store.js';

/** How often expired records are swept out (they are refused as soon as they expire, swept or not). */
const SWEEP_MS = 60_000;

/**
 * Sessions of one process, in a map. A revocation is announced to this process's listeners alone:
 * sessions issued here are unknown to every other instance anyway.
 */
export function createMemorySessionStore(options: { now?: () => number } = {}): SessionStore {
  const { now = Date.now } = options;
  const sessions = new Map<string, SessionRecord>();
  const listeners = new Set<(revoked: Revoked) => void>();
  let swept = now();
  let closed = false;
  const key = (tenantId: string, sessionId: string) => `${tenantId}\u0000${sessionId}`;

  function check(): void {
    if (closed) throw new Error('session store used after close');
  }

  function live(tenantId: string, sessionId: string): SessionRecord | undefined {
    const session = sessions.get(key(tenantId, sessionId));
    return session && session.expiresAt.getTime() > now() ? session : undefined;
  }

  function announce(tenantId: string, sessionIds: string[]): void {
    if (sessionIds.length === 0) return;
    for (const listener of listeners) listener({ tenantId, sessionIds });
  }

  return {
    async record(session) {
      check();
      if (now() - swept > SWEEP_MS) {
        swept = now();
        for (const [k, s] of sessions) if (s.expiresAt.getTime() <= swept) sessions.delete(k);
      }
      sessions.set(key(session.tenantId, session.id), { ...session });
    },
    async isLive(tenantId, sessionId) {
      check();
      return live(tenantId, sessionId) !== undefined;
    },
    async revoke(tenantId, sessionId, sellerId) {
      check();
      const session = live(tenantId, sessionId);
      if (!session || (sellerId !== undefined && session.sellerId !== sellerId)) return false;
      sessions.delete(key(tenantId, sessionId));
      announce(tenantId, [sessionId]);
      return true;
    },
    async revokeSeller(tenantId, sellerId) {
      check();
      const ended: string[] = [];
      for (const session of sessions.values()) {
        if (session.tenantId !== tenantId || session.sellerId !== sellerId || !live(tenantId, session.id)) continue;
        sessions.delete(key(tenantId, session.id));
        ended.push(session.id);
      }
      announce(tenantId, ended);
      return ended;
    },
    onRevoked(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      closed = true;
      sessions.clear();
      listeners.clear();
    },
  };
}
