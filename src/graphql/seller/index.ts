import type { Customer } from '../../oms/schemas/index.js';
import { defineResource, type ResolverClasses } from '../resource.js';
import { sellerLoaders } from './seller.loader.js';
import { SellerResolver } from './seller.resolver.js';
import { SellerUpdateResolver } from './seller-update.resolver.js';

export const sellerResource = defineResource({
  resolvers: (): ResolverClasses => [SellerResolver, SellerUpdateResolver],
  loaders: sellerLoaders,
  visibility: ({ seller }): { seller(id: string): Promise<Customer | null> } => ({ seller }),
  nodes: [{ prefix: 'cst_', type: 'Seller', find: 'seller' }],
});
