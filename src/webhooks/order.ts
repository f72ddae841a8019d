import type { AcceptGuard } from '../events/event-log.js';
import { lifecycle } from '../events/order.js';
import type { CashIn, Transaction, Wallet, WalletBalance, WebhookEvent } from '../oms/schemas/index.js';

/**
 * How each kind of OMS event is ordered per object, as the guard the event log applies: a
 * transaction by its lifecycle, the others by a position; each with OMS's `sequence` when the
 * event has one (compared only with sequences).
 */

/**
 * The transaction lifecycle (contract decision 8), as what may directly follow each step:
 * processing, its compliance hold (processing.underReview) and cash pickup, then one terminal
 * status; a failure may then be refunded or not (status stays failed).
 */
const TRANSACTION_LIFECYCLE = {
  processing: ['underReview', 'cashPickupReady', 'completed', 'failed'],
  underReview: ['cashPickupReady', 'completed', 'failed'],
  cashPickupReady: ['completed', 'failed'],
  completed: [],
  failed: ['refundCompleted', 'refundFailed'],
  refundCompleted: [],
  refundFailed: [],
} as const;
export type TransactionStep = keyof typeof TRANSACTION_LIFECYCLE;
/** A transaction step's order rule: the steps it may follow. */
export const transactionOrder = lifecycle<TransactionStep>(TRANSACTION_LIFECYCLE);

/** Where an event takes its transaction: named by the event, else (a name outside the lifecycle) by the transaction it carries. */
export function transactionStep(event: string, txn: Transaction): TransactionStep {
  const named = event.slice(event.lastIndexOf('.') + 1);
  if (Object.hasOwn(TRANSACTION_LIFECYCLE, named)) return named as TransactionStep;
  if (txn.subStatus === 'processing.underReview') return 'underReview';
  if (txn.subStatus === 'failed.refunded') return 'refundCompleted';
  if (txn.subStatus === 'failed.refundFailed') return 'refundFailed';
  return txn.status;
}

export function transactionGuard(envelope: WebhookEvent, txn: Transaction): AcceptGuard {
  return { eventId: envelope.id, objectId: txn.id, sequence: envelope.sequence, ...transactionOrder(transactionStep(envelope.event, txn)) };
}

/**
 * A cash-in's status by rank: no lifecycle, since a refreshed code goes from expired back to
 * pending (OMS's sequence orders that; without one, a status may not fall back).
 */
const CASH_IN_RANK = { pending: 1, processing: 2, completed: 3, failed: 3, expired: 3 } as const satisfies Record<CashIn['status'], number>;

export function cashInGuard(envelope: WebhookEvent, cashIn: CashIn): AcceptGuard {
  return { eventId: envelope.id, objectId: cashIn.id, sequence: envelope.sequence, position: CASH_IN_RANK[cashIn.status] };
}

/** A seller's endorsement events by the time OMS made them. */
export function sellerGuard(envelope: WebhookEvent, customerId: string): AcceptGuard {
  return { eventId: envelope.id, objectId: `seller:${customerId}`, sequence: envelope.sequence, position: Date.parse(envelope.createdAt) };
}

/**
 * A wallet's balance by the time it was read as of (its updatedAt): an earlier read arriving last is
 * stale. One balance is one event, whichever events read it (a failure and its refund may leave it
 * as it was), so its id is the balance itself.
 */
export function balanceGuard(wallet: Wallet, balance: WalletBalance, readAt: string): AcceptGuard {
  const asOf = balance.updatedAt ?? readAt;
  return {
    eventId: `balance:${wallet.id}:${asOf}:${balance.balance}:${balance.pendingBalance}`,
    objectId: `balance:${wallet.id}`,
    position: Date.parse(asOf),
  };
}
