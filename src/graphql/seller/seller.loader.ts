import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { Customer } from '../../oms/schemas/index.js';
import type { LoaderKit } from '../loaders.js';

export interface SellerLoaders {
  customer: DataLoader<string, Customer | null>;
}

export function sellerLoaders(oms: OmsClient, kit: LoaderKit): SellerLoaders {
  return { customer: kit.byId('cst_', (id) => oms.customers.get(id)) };
}
