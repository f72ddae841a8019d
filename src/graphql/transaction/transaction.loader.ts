import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { Page, Transaction, TransactionStatus, TransactionType } from '../../oms/schemas/index.js';
import type { LoaderKit } from '../loaders.js';

export interface TransactionPageKey {
  customerId: string;
  limit: number;
  startingAfter?: string | undefined;
  endingBefore?: string | undefined;
  type?: TransactionType | undefined;
  status?: TransactionStatus | undefined;
}

export interface TransactionLoaders {
  transaction: DataLoader<string, Transaction | null>;
  transactionPage: DataLoader<TransactionPageKey, Page<Transaction>, string>;
}

export function transactionLoaders(oms: OmsClient, kit: LoaderKit): TransactionLoaders {
  const transaction = kit.listable('txn_', (id) => oms.transactions.get(id));
  return {
    transaction: transaction.loader,
    transactionPage: kit.many(({ customerId, ...params }: TransactionPageKey) => oms.transactions.listForCustomer(customerId, params), {
      cacheKeyFn: (key) => JSON.stringify([key.customerId, key.limit, key.startingAfter, key.endingBefore, key.type, key.status]),
      lists: (page) => transaction.listed(page.then((p) => p.data)),
    }),
  };
}
