import type { VirtualAccount } from '../../oms/schemas/index.js';
import { defineResource, type ResolverClasses } from '../resource.js';
import { SellerVirtualAccountsResolver } from './seller-virtual-accounts.resolver.js';
import { virtualAccountLoaders } from './virtual-account.loader.js';
import { FeeEntryResolver, PaymentTargetResolver, VirtualAccountResolver } from './virtual-account.resolver.js';

export const virtualAccountResource = defineResource({
  resolvers: (): ResolverClasses => [VirtualAccountResolver, PaymentTargetResolver, FeeEntryResolver, SellerVirtualAccountsResolver],
  loaders: virtualAccountLoaders,
  visibility: ({ owned }, loaders): { virtualAccount(id: string): Promise<VirtualAccount | null> } => ({
    virtualAccount: owned((id) => loaders.virtualAccount.load(id), ['customerId']),
  }),
  nodes: [{ prefix: 'va_', type: 'VirtualAccount', find: 'virtualAccount' }],
});
