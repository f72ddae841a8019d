import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { Wallet, WalletBalance } from '../../oms/schemas/index.js';
import { collect, type LoaderKit } from '../loaders.js';

export interface WalletLoaders {
  wallet: DataLoader<string, Wallet | null>;
  /** Key: the customer id. */
  walletsOf: DataLoader<string, Wallet[]>;
  balance: DataLoader<string, WalletBalance | null>;
}

export function walletLoaders(oms: OmsClient, kit: LoaderKit): WalletLoaders {
  const wallet = kit.listable('wlt_', (id) => oms.wallets.get(id));
  return {
    wallet: wallet.loader,
    walletsOf: kit.many((customerId: string) => collect(oms.wallets.listAll(customerId, { limit: 100 })), { lists: wallet.listed }),
    balance: kit.byId('wlt_', (id) => oms.wallets.balance(id)),
  };
}
