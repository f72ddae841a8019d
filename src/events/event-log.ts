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
 * Asked by a subscription each time it has yielded everything it had (its replay read, no live event
 * waiting), with its position: the cursor of the last event it yielded, or where it started. Answering
 * true ends the subscription there, at once, listening no more: the caller has taken over from that
 * position and must itself see every event after it (e.g. through a subscription of its own that
 * started at or before it). False: the subscription goes on, and asks again when next idle.
 */
export type HandOver = (position: string) => boolean;

/**
 * What makes accepting an event safe to repeat, and keeps each object's events in order. `eventId`
 * is unique per logged event (OMS's webhook event id, suffixed where one webhook makes several
 * events): a second event with the same id is a duplicate (OMS delivers at least once, retries and
 * concurrent copies included). `objectId` names whose events are ordered (a transaction, a cash-in,
 * a wallet's balance, a seller), and the guard carries that kind's own rule (see OrderRule).
 */
export type AcceptGuard = {
  eventId: string;
  objectId: string;
  /**
   * OMS's per-object `sequence`, when the event has one. Compared only with the object's sequences,
   * never with a step or a position: a sequence already taken is a duplicate (another delivery of the
   * same change under another event id), one below the highest taken is stale.
   */
  sequence?: number | undefined;
} & OrderRule;

/** How one kind orders its object's events, whether or not they carry a sequence. */
export type OrderRule =
  /**
   * A lifecycle (a transaction's): `step` is where the event takes the object, `after` the steps it
   * may follow (the object's first event may be any step). It holds with sequences too (status never
   * moves backwards); the same step again is a duplicate unless a higher sequence says it is news.
   */
  | { step: string; after: readonly string[] }
  /**
   * A position (a cash-in's status rank, a balance's updatedAt, a seller event's time): below the
   * object's last position is stale, the same is taken. It orders only what sequences do not: when
   * the event and the object both have one, the sequence alone decides.
   */
  | { position: number };

/** Why an event was refused as stale: behind a higher sequence, a step the lifecycle does not allow after the object's, or behind its position. */
export type StaleReason = 'sequence' | 'lifecycle' | 'position';

export type AcceptResult = { outcome: 'appended'; cursor: string } | { outcome: 'duplicate' } | { outcome: 'stale'; reason: StaleReason };

/** The readers that bring a shared log's new entries to this instance. */
export interface ReaderStatus {
  /** The log was closed: it reads nothing more. */
  closed: boolean;
  /** Tenants with a reader on this instance (one per tenant with subscribers here). */
  readers: number;
  /** Of those, readers whose connection is not ready now (reconnecting: their read waits for Redis). */
  disconnected: number;
  /** Of those, readers whose last read failed with an error that outlived the reconnects (and retry with a growing wait). */
  failing: number;
  /** Entries handed to this instance's subscribers since start, and how long after their append each was, summed (ms). */
  delivered: number;
  lagMsTotal: number;
}

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
   * subscriptions per tenant, an event wakes only those that want it. `sellerIds` is what the
   * subscription is limited to (none: the whole tenant): the log indexes subscriptions by it and
   * asks `wants` only about events naming one of them, so `wants` must refuse every other event.
   * `handOver` lets a caller take the subscription over once it is live and idle (see HandOver).
   */
  subscribe(
    tenantId: string,
    after: string | undefined,
    signal: AbortSignal,
    wants?: EventFilter,
    sellerIds?: readonly string[],
    handOver?: HandOver,
  ): AsyncIterable<LoggedEvent>;
  /** Whether `cursor` is a cursor this log could have issued. */
  isCursor(cursor: string): boolean;
  /**
   * The cursor of the tenant's newest event now ("0-0" when it has none), asked as a subscription
   * without `after` asks it: one that starts there gets exactly the events logged after this call.
   * Optional: whoever needs it without a subscription (the fan-out joining a group) falls back to one.
   */
  end?(tenantId: string): Promise<string>;
  /** What the log's readers are doing now (readiness and metrics, src/ops); absent where there are none to watch (memory). */
  status?(): ReaderStatus;
  /** Events refused because their object had already moved past them, per tenant, for one reason or all (observability). */
  staleCount(tenantId: string, reason?: StaleReason): Promise<number>;
  close(): Promise<void>;
}
