import type { DashboardQuery, DashboardTransactionFragment, DashboardWalletFragment } from './generated/graphql.js';
import type { ActivityEvent } from './live.js';

export type Transaction = DashboardTransactionFragment;
export type Balance = DashboardWalletFragment['balance'];
export type Seller = NonNullable<DashboardQuery['viewer']['seller']>;

/**
 * What the page shows: the snapshot read when it opened (or re-read after a reconnect without a
 * cursor), with the activity events merged in. Events and snapshots may arrive in either order and
 * overlap (an event can be older than the snapshot beside it, a replay can repeat what a snapshot
 * already holds), so every merge keeps the newer of two versions of an object: a transaction's status
 * only moves forward (PROCESSING, then COMPLETED or FAILED), and a balance or transaction read later
 * wins over one read earlier. Pure functions, so the merge rules are tested without a browser.
 */
export interface DashboardState {
  /** The signed-in seller and what only the snapshot carries (deposit instructions, external accounts); null until read. */
  snapshot: DashboardQuery['viewer'] | null;
  /** Balances by wallet id: the snapshot's, updated by BALANCE events. */
  balances: Record<string, Balance>;
  /** Transactions by id: the snapshot's page, updated and extended by TRANSACTION events. */
  transactions: Record<string, Transaction>;
  /** The last activity cursor received: the stream resumes after it. */
  cursor: string | null;
}

export type DashboardAction =
  | { type: 'snapshot'; viewer: DashboardQuery['viewer'] }
  | { type: 'event'; event: ActivityEvent }
  | { type: 'transaction'; transaction: Transaction };

export const emptyState: DashboardState = { snapshot: null, balances: {}, transactions: {}, cursor: null };

export function reduce(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'snapshot': {
      const seller = action.viewer.seller;
      let { balances, transactions } = state;
      for (const wallet of seller?.wallets ?? []) balances = withBalance(balances, wallet.id, wallet.balance);
      for (const txn of seller?.transactions.nodes ?? []) transactions = withTransaction(transactions, txn);
      return { ...state, snapshot: action.viewer, balances, transactions };
    }
    case 'event': {
      const { event } = action;
      let { balances, transactions } = state;
      if (event.transaction) transactions = withTransaction(transactions, event.transaction);
      if (event.balance) balances = withBalance(balances, event.balance.wallet.id, event.balance.balance);
      return { ...state, balances, transactions, cursor: event.cursor };
    }
    case 'transaction':
      return { ...state, transactions: withTransaction(state.transactions, action.transaction) };
    default: {
      const never: never = action;
      throw new Error(`Unknown action ${JSON.stringify(never)}`);
    }
  }
}

/** How far along a status is: a transaction never goes back to a lower rank. */
const RANK: Record<Transaction['status'], number> = { PROCESSING: 0, CASH_PICKUP_READY: 1, COMPLETED: 2, FAILED: 2 };

/** Whether `next` is at least as new as `current`: a later status, or the same status read at the same time or later. */
export function isNewer(current: Transaction, next: Transaction): boolean {
  if (RANK[next.status] !== RANK[current.status]) return RANK[next.status] > RANK[current.status];
  return laterOrSame(current.updatedAt, next.updatedAt);
}

function withTransaction(all: Record<string, Transaction>, txn: Transaction): Record<string, Transaction> {
  const current = all[txn.id];
  if (current && !isNewer(current, txn)) return all;
  return { ...all, [txn.id]: txn };
}

function withBalance(all: Record<string, Balance>, walletId: string, balance: Balance): Record<string, Balance> {
  const current = all[walletId];
  if (current && !laterOrSame(current.updatedAt, balance.updatedAt)) return all;
  return { ...all, [walletId]: balance };
}

/**
 * Whether the time `next` is not before `current`. The gateway writes UTC ISO-8601 with milliseconds,
 * so the strings compare in time order; a missing time is no evidence either way and lets the newer arrival in.
 */
function laterOrSame(current: string | null, next: string | null): boolean {
  return current === null || next === null || next >= current;
}

/** The transactions newest first (by creation; ties by id, which OMS makes time-ordered). */
export function transactionsNewestFirst(state: DashboardState): Transaction[] {
  return Object.values(state.transactions).sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
}
