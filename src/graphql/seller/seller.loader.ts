import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { Customer } from '../../oms/schemas/index.js';
import type { LoaderKit } from '../loaders.js';

export interface SellerLoaders {
  customer: DataLoader<string, Customer | null>;
  /** A customer asked of OMS afresh, for an ownership check alone (see visibility.ts): never cached (not even by the read cache) nor shared. */
  customerLookup: (id: string) => Promise<Customer | null>;
}

export function sellerLoaders(oms: OmsClient, kit: LoaderKit): SellerLoaders {
  return { customer: kit.byId('cst_', (id) => oms.customers.get(id)), customerLookup: kit.uncached((id) => oms.customers.get(id, { fresh: true })) };
}
