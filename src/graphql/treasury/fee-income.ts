import { ErrorCode, GatewayError } from '../../errors.js';
import { formatUnits, parseUnits } from '../../money.js';
import type { Transaction, Wallet } from '../../oms/schemas/index.js';
import { type Connection, toConnection } from '../common/connection.js';
import type { GatewayContext } from '../context.js';

/**
 * Fee income: the developer fees credited to the treasury's wallets, newest first.
 *
 * Where it is read from: OMS has no ledger of wallet credits and cannot filter transactions by a
 * wallet that only receives a fee; but every transaction lists its developer fees, each with the
 * wallet it is paid into, and credits them when it completes. So fee income is the completed
 * transactions of the OMS account (GET /transactions?status=completed, newest first, as OMS orders
 * them), keeping the fee lines that name a treasury wallet. Listing per seller or per virtual account
 * would cost a call for each of them; a ledger kept by the gateway from webhooks would miss fees
 * earned before it ran or while a delivery was lost. The cost is the scan of an account several
 * tenants may share, bounded per request like `sellers`: past MAX_PAGES the page ends early with
 * hasNextPage and a cursor where the scan stopped.
 *
 * One credit is one transaction's fees to one treasury wallet (its lines to that wallet added up,
 * exactly). Its cursor names both, so a transaction paying two treasury wallets can be split across
 * pages: the id behind the signed cursor is "fc_" + hex("<txn id> <wallet id>").
 */

const MAX_PAGES = 20;
/** Fee lines are decimal strings of at most 6 places (USDC, USDT; USD has 2). */
const SCALE = 6;

export interface FeeCreditItem {
  /** What the cursor names (see above). */
  id: string;
  transaction: Transaction;
  wallet: Wallet;
  amount: string;
  occurredAt: string;
}

interface Position {
  transactionId: string;
  /** Absent: past the whole transaction. */
  walletId?: string | undefined;
}

const keyOf = ({ transactionId, walletId }: Position): string => `fc_${Buffer.from(walletId ? `${transactionId} ${walletId}` : transactionId).toString('hex')}`;

function positionOf(key: string): Position {
  const [transactionId, walletId, ...rest] = Buffer.from(key.slice(3), 'hex').toString('utf8').split(' ');
  if (!key.startsWith('fc_') || !transactionId?.startsWith('txn_') || rest.length > 0) {
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, '`after` is not a cursor of this connection');
  }
  return { transactionId, walletId };
}

/** One transaction's credits to the treasury's wallets, by wallet id. */
function creditsOf(transaction: Transaction, treasury: ReadonlyMap<string, Wallet>): FeeCreditItem[] {
  const owed = new Map<string, bigint>();
  for (const line of transaction.developerFees) {
    if (line.wallet && treasury.has(line.wallet)) owed.set(line.wallet, (owed.get(line.wallet) ?? 0n) + parseUnits(line.amount, SCALE));
  }
  return [...owed]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([walletId, units]) => ({
      id: keyOf({ transactionId: transaction.id, walletId }),
      transaction,
      wallet: treasury.get(walletId)!,
      amount: formatUnits(units, SCALE, 2),
      occurredAt: transaction.completedAt ?? transaction.updatedAt ?? transaction.createdAt,
    }));
}

/**
 * A page of fee credits to `wallets` after the position `after` (the id a signed cursor named).
 * A transaction the caller may not see is skipped, though a treasury wallet can only be named by its
 * own tenant's fees: FeeCredit.transaction must never show another tenant's transaction.
 */
export async function feeIncome(ctx: GatewayContext, wallets: readonly Wallet[], first: number, after: string | undefined): Promise<Connection<FeeCreditItem>> {
  const position = after === undefined ? undefined : positionOf(after);
  const treasury = new Map(wallets.map((wallet) => [wallet.id, wallet]));
  const kept: FeeCreditItem[] = [];
  const keep = async (transaction: Transaction, from?: string): Promise<boolean> => {
    const credits = creditsOf(transaction, treasury).filter((credit) => from === undefined || credit.wallet.id > from);
    if (credits.length === 0) return false;
    ctx.loaders.transaction.prime(transaction.id, transaction);
    if (!(await ctx.visible.transaction(transaction.id))) return false;
    for (const credit of credits) {
      if (kept.length === first) return true;
      kept.push(credit);
    }
    return false;
  };
  if (treasury.size === 0) return toConnection(ctx.cursors, kept, false);
  // Resuming inside a transaction: its credits to wallets after the cursor's come first.
  if (position?.walletId) {
    const transaction = await ctx.loaders.transaction.load(position.transactionId);
    if (transaction && (await keep(transaction, position.walletId))) return toConnection(ctx.cursors, kept, true);
  }
  let startingAfter = position?.transactionId;
  for (let pages = 0; pages < MAX_PAGES; pages += 1) {
    const page = await ctx.oms.transactions.list({ status: 'completed', limit: 100, ...(startingAfter ? { startingAfter } : {}) });
    for (const transaction of page.data) if (await keep(transaction)) return toConnection(ctx.cursors, kept, true);
    startingAfter = page.data[page.data.length - 1]?.id;
    if (!page.hasMore || !startingAfter) return toConnection(ctx.cursors, kept, false);
  }
  // Only a page with more after it gets here, so the scan stopped at a transaction.
  return toConnection(ctx.cursors, kept, { hasNextPage: true, endId: keyOf({ transactionId: startingAfter! }) });
}
