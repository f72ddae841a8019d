import { OmsError, type OmsClient } from '../oms/index.js';
import type { Transaction, Wallet, WalletBalance } from '../oms/schemas/index.js';

/** OMS could not give a wallet's balance right now: the event must come again, so the balance is not lost. */
export class BalanceLookupFailed extends Error {
  override readonly name = 'BalanceLookupFailed';
}

export interface BalanceRead {
  wallet: Wallet;
  balance: WalletBalance;
}

/**
 * The wallets whose balance an event moved: both legs' wallets when a transaction completes, fails or
 * is refunded (a failed send puts the money back; a deposit's refund returns fiat, and says so).
 */
export function walletsMovedBy(event: string, txn: Transaction): string[] {
  const settled = txn.status === 'completed' || txn.status === 'failed' || event.endsWith('.refundCompleted');
  if (!settled) return [];
  return [...new Set([txn.source.walletId, txn.destination.walletId].filter((id): id is string => Boolean(id)))];
}

/** The wallet (for its owner) and its balance now; null for a wallet OMS does not know (nobody's). */
export async function readBalance(client: OmsClient, walletId: string): Promise<BalanceRead | null> {
  try {
    const [wallet, balance] = await Promise.all([client.wallets.get(walletId), client.wallets.balance(walletId)]);
    return { wallet, balance };
  } catch (error) {
    if (error instanceof OmsError && error.status === 404) return null;
    throw new BalanceLookupFailed(`could not read the balance of wallet ${walletId}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
