import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { DepositAddress } from '../../oms/schemas/index.js';
import { collect, type LoaderKit } from '../loaders.js';

export interface DepositAddressesKey {
  customerId: string;
  status?: DepositAddress['status'] | undefined;
}

export interface DepositAddressLoaders {
  depositAddress: DataLoader<string, DepositAddress | null>;
  depositAddressesOf: DataLoader<DepositAddressesKey, DepositAddress[], string>;
}

export function depositAddressLoaders(oms: OmsClient, kit: LoaderKit): DepositAddressLoaders {
  const depositAddress = kit.listable('da_', (id) => oms.depositAddresses.get(id));
  return {
    depositAddress: depositAddress.loader,
    depositAddressesOf: kit.many(
      ({ customerId, status }: DepositAddressesKey) => collect(oms.depositAddresses.listAll(customerId, status ? { limit: 100, status } : { limit: 100 })),
      { cacheKeyFn: (key) => JSON.stringify([key.customerId, key.status]), lists: depositAddress.listed },
    ),
  };
}
