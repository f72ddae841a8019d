import { randomUUID } from 'node:crypto';
import type { BackfillScan, ExternalIdClaim, IndexedSeller, IndexPage, IndexPageRequest, SellerIndex } from './seller-index.js';
import { sortScore } from './seller-index.js';
import { untilAborted } from '../../oms/attempt.js';

/** An externalId: bound to a seller, or claimed by a create in flight (`settled` resolves when it binds or releases). */
type ExternalIdState = { sellerId: string } | { token: string; settled: Promise<void>; settle(): void };

/** One tenant's part of the index. */
interface TenantIndex {
  /** Newest first by (score, id). */
  order: { id: string; score: number }[];
  scores: Map<string, number>;
  emails: Map<string, Set<string>>;
  externalIds: Map<string, ExternalIdState>;
}

/** Newer first: negative when a sorts before (is newer than) b. */
const newerFirst = (a: { id: string; score: number }, b: { id: string; score: number }) =>
  a.score !== b.score ? b.score - a.score : a.id === b.id ? 0 : a.id > b.id ? -1 : 1;

/**
 * The seller index of one process (no REDIS_URL). It lives as long as the process, so each start
 * backfills each tenant again on first use; claims need no lease, since a process that dies takes
 * its requests with it.
 */
export function createMemorySellerIndex(): SellerIndex {
  const tenants = new Map<string, TenantIndex>();
  const backfilled = new Set<string>();
  const backfilling = new Map<string, Promise<void>>();
  const closing = new AbortController();

  function tenant(tenantId: string): TenantIndex {
    if (closing.signal.aborted) throw new Error('seller index used after close');
    let found = tenants.get(tenantId);
    if (!found) tenants.set(tenantId, (found = { order: [], scores: new Map(), emails: new Map(), externalIds: new Map() }));
    return found;
  }

  /** Where `entry` is, or would go, in the order (binary search). */
  function place(order: TenantIndex['order'], entry: { id: string; score: number }): number {
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newerFirst(order[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  function position(index: TenantIndex, id: string): number | null {
    const score = index.scores.get(id);
    return score === undefined ? null : place(index.order, { id, score });
  }

  function record(index: TenantIndex, seller: IndexedSeller, claim?: string): void {
    if (!index.scores.has(seller.id)) {
      const entry = { id: seller.id, score: sortScore(seller) };
      index.order.splice(place(index.order, entry), 0, entry);
      index.scores.set(seller.id, entry.score);
    }
    if (seller.email) index.emails.set(seller.email, (index.emails.get(seller.email) ?? new Set()).add(seller.id));
    if (!seller.externalId) return;
    const state = index.externalIds.get(seller.externalId);
    if (state && !('token' in state && state.token === claim)) return;
    index.externalIds.set(seller.externalId, { sellerId: seller.id });
    if (state && 'settle' in state) state.settle();
  }

  async function runBackfill(tenantId: string, scan: BackfillScan): Promise<void> {
    const found = await scan(closing.signal);
    const index = tenant(tenantId);
    for (const seller of found) record(index, seller);
    backfilled.add(tenantId);
  }

  return {
    async add(tenantId, seller, claim) {
      record(tenant(tenantId), seller, claim);
    },
    async claimExternalId(tenantId, externalId, wait): Promise<ExternalIdClaim> {
      for (;;) {
        const index = tenant(tenantId);
        const state = index.externalIds.get(externalId);
        if (state && 'sellerId' in state) return { kind: 'bound', sellerId: state.sellerId };
        if (state) {
          await untilAborted(state.settled, wait);
          continue;
        }
        const token = randomUUID();
        let settle = () => {};
        const settled = new Promise<void>((resolve) => {
          settle = resolve;
        });
        index.externalIds.set(externalId, { token, settled, settle });
        return { kind: 'claimed', token };
      }
    },
    async releaseExternalId(tenantId, externalId, token) {
      const index = tenant(tenantId);
      const state = index.externalIds.get(externalId);
      if (!state || !('token' in state) || state.token !== token) return;
      index.externalIds.delete(externalId);
      state.settle();
    },
    async findExternalId(tenantId, externalId) {
      const state = tenant(tenantId).externalIds.get(externalId);
      return state && 'sellerId' in state ? state.sellerId : null;
    },
    async withEmail(tenantId, email) {
      return [...(tenant(tenantId).emails.get(email) ?? [])];
    },
    async changeEmail(tenantId, sellerId, from, to) {
      const index = tenant(tenantId);
      if (from) index.emails.get(from)?.delete(sellerId);
      if (to) index.emails.set(to, (index.emails.get(to) ?? new Set()).add(sellerId));
    },
    async page(tenantId, request: IndexPageRequest): Promise<IndexPage | null> {
      const index = tenant(tenantId);
      if ('before' in request) {
        const end = position(index, request.before);
        if (end === null) return null;
        const start = Math.max(0, end - request.size);
        return { ids: index.order.slice(start, end).map((e) => e.id), hasMore: start > 0 };
      }
      const start = request.after === undefined ? 0 : position(index, request.after);
      if (start === null) return null;
      const from = request.after === undefined ? start : start + 1;
      return { ids: index.order.slice(from, from + request.size).map((e) => e.id), hasMore: from + request.size < index.order.length };
    },
    async positions(tenantId, ids) {
      const index = tenant(tenantId);
      return ids.map((id) => position(index, id));
    },
    async backfill(tenantId, scan, wait) {
      if (closing.signal.aborted) throw new Error('seller index used after close');
      if (backfilled.has(tenantId)) return;
      let running = backfilling.get(tenantId);
      if (!running) {
        running = runBackfill(tenantId, scan).finally(() => backfilling.delete(tenantId));
        backfilling.set(tenantId, running);
      }
      await untilAborted(running, wait);
    },
    async close() {
      if (closing.signal.aborted) return;
      closing.abort(new Error('seller index closed'));
      await Promise.allSettled(backfilling.values());
      for (const index of tenants.values()) for (const state of index.externalIds.values()) if ('settle' in state) state.settle();
      tenants.clear();
    },
  };
}
