import { afterEach, describe, expect, it } from 'vitest';
import type { Revoked, SessionRecord, SessionStore } from '../../src/tenancy/session-store.js';
import { newSessionId } from '../../src/tenancy/sessions.js';

/** One store of sessions; each call opens another instance over it (another gateway, for shared stores). */
export interface SessionStoreFixture {
  open(options?: { now?: () => number }): SessionStore;
  cleanup(): Promise<void>;
}

export interface SessionStoreCapabilities {
  /** Several instances share one store (Redis); memory is one process and has no such test. */
  sharedAcrossInstances: boolean;
}

const HOUR = 3_600_000;

/** A session of `sellerId` of `tenantId`, expiring in an hour (or at `expiresAt`). */
export const session = (tenantId: string, sellerId: string, expiresAt = new Date(Date.now() + HOUR)): SessionRecord => ({
  id: newSessionId(),
  tenantId,
  sellerId,
  expiresAt,
});

/** What the listener of `store` hears, and a wait for its next announcement. */
export function listen(store: SessionStore) {
  const heard: Revoked[] = [];
  let waiting: (() => void) | undefined;
  store.onRevoked((revoked) => {
    heard.push(revoked);
    waiting?.();
  });
  return {
    heard,
    /** Resolves once `count` announcements have been heard. */
    async next(count: number): Promise<Revoked[]> {
      while (heard.length < count) await new Promise<void>((resolve) => (waiting = resolve));
      return heard.slice(0, count);
    },
    /** Resolves with the first announcement `matches` accepts, once heard (Redis announces a revocation here and through the channel). */
    async until(matches: (revoked: Revoked) => boolean): Promise<Revoked> {
      for (;;) {
        const found = heard.find(matches);
        if (found) return found;
        await new Promise<void>((resolve) => (waiting = resolve));
      }
    },
  };
}

/** The behaviour every SessionStore promises, run against each implementation. */
export function sessionStoreContract(name: string, make: () => Promise<SessionStoreFixture>, capabilities: SessionStoreCapabilities): void {
  describe(`SessionStore contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function fixture(): Promise<SessionStoreFixture> {
      const made = await make();
      cleanups.push(made.cleanup);
      return made;
    }

    it('knows a recorded session as live until it expires, under its own tenant alone', async () => {
      let now = Date.now();
      const store = (await fixture()).open({ now: () => now });
      const s = session('acme', 'cst_1', new Date(now + 60_000));
      expect(await store.isLive('acme', s.id)).toBe(false);
      await store.record(s);
      expect(await store.isLive('acme', s.id)).toBe(true);
      expect(await store.isLive('globex', s.id), 'the same id under another tenant').toBe(false);
      now += 60_000;
      // Redis expires keys by its own clock: the record is set to expire at the session's expiry.
      if (name === 'memory') expect(await store.isLive('acme', s.id)).toBe(false);
    });

    it('revokes one session, answering whether there was one; another tenant’s id or another seller’s answers like a missing one', async () => {
      const store = (await fixture()).open();
      const mine = session('acme', 'cst_1');
      const sibling = session('acme', 'cst_1');
      await store.record(mine);
      await store.record(sibling);
      const { next } = listen(store);
      expect(await store.revoke('globex', mine.id), 'another tenant').toBe(false);
      expect(await store.revoke('acme', mine.id, 'cst_2'), 'another seller of the tenant').toBe(false);
      expect(await store.revoke('acme', newSessionId()), 'never issued').toBe(false);
      expect(await store.isLive('acme', mine.id), 'none of those touched it').toBe(true);
      expect(await store.revoke('acme', mine.id, 'cst_1')).toBe(true);
      expect(await next(1)).toEqual([{ tenantId: 'acme', sessionIds: [mine.id] }]);
      expect(await store.isLive('acme', mine.id)).toBe(false);
      expect(await store.isLive('acme', sibling.id), 'the seller’s other session lives').toBe(true);
      expect(await store.revoke('acme', mine.id), 'a second time').toBe(false);
    });

    it('revokes every live session of one seller and no other seller’s; a session recorded after it lives', async () => {
      const store = (await fixture()).open();
      const a = [session('acme', 'cst_1'), session('acme', 'cst_1'), session('acme', 'cst_1')];
      const other = session('acme', 'cst_2');
      const sameIdElsewhere = session('globex', 'cst_1');
      for (const s of [...a, other, sameIdElsewhere]) await store.record(s);
      const heard = listen(store);
      expect(await store.revoke('acme', a[0]!.id)).toBe(true);
      const ended = await store.revokeSeller('acme', 'cst_1');
      expect(ended.sort()).toEqual([a[1]!.id, a[2]!.id].sort());
      await heard.until((r) => r !== 'recheck' && r.sessionIds.length === 2 && ended.every((id) => r.sessionIds.includes(id)));
      expect(heard.heard.every((r) => r !== 'recheck' && r.tenantId === 'acme' && !r.sessionIds.includes(other.id))).toBe(true);
      for (const s of a) expect(await store.isLive('acme', s.id)).toBe(false);
      expect(await store.isLive('acme', other.id)).toBe(true);
      expect(await store.isLive('globex', sameIdElsewhere.id), 'a seller id of another tenant').toBe(true);
      const later = session('acme', 'cst_1');
      await store.record(later);
      expect(await store.isLive('acme', later.id)).toBe(true);
      expect(await store.revokeSeller('acme', 'cst_3'), 'a seller without sessions').toEqual([]);
    });

    it('stops calling a listener that unsubscribed, and refuses use after close', async () => {
      const store = (await fixture()).open();
      const heard: Revoked[] = [];
      const stop = store.onRevoked((r) => heard.push(r));
      stop();
      const s = session('acme', 'cst_1');
      await store.record(s);
      await store.revoke('acme', s.id);
      expect(heard).toEqual([]);
      await store.close();
      await expect(store.isLive('acme', s.id)).rejects.toThrow(/after close/);
    });

    if (capabilities.sharedAcrossInstances) {
      it('shares sessions between instances: a revocation on one is announced to the other and refused there', async () => {
        const shared = await fixture();
        const one = shared.open();
        const two = shared.open();
        const s = session('acme', 'cst_1');
        const t = session('acme', 'cst_9');
        await one.record(s);
        await one.record(t);
        expect(await two.isLive('acme', s.id), 'recorded on one, live on two').toBe(true);
        const heard = listen(two);
        expect(await one.revoke('acme', s.id)).toBe(true);
        expect(await heard.next(1)).toEqual([{ tenantId: 'acme', sessionIds: [s.id] }]);
        // Two had it cached as live; the announcement cleared that.
        expect(await two.isLive('acme', s.id)).toBe(false);
        expect(await two.revokeSeller('acme', 'cst_9')).toEqual([t.id]);
        expect(await one.isLive('acme', t.id)).toBe(false);
      });
    }
  });
}
