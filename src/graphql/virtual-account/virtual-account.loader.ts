import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { VirtualAccount } from '../../oms/schemas/index.js';
import { collect, type LoaderKit } from '../loaders.js';

export interface VirtualAccountsKey {
  customerId: string;
  status?: VirtualAccount['status'] | undefined;
}

export interface VirtualAccountLoaders {
  virtualAccount: DataLoader<string, VirtualAccount | null>;
  virtualAccountsOf: DataLoader<VirtualAccountsKey, VirtualAccount[], string>;
}

export function virtualAccountLoaders(oms: OmsClient, kit: LoaderKit): VirtualAccountLoaders {
  const virtualAccount = kit.listable('va_', (id) => oms.virtualAccounts.get(id));
  return {
    virtualAccount: virtualAccount.loader,
    virtualAccountsOf: kit.many(
      ({ customerId, status }: VirtualAccountsKey) => collect(oms.virtualAccounts.listAll(customerId, status ? { limit: 100, status } : { limit: 100 })),
      { cacheKeyFn: (key) => JSON.stringify([key.customerId, key.status]), lists: virtualAccount.listed },
    ),
  };
}
