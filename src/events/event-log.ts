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

/**
 * The per-tenant event log every gateway instance shares: appended to once per accepted webhook,
 * read by subscriptions. `subscribe` replays what came after `after`, then continues live, with no
 * gap and no repeat at the seam. Implementations: memory (one process) and Redis Streams.
 */
export interface EventLog {
  append(event: NewTransactionEvent): Promise<string>;
  subscribe(tenantId: string, after: string | undefined, signal: AbortSignal): AsyncIterable<TransactionEvent>;
  /** Whether `cursor` is a cursor this log could have issued. */
  isCursor(cursor: string): boolean;
  close(): Promise<void>;
}
