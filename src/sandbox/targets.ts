import type { z } from 'zod';
import type { walletTargetRequest } from '../oms/schemas/index.js';
import { SandboxError, invalid, unprocessable } from './errors.js';
import type { Ledger } from './store.js';

type TargetRequest = z.output<typeof walletTargetRequest>;

/** Where a payment lands: its wire form, and the OMS wallet to credit when there is one. */
export interface ResolvedTarget {
  wire: { wallet: string } | { blockchainAddress: string } | { externalAccount: string };
  creditWalletId: string | null;
  externalAccountType: 'usBank' | 'intlBank' | 'card' | 'blockchainAddress' | null;
}

/**
 * Checks a destination against the ledger: the wallet or external account exists in this account,
 * belongs to the customer (wallets of other customers are allowed only when `anyOwner`), and holds the
 * asset and network asked for.
 */
export function resolveTarget(
  ledger: Ledger,
  customerId: string,
  target: TargetRequest,
  asset: string,
  network: string,
  param: string,
  anyOwner = false,
): ResolvedTarget {
  const walletId = target.wallet ?? target.id;
  if (walletId) {
    const key = target.wallet ? 'wallet' : 'id';
    const wallet = ledger.wallet(walletId, `${param}.${key}`).view;
    if (!anyOwner && wallet.customerId !== customerId) {
      throw invalid(`${param}.${key}`, `wallet ${walletId} belongs to another customer`);
    }
    if (wallet.asset !== asset || wallet.chain !== network) {
      throw unprocessable(
        'unsupported_asset_network',
        `wallet ${walletId} holds ${wallet.asset} on ${wallet.chain}, not ${asset} on ${network}`,
        `${param}.${key}`,
      );
    }
    return { wire: { wallet: walletId }, creditWalletId: walletId, externalAccountType: null };
  }
  if (target.blockchainAddress) {
    if (asset === 'usd') throw unprocessable('unsupported_asset_network', 'a blockchain address cannot receive usd', `${param}.blockchainAddress`);
    return { wire: { blockchainAddress: target.blockchainAddress }, creditWalletId: null, externalAccountType: null };
  }
  const id = target.externalAccount!;
  const account = ledger.externalAccount(id, `${param}.externalAccount`);
  if (account.customerId !== customerId) throw invalid(`${param}.externalAccount`, `external account ${id} belongs to another customer`);
  if (account.status !== 'verified') {
    throw new SandboxError(422, 'invalid_request', `external account ${id} is ${account.status}, not verified`, `${param}.externalAccount`);
  }
  const fiat = account.type === 'usBank' || account.type === 'intlBank';
  if (fiat !== (asset === 'usd')) {
    throw unprocessable('unsupported_asset_network', `external account ${id} (${account.type}) cannot receive ${asset}`, `${param}.externalAccount`);
  }
  // A US bank takes ACH or wire, an international bank wire, an address only its own chain.
  const rails = account.type === 'usBank' ? ['ach', 'wire'] : account.type === 'intlBank' ? ['wire'] : [account.network];
  if (!rails.includes(network)) {
    throw unprocessable(
      'unsupported_asset_network',
      `external account ${id} (${account.type}) cannot receive over ${network}; it takes ${rails.join(' or ')}`,
      param.replace(/wallet$/, 'network'),
    );
  }
  return { wire: { externalAccount: id }, creditWalletId: null, externalAccountType: account.type };
}

/** A developer fee's wallet must exist in this account (it is usually the platform's own). */
export function checkFeeWallets(ledger: Ledger, fees: { wallet?: string | undefined }[] | undefined, param: string): void {
  fees?.forEach((fee, i) => {
    if (fee.wallet) ledger.wallet(fee.wallet, `${param}.${i}.wallet`);
  });
}
