import type { WalletBalance as OmsWalletBalance } from '../../oms/schemas/index.js';
import type { WalletBalance } from './wallet.type.js';

/** OMS's balance as the API shows it. */
export function toBalance(balance: OmsWalletBalance): WalletBalance {
  return { asset: balance.asset, available: balance.balance, pending: balance.pendingBalance, updatedAt: balance.updatedAt ?? null };
}
