import DataLoader from 'dataloader';
import type { LoaderFactory } from '../src/graphql/context.js';
import { orAbsent, type TransactionPageKey } from '../src/graphql/loaders.js';
import type { VirtualAccount } from '../src/oms/schemas/index.js';

/**
 * The benchmark's baseline: the textbook resolver path, where every load is its own OMS call, nothing
 * batched, nothing cached, nothing primed from lists. Same shape as the gateway's loaders, so the same
 * resolvers run on it.
 */

const plain = { batch: false, cache: false } as const;
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

const one = <T>(fetch: (id: string) => Promise<T>) =>
  new DataLoader<string, T | null>(async ([id]) => [await orAbsent(() => fetch(id!)).catch(asError)], plain);

const many = <K, T>(fetch: (key: K) => Promise<T>) => new DataLoader<K, T, string>(async ([key]) => [await fetch(key!).catch(asError)], plain);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

export const naiveLoaders: LoaderFactory = (oms) => ({
  customer: one((id) => oms.customers.get(id)),
  wallet: one((id) => oms.wallets.get(id)),
  walletsOf: many((customerId: string) => collect(oms.wallets.listAll(customerId, { limit: 100 }))),
  balance: one((id) => oms.wallets.balance(id)),
  virtualAccount: one((id) => oms.virtualAccounts.get(id)),
  virtualAccountsOf: many((key: string) => {
    const [customerId, status] = key.split(':') as [string, string];
    return collect(oms.virtualAccounts.listAll(customerId, status ? { limit: 100, status: status as VirtualAccount['status'] } : { limit: 100 }));
  }),
  transaction: one((id) => oms.transactions.get(id)),
  transactionPage: many(({ customerId, ...params }: TransactionPageKey) => oms.transactions.listForCustomer(customerId, params)),
  quote: one((id) => oms.quotes.get(id)),
});
