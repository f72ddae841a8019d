import { isCursor, compareCursors } from './cursor.js';
import type { AcceptGuard, EventFilter, EventLog, NewEvent, LoggedEvent } from './event-log.js';

const everything: EventFilter = () => true;
import { liveQueue } from './live-queue.js';

/**
 * The event log in memory, for one process (no REDIS_URL). Cursors look like Redis stream ids
 * ("<ms>-<seq>") and compare the same way; each tenant keeps its newest `maxLength` events, and event
 * ids are remembered for `dedupeMs`.
 */
export function createMemoryEventLog({ maxLength = 10_000, dedupeMs = 7 * 24 * 3600_000, now = Date.now } = {}): EventLog {
  const logs = new Map<string, LoggedEvent[]>();
  const listeners = new Map<string, Set<(event: LoggedEvent) => void>>();
  const seen = new Map<string, number>();
  const positions = new Map<string, number>();
  const stale = new Map<string, number>();
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
    async accept(event: NewEvent, guard: AcceptGuard) {
      forget();
      const key = `${event.tenantId}\u0000${guard.eventId}`;
      if (seen.has(key)) return { outcome: 'duplicate' };
      seen.set(key, now());
      const positionKey = `${event.tenantId}\u0000${guard.objectId}`;
      if (guard.position < (positions.get(positionKey) ?? -Infinity)) {
        stale.set(event.tenantId, (stale.get(event.tenantId) ?? 0) + 1);
        return { outcome: 'stale' };
      }
      positions.set(positionKey, guard.position);
      const stored = { ...event, cursor: nextCursor() };
      const log = logs.get(event.tenantId) ?? [];
      logs.set(event.tenantId, log);
      log.push(stored);
      if (log.length > maxLength) log.splice(0, log.length - maxLength);
      for (const listener of listeners.get(event.tenantId) ?? []) listener(stored);
      return { outcome: 'appended', cursor: stored.cursor };
    },
    subscribe(tenantId, after, callerSignal, wants = everything) {
      const signal = AbortSignal.any([callerSignal, closing.signal]);
      const queue = liveQueue<LoggedEvent>(signal);
      const forTenant = listeners.get(tenantId) ?? new Set();
      listeners.set(tenantId, forTenant);
      const listener = (event: LoggedEvent) => {
        if (wants(event)) queue.push(event);
      };
      // Listen before replaying, so nothing appended meanwhile falls between the two.
      forTenant.add(listener);
      signal.addEventListener('abort', () => forTenant.delete(listener), { once: true });
      const replay = after === undefined ? [] : (logs.get(tenantId) ?? []).filter((e) => compareCursors(e.cursor, after) > 0 && wants(e));
      return queue.iterate(replay);
    },
    isCursor,
    staleCount: async (tenantId) => stale.get(tenantId) ?? 0,
    async close() {
      closing.abort();
      listeners.clear();
    },
  };
}
