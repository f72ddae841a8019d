import { EXTERNAL_ACCOUNT_ID, type ExternalAccount } from '../../oms/schemas/index.js';
import { defineResource, type ResolverClasses } from '../resource.js';
import { externalAccountLoaders } from './external-account.loader.js';
import { ExternalAccountResolver } from './external-account.resolver.js';
import { LegExternalAccountResolver } from './leg-external-account.resolver.js';
import { SellerExternalAccountsResolver } from './seller-external-accounts.resolver.js';

export const externalAccountResource = defineResource({
  resolvers: (): ResolverClasses => [ExternalAccountResolver, SellerExternalAccountsResolver, LegExternalAccountResolver],
  loaders: externalAccountLoaders,
  visibility: ({ owned }, loaders): { externalAccount(id: string): Promise<ExternalAccount | null> } => {
    const visible = owned((id) => loaders.externalAccount.load(id), ['customerId']);
    // Only the four external-account prefixes reach OMS: anything else names nothing.
    return { externalAccount: (id) => (EXTERNAL_ACCOUNT_ID.test(id) ? visible(id) : Promise.resolve(null)) };
  },
  nodes: ['pmCard_', 'cpUsBank_', 'cpIntlBank_', 'cpBcAddr_'].map((prefix) => ({ prefix, type: 'ExternalAccount', find: 'externalAccount' as const })),
});
