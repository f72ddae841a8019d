import type { CashIn, Customer, Transaction, Wallet, WalletBalance } from '../oms/schemas/index.js';

/** What every logged event carries: where it is in the tenant's log, what OMS called it, and whose it is. */
interface EventBase {
  /** Position in the tenant's log: opaque, increasing, shared by every kind; a subscriber resumes after it. */
  cursor: string;
  /** The OMS event name, e.g. "transaction.fiatToCrypto.completed", or "wallet.balanceChanged" for a balance the gateway read. */
  event: string;
  occurredAt: string;
  tenantId: string;
  /** The tenant's customers this event belongs to: sellers (sender, and recipient of a send), or the tenant's treasury. */
  sellerIds: string[];
}

/** A status change of a transaction, as accepted from an OMS webhook and routed to its tenant. */
export interface TransactionEvent extends EventBase {
  kind: 'transaction';
  virtualAccountId: string | null;
  depositAddressId?: string | null;
  /** Compliance events (underReview) go to tenant tokens only. */
  compliance: boolean;
  transaction: Transaction;
}

/** A wallet's balance, read once by the gateway after an event that moved it (not once per subscriber). */
export interface BalanceEvent extends EventBase {
  kind: 'balance';
  walletId: string;
  /** The wallet as read with its balance: subscribers resolve it without reading it again. */
  wallet: Wallet;
  balance: WalletBalance;
  /** The transaction that moved it, when one did (null for wallet.depositDetected). */
  transactionId: string | null;
}

/** A cash-in's status change (cashIn.*). */
export interface CashInEvent extends EventBase {
  kind: 'cashIn';
  cashIn: CashIn;
}

/** A change of a seller: endorsements and KYC (customer.endorsement.*). */
export interface SellerEvent extends EventBase {
  kind: 'seller';
  customer: Customer;
}

export type LoggedEvent = TransactionEvent | BalanceEvent | CashInEvent | SellerEvent;
export type EventKind = LoggedEvent['kind'];

type WithoutCursor<E> = E extends LoggedEvent ? Omit<E, 'cursor'> : never;
export type NewEvent = WithoutCursor<LoggedEvent>;
export type NewTransactionEvent = Omit<TransactionEvent, 'cursor'>;

export type EventFilter = (event: LoggedEvent) => boolean;

/**
 * What makes accepting an event safe to repeat. `eventId` is unique per logged event (OMS's webhook
 * event id, suffixed where one webhook makes several events): a second event with the same id is a
 * duplicate (OMS delivers at least once, retries and concurrent copies included). `position` orders
 * one object's events (`objectId`: a transaction, a cash-in, a wallet's balance, a seller; OMS's
 * per-object `sequence`, else the status rank or the time read): an event below the object's last
 * accepted position would move it backwards, so it is recorded as stale and not appended.
 */
export interface AcceptGuard {
  eventId: string;
  objectId: string;
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
  accept(event: NewEvent, guard: AcceptGuard): Promise<AcceptResult>;
  /**
   * `wants` is the subscriber's own filter, applied where events arrive: with thousands of
   * subscriptions per tenant, an event wakes only those that want it.
   */
  subscribe(tenantId: string, after: string | undefined, signal: AbortSignal, wants?: EventFilter): AsyncIterable<LoggedEvent>;
  /** Whether `cursor` is a cursor this log could have issued. */
  isCursor(cursor: string): boolean;
  /** Events accepted whose object had already moved past them, per tenant (observability). */
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
