import type { DashboardExternalAccountFragment } from './generated/graphql.js';
import type { Transaction } from './state.js';

/** How a status is shown: a short label, its tone (the badge's colour), and why, in plain words, where there is a why. */
export interface StatusWords {
  label: string;
  tone: 'pending' | 'held' | 'done' | 'failed';
  reason: string | null;
}

/** What OMS's failure codes mean for the seller. */
const FAILURES: Record<string, string> = {
  bankRejected: 'The bank returned the transfer.',
  deliveryFailed: 'The network rejected the transfer; your wallet was not charged.',
  cashDepositFailed: 'The store could not settle the cash deposit.',
};

/**
 * A transaction's status for a seller. A seller token never sees a compliance hold itself (it reads
 * PROCESSING with no sub-status); a tenant's copy of this page would, and shows it as held.
 */
export function statusWords(txn: Transaction): StatusWords {
  switch (txn.status) {
    case 'PROCESSING':
      if (txn.subStatus === 'processing.underReview')
        return { label: 'Held', tone: 'held', reason: 'Held for a routine compliance review. Nothing to do unless we contact you.' };
      if (txn.subStatus === 'processing.fundsDetected') return { label: 'Processing', tone: 'pending', reason: 'Funds received; converting them now.' };
      return { label: 'Processing', tone: 'pending', reason: pendingReason(txn) };
    case 'CASH_PICKUP_READY':
      return { label: 'Ready for pickup', tone: 'pending', reason: 'The cash is ready to collect.' };
    case 'COMPLETED':
      return { label: 'Completed', tone: 'done', reason: null };
    case 'FAILED': {
      const why = (txn.error && FAILURES[txn.error.code]) ?? (txn.error ? `${txn.error.message}.`.replace(/\.\.$/, '.') : 'It did not go through.');
      const refund =
        txn.subStatus === 'failed.refunded'
          ? ' The money was returned.'
          : txn.subStatus === 'failed.refundFailed'
            ? ' Returning the money failed too: please contact support.'
            : '';
      return { label: 'Failed', tone: 'failed', reason: `${why}${refund}` };
    }
    default: {
      const never: never = txn.status;
      return { label: String(never), tone: 'pending', reason: null };
    }
  }
}

function pendingReason(txn: Transaction): string {
  if (txn.type === 'CRYPTO_TO_FIAT')
    return txn.estimatedArrival ? `On its way to your bank; expected by ${shortDate(txn.estimatedArrival)}.` : 'On its way to your bank.';
  if (txn.type === 'FIAT_TO_CRYPTO') return 'On its way to your wallet.';
  return 'On its way.';
}

/** What a transaction is, from the seller's side: the seller's own wallets tell incoming from outgoing. */
export function describe(txn: Transaction, ownWallets: ReadonlySet<string>): { title: string; incoming: boolean } {
  switch (txn.type) {
    case 'FIAT_TO_CRYPTO': {
      if (txn.source.network === 'CASH') return { title: 'Cash deposit', incoming: true };
      const rail = txn.rail === 'WIRE_IN' ? 'Wire deposit' : txn.rail === 'SWIFT_IN' ? 'International wire deposit' : 'Bank deposit';
      return { title: txn.virtualAccount?.label ? `${rail} · ${txn.virtualAccount.label}` : rail, incoming: true };
    }
    case 'CRYPTO_TO_FIAT':
      return { title: `Withdrawal to ${destinationName(txn.destination.externalAccount)}`, incoming: false };
    case 'CRYPTO_TO_CRYPTO': {
      if (txn.depositAddress) return { title: 'Crypto deposit', incoming: true };
      const fromOwn = txn.source.wallet !== null && ownWallets.has(txn.source.wallet.id);
      const toOwn = txn.destination.wallet !== null && ownWallets.has(txn.destination.wallet.id);
      if (fromOwn && toOwn) return { title: 'Transfer between your wallets', incoming: false };
      if (toOwn) return { title: 'Payment received', incoming: true };
      return { title: txn.destination.externalAccount ? `Sent to ${destinationName(txn.destination.externalAccount)}` : 'Sent', incoming: false };
    }
    default: {
      const never: never = txn.type;
      return { title: String(never), incoming: false };
    }
  }
}

/** "Chase ••4242", "Saved address 0x12ab…cdef", or a plain word when the account is not the seller's to see. */
export function destinationName(account: DashboardExternalAccountFragment | null): string {
  if (!account) return 'an external account';
  if (account.type === 'BLOCKCHAIN_ADDRESS') return `${account.label ?? 'address'} ${shortAddress(account.blockchainAddress ?? '')}`;
  const bank = account.bankName ?? (account.type === 'CARD' ? 'Card' : 'Bank account');
  return account.accountNumberLast4 ? `${bank} ••${account.accountNumberLast4}` : bank;
}

export function shortAddress(address: string): string {
  return address.length > 14 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address;
}

/** "Jan 15, 14:30" in the reader's time zone. */
export function shortDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A network's name as people say it. */
export function networkName(network: string): string {
  const names: Record<string, string> = { ACH: 'ACH', WIRE: 'wire', POLYGON: 'Polygon', ETHEREUM: 'Ethereum', US_BANK: 'US bank', CASH: 'cash' };
  return names[network] ?? network;
}
