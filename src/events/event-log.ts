import type { Transaction } from '../oms/schemas/index.js';

/** A status change of a transaction, as accepted from an OMS webhook and routed to its tenant. */
export interface TransactionEvent {
  /** Position in the tenant's log: opaque, increasing; a subscriber resumes after it. */
  cursor: string;
  /** The OMS event name, e.g. "transaction.fiatToCrypto.completed". */
  event: string;
  occurredAt: string;
  tenantId: string;
  /** The tenant's sellers this transaction belongs to (sender, and recipient of a send). */
  sellerIds: string[];
  virtualAccountId: string | null;
  /** Compliance events (underReview) go to tenant tokens only. */
  compliance: boolean;
  transaction: Transaction;
}

export type NewTransactionEvent = Omit<TransactionEvent, 'cursor'>;

export type EventFilter = (event: TransactionEvent) => boolean;

/**
 * What makes accepting an event safe to repeat. `eventId` is OMS's webhook event id: a second event
 * with the same id is a duplicate (OMS delivers at least once, retries and concurrent copies
 * included). `position` orders one transaction's events (OMS's per-object `sequence`, else the status
 * rank): an event below the transaction's last accepted position would move it backwards, so it is
 * recorded as stale and not appended.
 */
export interface AcceptGuard {
  eventId: string;
  transactionId: string;
  position: number;
}

export type AcceptResult = { outcome: 'appended'; cursor: string } | { outcome: 'duplicate' } | { outcome: 'stale' };

/**
 * The per-tenant event log every gateway instance shares. `accept` is one atomic step (de-duplicate,
 * order guard, append, remember): it either happened completely or not at all, so an answer of 2xx to
 * OMS after it means nothing can be lost. `subscribe` replays what came after `after`, then continues
 * live, with no gap and no repeat at the seam. Implementations: memory (one process), Redis Streams.
 */
export interface EventLog {
  accept(event: NewTransactionEvent, guard: AcceptGuard): Promise<AcceptResult>;
  /**
   * `wants` is the subscriber's own filter, applied where events arrive: with thousands of
   * subscriptions per tenant, an event wakes only those that want it.
   */
  subscribe(tenantId: string, after: string | undefined, signal: AbortSignal, wants?: EventFilter): AsyncIterable<TransactionEvent>;
  /** Whether `cursor` is a cursor this log could have issued. */
  isCursor(cursor: string): boolean;
  /** Events accepted whose transaction had already moved past them, per tenant (observability). */
  staleCount(tenantId: string): Promise<number>;
  close(): Promise<void>;
}

/** How far along a status is: an event may not take a transaction to a lower rank. */
export function statusRank(status: Transaction['status']): number {
  switch (status) {
    case 'processing':
      return 1;
    case 'cashPickupReady':
      return 2;
    case 'completed':
    case 'failed':
      return 3;
    default: {
      const unknown: never = status;
      throw new Error(`unknown transaction status ${String(unknown)}`);
    }
  }
}
