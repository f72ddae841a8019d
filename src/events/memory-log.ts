import type { EventLog, NewTransactionEvent, TransactionEvent } from './event-log.js';
import { compareCursors, isCursor } from './cursor.js';
import { liveQueue } from './live-queue.js';

/**
 * The event log in memory, for one process (no REDIS_URL). Cursors look like Redis stream ids
 * ("<ms>-<seq>") and compare the same way; each tenant keeps its newest `maxLength` events.
 */
export function createMemoryEventLog({ maxLength = 10_000, now = Date.now } = {}): EventLog {
  const logs = new Map<string, TransactionEvent[]>();
  const listeners = new Map<string, Set<(event: TransactionEvent) => void>>();
  let lastMs = 0;
  let seq = 0;

  function nextCursor(): string {
    const ms = Math.max(now(), lastMs);
    seq = ms === lastMs ? seq + 1 : 0;
    lastMs = ms;
    return `${ms}-${seq}`;
  }

  return {
    async append(event: NewTransactionEvent) {
      const stored = { ...event, cursor: nextCursor() };
      const log = logs.get(event.tenantId) ?? [];
      logs.set(event.tenantId, log);
      log.push(stored);
      if (log.length > maxLength) log.splice(0, log.length - maxLength);
      for (const listener of listeners.get(event.tenantId) ?? []) listener(stored);
      return stored.cursor;
    },
    subscribe(tenantId, after, signal) {
      const queue = liveQueue<TransactionEvent>(signal);
      const forTenant = listeners.get(tenantId) ?? new Set();
      listeners.set(tenantId, forTenant);
      // Listen before replaying, so nothing appended meanwhile falls between the two.
      forTenant.add(queue.push);
      signal.addEventListener('abort', () => forTenant.delete(queue.push), { once: true });
      const replay = after === undefined ? [] : (logs.get(tenantId) ?? []).filter((e) => compareCursors(e.cursor, after) > 0);
      return queue.iterate(replay);
    },
    isCursor,
    async close() {
      listeners.clear();
    },
  };
}

