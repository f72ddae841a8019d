import { defineResource, type ResolverClasses } from '../resource.js';
import { treasuryLoaders } from './treasury.loader.js';
import { TreasuryResolver, WalletTreasuryResolver } from './treasury.resolver.js';

/** The tenant's treasury: its wallets are found through the wallet resource's checks (the tenant key's alone). */
export const treasuryResource = defineResource({
  resolvers: (): ResolverClasses => [TreasuryResolver, WalletTreasuryResolver],
  loaders: treasuryLoaders,
});
