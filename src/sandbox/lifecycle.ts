import type { SandboxDeps } from './context.js';
import { invalid } from './errors.js';
import { randomHex } from './ids.js';
import type { Ledger, TransactionRecord } from './store.js';

/**
 * The transaction state machine of contract decision 8. Status only moves forward:
 *   processing -> completed | failed;  a compliance hold keeps processing (subStatus
 *   processing.underReview) before it resolves; a failed fiat deposit or bank payout is then refunded
 *   or not (status stays failed, subStatus failed.refunded | failed.refundFailed).
 * Balances move here: credits land on completion; a debit taken at execution returns when a send
 * fails, and with the refund when a payout does.
 */

export const OUTCOMES = ['completed', 'failed', 'refundFailed', 'underReview', 'underReviewFailed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Amounts that force an outcome, for callers that cannot send the X-Sandbox-Outcome header (e.g. the
 * gateway's simulateDeposit). Keyed by the source gross in cents.
 */
export const MAGIC_AMOUNTS: Readonly<Record<string, Outcome>> = {
  '13.13': 'failed',
  '14.14': 'refundFailed',
  '77.77': 'underReview',
  '78.78': 'underReviewFailed',
};

/** The outcome asked for by header, else by magic amount, else success. */
export function chooseOutcome(header: string | undefined, sourceGross: string): Outcome {
  if (header !== undefined) {
    if (!(OUTCOMES as readonly string[]).includes(header)) {
      throw invalid('X-Sandbox-Outcome', `X-Sandbox-Outcome must be one of ${OUTCOMES.join(', ')}`);
    }
    return header as Outcome;
  }
  return MAGIC_AMOUNTS[sourceGross] ?? 'completed';
}

/** Called once the transaction reaches completed or failed, after balances moved. */
export type FinishHook = (record: TransactionRecord) => void;

export type Lifecycle = ReturnType<typeof createLifecycle>;

export function createLifecycle({ clock, options, scheduler, events }: SandboxDeps) {
  const name = (record: TransactionRecord, event: string) => `transaction.${record.view.type}.${event}`;

  function touch(record: TransactionRecord, changes: Partial<TransactionRecord['view']>) {
    Object.assign(record.view, changes, { updatedAt: clock.iso() });
  }

  function complete(ledger: Ledger, record: TransactionRecord, onFinish?: FinishHook) {
    for (const credit of record.credits) {
      const wallet = ledger.wallet(credit.walletId);
      wallet.available += credit.amount;
      wallet.view.updatedAt = clock.iso();
    }
    const crypto = record.view.destination.network === 'polygon' || record.view.destination.network === 'ethereum';
    touch(record, {
      status: 'completed',
      subStatus: null,
      completedAt: clock.iso(),
      destination: { ...record.view.destination, txHash: crypto ? `0x${randomHex(32)}` : null },
    });
    events.publish(ledger, name(record, 'completed'), record.view);
    onFinish?.(record);
  }

  function refundDebit(ledger: Ledger, record: TransactionRecord) {
    if (!record.debit) return;
    const wallet = ledger.wallet(record.debit.walletId);
    wallet.available += record.debit.amount;
    wallet.view.updatedAt = clock.iso();
  }

  function fail(ledger: Ledger, record: TransactionRecord, refund: boolean, onFinish?: FinishHook) {
    const { type } = record.view;
    // A crypto send fails before anything leaves: the debit goes back at once. A payout fails when the
    // bank returns it, and its crypto comes back with the refund that follows.
    if (type === 'cryptoToCrypto') refundDebit(ledger, record);
    const error =
      type === 'cryptoToCrypto'
        ? { code: 'deliveryFailed', message: 'The network rejected the transfer; the source wallet was not charged' }
        : type === 'cryptoToFiat'
          ? { code: 'bankRejected', message: 'The receiving bank returned the payout: account closed' }
          : record.view.source.network === 'cash'
            ? { code: 'cashDepositFailed', message: 'The retail provider could not settle the cash deposit' }
            : { code: 'bankRejected', message: 'ACH return received: insufficient funds' };
    touch(record, { status: 'failed', subStatus: `failed.${error.code}`, error });
    events.publish(ledger, name(record, 'failed'), record.view);
    onFinish?.(record);
    if (type === 'cryptoToCrypto') return;
    // Fiat goes back to whoever paid it in; a returned payout's crypto to the wallet it left.
    scheduler.after(options.followUpDelayMs, () => {
      if (refund && type === 'cryptoToFiat') refundDebit(ledger, record);
      touch(record, { subStatus: refund ? 'failed.refunded' : 'failed.refundFailed' });
      events.publish(ledger, name(record, refund ? 'refundCompleted' : 'refundFailed'), record.view);
    });
  }

  function resolve(ledger: Ledger, record: TransactionRecord, success: boolean, refund: boolean, onFinish?: FinishHook) {
    if (success) complete(ledger, record, onFinish);
    else fail(ledger, record, refund, onFinish);
  }

  return {
    /**
     * Records a new transaction in processing, announces it, and schedules its outcome. The caller
     * has already taken any debit; `record.credits` are applied only on completion.
     */
    start(ledger: Ledger, record: TransactionRecord, outcome: Outcome, onFinish?: FinishHook): void {
      ledger.transactions.set(record.view.id, record);
      const listed = record.view.type !== 'cryptoToCrypto' || options.emitUnlistedEvents;
      if (listed) events.publish(ledger, name(record, 'processing'), record.view);
      const delay = options.completionDelayMs;
      switch (outcome) {
        case 'completed':
        case 'failed':
        case 'refundFailed':
          scheduler.after(delay, () => resolve(ledger, record, outcome === 'completed', outcome === 'failed', onFinish));
          return;
        case 'underReview':
        case 'underReviewFailed':
          scheduler.after(0, () => {
            touch(record, { subStatus: 'processing.underReview' });
            events.publish(ledger, name(record, 'underReview'), record.view);
            scheduler.after(delay + options.followUpDelayMs, () => resolve(ledger, record, outcome === 'underReview', true, onFinish));
          });
          return;
        default: {
          const unreachable: never = outcome;
          throw new Error(`unknown outcome ${String(unreachable)}`);
        }
      }
    },
  };
}
