import type { DepositAddress } from '../../oms/schemas/index.js';
import { defineResource, type ResolverClasses } from '../resource.js';
import { depositAddressLoaders } from './deposit-address.loader.js';
import { DepositAddressMutations } from './deposit-address.mutations.js';
import { DepositAddressResolver } from './deposit-address.resolver.js';
import { SellerDepositAddressesResolver } from './seller-deposit-addresses.resolver.js';
import { SimulateCryptoDepositResolver } from './simulate-crypto-deposit.resolver.js';
import { TransactionDepositAddressResolver } from './transaction-deposit-address.resolver.js';

export const depositAddressResource = defineResource({
  resolvers: (): ResolverClasses => [
    DepositAddressResolver,
    DepositAddressMutations,
    SimulateCryptoDepositResolver,
    SellerDepositAddressesResolver,
    TransactionDepositAddressResolver,
  ],
  loaders: depositAddressLoaders,
  visibility: ({ owned }, loaders): { depositAddress(id: string): Promise<DepositAddress | null> } => ({
    depositAddress: owned((id) => loaders.depositAddress.load(id), ['customerId']),
  }),
  nodes: [{ prefix: 'da_', type: 'DepositAddress', find: 'depositAddress' }],
});
