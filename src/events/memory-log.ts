import { isCursor, compareCursors } from './cursor.js';
import type { AcceptGuard, AcceptResult, EventFilter, EventLog, NewEvent, LoggedEvent, StaleReason } from './event-log.js';
import { concerns, createListenerIndex, type ListenerIndex } from './listener-index.js';
import { liveQueue } from './live-queue.js';
import { judge, type ObjectOrder } from './order.js';

const everything: EventFilter = () => true;

/**
 * The event log in memory, for one process (no REDIS_URL). Cursors look like Redis stream ids
 * ("<ms>-<seq>") and compare the same way; each tenant keeps its newest `maxLength` events, and event
 * ids are remembered for `dedupeMs`.
 */
export function createMemoryEventLog({ maxLength = 10_000, dedupeMs = 7 * 24 * 3600_000, now = Date.now } = {}): EventLog {
  const logs = new Map<string, LoggedEvent[]>();
  const listeners = new Map<string, ListenerIndex>();
  const seen = new Map<string, number>();
  const objects = new Map<string, ObjectOrder>();
  const stale = new Map<string, Partial<Record<StaleReason, number>>>();
  // Aborted by close(): it ends every open subscription, as the Redis log's close() does.
  const closing = new AbortController();
  let lastMs = 0;
  let seq = 0;

  function nextCursor(): string {
    const ms = Math.max(now(), lastMs);
    seq = ms === lastMs ? seq + 1 : 0;
    lastMs = ms;
    return `${ms}-${seq}`;
  }

  function forget(): void {
    const cutoff = now() - dedupeMs;
    for (const [id, at] of seen) {
      if (at >= cutoff) break;
      seen.delete(id);
    }
  }

  return {
    // Nothing here awaits: one accept runs to its end before another starts, as the Redis script does.
    async accept(event: NewEvent, guard: AcceptGuard): Promise<AcceptResult> {
      forget();
      const key = `${event.tenantId}\u0000${guard.eventId}`;
      if (seen.has(key)) return { outcome: 'duplicate' };
      seen.set(key, now());
      const objectKey = `${event.tenantId}\u0000${guard.objectId}`;
      const judged = judge(objects.get(objectKey), guard);
      if (judged.outcome === 'duplicate') return judged;
      if (judged.outcome === 'stale') {
        const counts = stale.get(event.tenantId) ?? {};
        stale.set(event.tenantId, { ...counts, [judged.reason]: (counts[judged.reason] ?? 0) + 1 });
        return judged;
      }
      objects.set(objectKey, judged.next);
      const stored = { ...event, cursor: nextCursor() };
      const log = logs.get(event.tenantId) ?? [];
      logs.set(event.tenantId, log);
      log.push(stored);
      if (log.length > maxLength) log.splice(0, log.length - maxLength);
      listeners.get(event.tenantId)?.dispatch(stored);
      return { outcome: 'appended', cursor: stored.cursor };
    },
    subscribe(tenantId, after, callerSignal, wants = everything, sellerIds, handOver) {
      const signal = AbortSignal.any([callerSignal, closing.signal]);
      const queue = liveQueue<LoggedEvent>(signal);
      const forTenant = listeners.get(tenantId) ?? createListenerIndex();
      listeners.set(tenantId, forTenant);
      // Listen before replaying, so nothing appended meanwhile falls between the two.
      const remove = forTenant.add((event) => {
        if (wants(event)) queue.push(event);
      }, sellerIds);
      const stop = () => {
        remove();
        // A listener left on a signal of AbortSignal.any keeps it, and this subscription, alive (see liveQueue).
        signal.removeEventListener('abort', stop);
      };
      signal.addEventListener('abort', stop, { once: true });
      const log = logs.get(tenantId) ?? [];
      const replay = after === undefined ? [] : log.filter((e) => compareCursors(e.cursor, after) > 0 && concerns(e, sellerIds) && wants(e));
      // Without `after` it starts after the newest event logged now (appends here are synchronous).
      const start = after ?? log[log.length - 1]?.cursor ?? '0-0';
      const handing = handOver && {
        handOver(position: string) {
          if (!handOver(position)) return false;
          stop();
          return true;
        },
        start: () => start,
      };
      return queue.iterate(replay, handing);
    },
    isCursor,
    async end(tenantId) {
      return logs.get(tenantId)?.at(-1)?.cursor ?? '0-0';
    },
    async staleCount(tenantId, reason) {
      const counts = stale.get(tenantId) ?? {};
      return reason ? (counts[reason] ?? 0) : Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async close() {
      closing.abort();
      listeners.clear();
    },
  };
}
