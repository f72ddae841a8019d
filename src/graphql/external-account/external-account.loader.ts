import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { ExternalAccount } from '../../oms/schemas/index.js';
import { collect, type LoaderKit } from '../loaders.js';

export interface ExternalAccountLoaders {
  /** Any id: the four kinds share no prefix, so the id is checked where it comes in (the visibility). */
  externalAccount: DataLoader<string, ExternalAccount | null>;
  /** Key: the customer id. */
  externalAccountsOf: DataLoader<string, ExternalAccount[]>;
}

export function externalAccountLoaders(oms: OmsClient, kit: LoaderKit): ExternalAccountLoaders {
  const externalAccount = kit.listable('', (id) => oms.externalAccounts.get(id));
  return {
    externalAccount: externalAccount.loader,
    externalAccountsOf: kit.many((customerId: string) => collect(oms.externalAccounts.listAll(customerId, { limit: 100 })), { lists: externalAccount.listed }),
  };
}
