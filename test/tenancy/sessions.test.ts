import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Revoked, SessionStore } from '../../src/tenancy/session-store.js';
import { createMemorySessionStore } from '../../src/tenancy/session-store.memory.js';
import { createSessionTokens } from '../../src/tenancy/session-tokens.js';
import { createSessions, type SellerSession, type SessionEnd } from '../../src/tenancy/sessions.js';
import { mintToken } from '../support/session-tokens.js';

/** Sessions: a token is good while its session is on record; whoever watches a session hears when it ends. */

const SECRET = 'a-session-secret-that-is-long-enough-0123';

/** A memory store whose announcements a test can also make (a 'recheck'), and whose records it can lose silently. */
function storeWithHooks() {
  const inner = createMemorySessionStore();
  const listeners = new Set<(revoked: Revoked) => void>();
  const lost = new Set<string>();
  const store: SessionStore = {
    ...inner,
    isLive: async (tenantId, sessionId) => !lost.has(sessionId) && (await inner.isLive(tenantId, sessionId)),
    onRevoked(listener) {
      listeners.add(listener);
      const stop = inner.onRevoked(listener);
      return () => {
        listeners.delete(listener);
        stop();
      };
    },
  };
  const recheck = () => {
    for (const listener of listeners) listener('recheck');
  };
  return { store, recheck, lose: (sessionId: string) => lost.add(sessionId) };
}

function setUp() {
  const hooks = storeWithHooks();
  return { ...hooks, sessions: createSessions({ tokens: createSessionTokens({ secret: SECRET }), store: hooks.store }) };
}

/** What a watcher heard, and a wait for its first word. */
function watcher() {
  const heard: SessionEnd[] = [];
  let resolve: (why: SessionEnd) => void = () => {};
  const first = new Promise<SessionEnd>((r) => (resolve = r));
  return {
    heard,
    first,
    ended: (why: SessionEnd) => {
      heard.push(why);
      resolve(why);
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('sessions', () => {
  it('verify accepts a token while its session is on record, and refuses it once revoked', async () => {
    const { sessions } = setUp();
    const { id, token, expiresAt } = await sessions.issue('acme', 'cst_1', 600);
    expect(await sessions.verify(token)).toEqual({ tenantId: 'acme', sellerId: 'cst_1', sessionId: id, expiresAt });
    expect(await sessions.revoke('acme', id)).toBe(true);
    expect(await sessions.verify(token)).toBeNull();
  });

  it('verify refuses a well-signed token whose session was never recorded', async () => {
    const { sessions } = setUp();
    expect(await sessions.verify(await mintToken(SECRET, { sessionId: 'ses_0123456789abcdef' }))).toBeNull();
  });

  it('watch: a revocation ends the watched session once, and only it; a stopped watch hears nothing', async () => {
    const { sessions } = setUp();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => sessions.issue('acme', 'cst_1', 600)));
    const [watchA, watchB, watchC] = [watcher(), watcher(), watcher()];
    const verified = async (token: string) => (await sessions.verify(token)) as SellerSession;
    sessions.watch(await verified(a!.token), watchA.ended);
    sessions.watch(await verified(b!.token), watchB.ended);
    const stop = sessions.watch(await verified(c!.token), watchC.ended);
    stop();
    await sessions.revoke('acme', a!.id);
    expect(await watchA.first).toBe('revoked');
    await sessions.revokeSeller('acme', 'cst_1');
    expect(await watchB.first).toBe('revoked');
    expect([watchA.heard, watchB.heard, watchC.heard]).toEqual([['revoked'], ['revoked'], []]);
  });

  it('watch: a session revoked after its token was checked but before the watch began still ends', async () => {
    const { sessions } = setUp();
    const { id, token } = await sessions.issue('acme', 'cst_1', 600);
    const session = (await sessions.verify(token))!;
    await sessions.revoke('acme', id);
    const watch = watcher();
    sessions.watch(session, watch.ended);
    expect(await watch.first).toBe('revoked');
  });

  it('watch: after a recheck, a session no longer on record ends (its announcement was missed); a live one goes on', async () => {
    const { sessions, recheck, lose } = setUp();
    const [gone, live] = await Promise.all([1, 2].map(() => sessions.issue('acme', 'cst_1', 600)));
    const [watchGone, watchLive] = [watcher(), watcher()];
    sessions.watch((await sessions.verify(gone!.token))!, watchGone.ended);
    sessions.watch((await sessions.verify(live!.token))!, watchLive.ended);
    lose(gone!.id);
    recheck();
    expect(await watchGone.first).toBe('revoked');
    expect(await sessions.isLive((await sessions.verify(live!.token))!)).toBe(true);
    expect(watchLive.heard).toEqual([]);
  });

  it('watch: a session ends at its expiry', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
    const { sessions } = setUp();
    const { token } = await sessions.issue('acme', 'cst_1', 600);
    const session = (await sessions.verify(token))!;
    const watch = watcher();
    sessions.watch(session, watch.ended);
    await vi.advanceTimersByTimeAsync(599_999);
    expect(watch.heard).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(watch.heard).toEqual(['expired']);
    expect(await sessions.isLive(session)).toBe(false);
  });
});
