import { afterEach, describe, expect, it } from 'vitest';
import type { IndexedSeller, SellerIndex } from '../../src/tenancy/seller-index/index.js';

export interface SellerIndexFixture {
  index: SellerIndex;
  /** Another gateway instance over the same store, for implementations shared between processes. */
  peer?: () => Promise<SellerIndex>;
  cleanup(): Promise<void>;
}

/** A seller made `minute` minutes into the day; `id` sorts ties as OMS does. */
const seller = (id: string, minute: number, extra: Partial<IndexedSeller> = {}): IndexedSeller => ({
  id,
  createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
  ...extra,
});

/** A promise settled from outside: the tests' explicit signals. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const never = () => new AbortController().signal;

/** The behaviour every SellerIndex promises, run against each implementation. */
export function sellerIndexContract(name: string, make: () => Promise<SellerIndexFixture>, shared: boolean): void {
  describe(`SellerIndex contract: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });
    async function open(): Promise<SellerIndexFixture> {
      const fixture = await make();
      cleanups.push(fixture.cleanup);
      return fixture;
    }

    /** Ten sellers of ten_a, s0 (oldest) to s9, with s4 and s5 made in the same minute (the id breaks the tie). */
    async function ten(index: SellerIndex): Promise<string[]> {
      const ids = Array.from({ length: 10 }, (_, i) => `cst_s${i}`);
      // Recorded out of order, and twice: the order is the sellers', not the calls'.
      for (const i of [3, 9, 0, 5, 4, 7, 1, 8, 2, 6, 3, 9]) await index.add('ten_a', seller(ids[i]!, i === 5 ? 4 : i));
      return ids;
    }

    it('pages newest first by createdAt then id, forward and backward, saying whether more follow', async () => {
      const { index } = await open();
      const s = await ten(index);
      expect(await index.page('ten_a', { size: 3 })).toEqual({ ids: [s[9], s[8], s[7]], hasMore: true });
      expect(await index.page('ten_a', { size: 4, after: s[7] })).toEqual({ ids: [s[6], s[5], s[4], s[3]], hasMore: true });
      expect(await index.page('ten_a', { size: 3, after: s[3] })).toEqual({ ids: [s[2], s[1], s[0]], hasMore: false });
      expect(await index.page('ten_a', { size: 3, after: s[0] })).toEqual({ ids: [], hasMore: false });
      expect(await index.page('ten_a', { size: 2, before: s[4] })).toEqual({ ids: [s[6], s[5]], hasMore: true });
      expect(await index.page('ten_a', { size: 5, before: s[6] })).toEqual({ ids: [s[9], s[8], s[7]], hasMore: false });
      expect(await index.page('ten_a', { size: 5, before: s[9] })).toEqual({ ids: [], hasMore: false });
      expect(await index.page('ten_a', { size: 100 })).toEqual({ ids: [...s].reverse(), hasMore: false });
    });

    it('answers null for a cursor that names no seller of the tenant, and keeps tenants apart', async () => {
      const { index } = await open();
      const s = await ten(index);
      await index.add('ten_b', seller('cst_b1', 30));
      expect(await index.page('ten_a', { size: 3, after: 'cst_b1' })).toBeNull();
      expect(await index.page('ten_a', { size: 3, before: 'cst_nobody' })).toBeNull();
      expect(await index.page('ten_b', { size: 3, after: s[9] })).toBeNull();
      expect(await index.page('ten_b', { size: 10 })).toEqual({ ids: ['cst_b1'], hasMore: false });
      expect(await index.page('ten_c', { size: 10 })).toEqual({ ids: [], hasMore: false });
    });

    it('tells each id its position, null for one not in the tenant index', async () => {
      const { index } = await open();
      const s = await ten(index);
      expect(await index.positions('ten_a', [s[9]!, s[0]!, 'cst_b1', s[5]!])).toEqual([0, 9, null, 4]);
      expect(await index.positions('ten_a', [])).toEqual([]);
    });

    it('finds sellers by email, and follows an email change', async () => {
      const { index } = await open();
      await index.add('ten_a', seller('cst_1', 1, { email: 'ada@example.com' }));
      await index.add('ten_a', seller('cst_2', 2, { email: 'ada@example.com' }));
      await index.add('ten_b', seller('cst_3', 3, { email: 'ada@example.com' }));
      expect((await index.withEmail('ten_a', 'ada@example.com')).sort()).toEqual(['cst_1', 'cst_2']);
      await index.changeEmail('ten_a', 'cst_2', 'ada@example.com', 'grace@example.com');
      expect(await index.withEmail('ten_a', 'ada@example.com')).toEqual(['cst_1']);
      expect(await index.withEmail('ten_a', 'grace@example.com')).toEqual(['cst_2']);
      expect(await index.withEmail('ten_a', 'nobody@example.com')).toEqual([]);
    });

    it('binds a claimed externalId to the seller recorded with the claim; a later claim finds it', async () => {
      const { index } = await open();
      const claim = await index.claimExternalId('ten_a', 'usr_1', never());
      expect(claim.kind).toBe('claimed');
      expect(await index.findExternalId('ten_a', 'usr_1'), 'a claim is no binding yet').toBeNull();
      await index.add('ten_a', seller('cst_1', 1, { externalId: 'usr_1' }), claim.kind === 'claimed' ? claim.token : undefined);
      expect(await index.findExternalId('ten_a', 'usr_1')).toBe('cst_1');
      expect(await index.claimExternalId('ten_a', 'usr_1', never())).toEqual({ kind: 'bound', sellerId: 'cst_1' });
      expect((await index.claimExternalId('ten_b', 'usr_1', never())).kind, 'another tenant has its own externalIds').toBe('claimed');
    });

    it('gives a released claim to the next create; a stale token releases nothing', async () => {
      const { index } = await open();
      const first = await index.claimExternalId('ten_a', 'usr_1', never());
      if (first.kind !== 'claimed') throw new Error('expected a claim');
      await index.releaseExternalId('ten_a', 'usr_1', first.token);
      const second = await index.claimExternalId('ten_a', 'usr_1', never());
      if (second.kind !== 'claimed') throw new Error('expected a claim');
      await index.releaseExternalId('ten_a', 'usr_1', first.token);
      const waiting = new AbortController();
      const third = index.claimExternalId('ten_a', 'usr_1', waiting.signal);
      await index.add('ten_a', seller('cst_2', 2, { externalId: 'usr_1' }), second.token);
      expect(await third).toEqual({ kind: 'bound', sellerId: 'cst_2' });
    });

    it('lets one of 20 concurrent claims through; the rest wait and then see its seller', async () => {
      const { index } = await open();
      const claims = Array.from({ length: 20 }, () => index.claimExternalId('ten_a', 'usr_1', never()));
      const winner = await Promise.race(claims);
      if (winner.kind !== 'claimed') throw new Error('expected the first answer to be a claim');
      await index.add('ten_a', seller('cst_1', 1, { externalId: 'usr_1' }), winner.token);
      const all = await Promise.all(claims);
      expect(all.filter((c) => c.kind === 'claimed')).toHaveLength(1);
      expect(all.filter((c) => c.kind === 'bound')).toEqual(Array(19).fill({ kind: 'bound', sellerId: 'cst_1' }));
    });

    it('stops waiting on a claim when the waiter aborts, with its reason', async () => {
      const { index } = await open();
      await index.claimExternalId('ten_a', 'usr_1', never());
      const waiting = new AbortController();
      const second = index.claimExternalId('ten_a', 'usr_1', waiting.signal);
      waiting.abort(new Error('deadline'));
      await expect(second).rejects.toThrow('deadline');
    });

    it('binds a free externalId on add without a claim, and never takes one held or bound', async () => {
      const { index } = await open();
      await index.add('ten_a', seller('cst_1', 1, { externalId: 'usr_free' }));
      expect(await index.findExternalId('ten_a', 'usr_free')).toBe('cst_1');
      await index.add('ten_a', seller('cst_2', 2, { externalId: 'usr_free' }));
      expect(await index.findExternalId('ten_a', 'usr_free'), 'bound stays bound').toBe('cst_1');
      const held = await index.claimExternalId('ten_a', 'usr_held', never());
      await index.add('ten_a', seller('cst_3', 3, { externalId: 'usr_held' }), 'not-the-token');
      expect(await index.findExternalId('ten_a', 'usr_held'), 'a claim is kept from others').toBeNull();
      if (held.kind !== 'claimed') throw new Error('expected a claim');
      await index.add('ten_a', seller('cst_4', 4, { externalId: 'usr_held' }), held.token);
      expect(await index.findExternalId('ten_a', 'usr_held')).toBe('cst_4');
      expect((await index.page('ten_a', { size: 10 }))?.ids, 'every seller is recorded all the same').toEqual(['cst_4', 'cst_3', 'cst_2', 'cst_1']);
    });

    it('backfills once per tenant: concurrent callers share one scan, later ones none; what it found is recorded', async () => {
      const { index } = await open();
      let scans = 0;
      const gate = deferred<IndexedSeller[]>();
      const scan = () => {
        scans += 1;
        return gate.promise;
      };
      const waiting = [index.backfill('ten_a', scan, never()), index.backfill('ten_a', scan, never())];
      gate.resolve([seller('cst_old2', 2, { email: 'old@example.com', externalId: 'usr_old' }), seller('cst_old1', 1)]);
      await Promise.all(waiting);
      await index.backfill('ten_a', scan, never());
      expect(scans).toBe(1);
      expect((await index.page('ten_a', { size: 10 }))?.ids).toEqual(['cst_old2', 'cst_old1']);
      expect(await index.findExternalId('ten_a', 'usr_old')).toBe('cst_old2');
      expect(await index.withEmail('ten_a', 'old@example.com')).toEqual(['cst_old2']);
      await index.backfill('ten_b', async () => [], never());
      expect(scans, 'another tenant has its own backfill').toBe(1);
    });

    it('scans again after a failed backfill, and keeps scanning when a waiter stops waiting', async () => {
      const { index } = await open();
      await expect(index.backfill('ten_a', async () => Promise.reject(new Error('OMS away')), never())).rejects.toThrow('OMS away');
      const gate = deferred<IndexedSeller[]>();
      const impatient = new AbortController();
      const first = index.backfill('ten_a', () => gate.promise, impatient.signal);
      impatient.abort(new Error('deadline'));
      await expect(first).rejects.toThrow('deadline');
      const patient = index.backfill('ten_a', async () => [], never());
      gate.resolve([seller('cst_1', 1)]);
      await patient;
      expect((await index.page('ten_a', { size: 10 }))?.ids, 'the first scan finished and counted').toEqual(['cst_1']);
    });

    it('refuses use after close', async () => {
      const { index } = await open();
      await index.close();
      await expect(index.add('ten_a', seller('cst_1', 1))).rejects.toThrow('seller index used after close');
      await expect(index.page('ten_a', { size: 1 })).rejects.toThrow('seller index used after close');
    });

    if (!shared) return;

    it('is shared by instances: what one records, claims or backfilled, another sees', async () => {
      const { index, peer } = await open();
      const other = await peer!();
      const s = await ten(index);
      expect((await other.page('ten_a', { size: 2, after: s[5] }))?.ids).toEqual([s[4], s[3]]);
      const claim = await index.claimExternalId('ten_a', 'usr_1', never());
      if (claim.kind !== 'claimed') throw new Error('expected a claim');
      const waiting = other.claimExternalId('ten_a', 'usr_1', never());
      await index.add('ten_a', seller('cst_x', 11, { externalId: 'usr_1' }), claim.token);
      expect(await waiting).toEqual({ kind: 'bound', sellerId: 'cst_x' });
      let scans = 0;
      const gate = deferred<IndexedSeller[]>();
      const scan = () => {
        scans += 1;
        return gate.promise;
      };
      const first = index.backfill('ten_b', scan, never());
      const second = other.backfill('ten_b', scan, never());
      gate.resolve([seller('cst_b1', 1)]);
      await Promise.all([first, second]);
      expect(scans, 'one instance scanned; the other waited for it').toBe(1);
      const third = await peer!();
      await third.backfill('ten_b', scan, never());
      expect(scans, 'a new instance finds the backfill done').toBe(1);
      expect((await third.page('ten_b', { size: 5 }))?.ids).toEqual(['cst_b1']);
    });
  });
}
