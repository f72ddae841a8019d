import type { Wallet } from '../../oms/schemas/index.js';
import { defineResource, type ResolverClasses } from '../resource.js';
import { walletLoaders } from './wallet.loader.js';
import { SellerWalletsResolver } from './seller-wallets.resolver.js';
import { WalletResolver } from './wallet.resolver.js';

export const walletResource = defineResource({
  resolvers: (): ResolverClasses => [WalletResolver, SellerWalletsResolver],
  loaders: walletLoaders,
  visibility: ({ owned }, loaders): { wallet(id: string): Promise<Wallet | null> } => ({
    wallet: owned((id) => loaders.wallet.load(id), ['customerId']),
  }),
  nodes: [{ prefix: 'wlt_', type: 'Wallet', find: 'wallet' }],
});
