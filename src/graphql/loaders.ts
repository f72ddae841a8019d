import DataLoader from 'dataloader';
import { OmsError, type OmsClient } from '../oms/index.js';
import type { Customer, Page, Quote, Transaction, TransactionStatus, TransactionType, VirtualAccount, Wallet, WalletBalance } from '../oms/schemas/index.js';
import { createLimiter, type Limiter } from './limiter.js';

/**
 * Per-request loaders over the OMS client. OMS has no batch endpoints, so a "batch" is the keys one
 * tick asked for, fetched in parallel (at most `concurrency` at once) and each at most once per
 * request. A missing object is a null value, another failure an Error value for that key alone.
 * Lists prime the by-id loaders, so an object listed once is never fetched again.
 */
export interface Loaders {
  customer: DataLoader<string, Customer | null>;
  wallet: DataLoader<string, Wallet | null>;
  walletsOf: DataLoader<string, Wallet[]>;
  balance: DataLoader<string, WalletBalance | null>;
  virtualAccount: DataLoader<string, VirtualAccount | null>;
  /** Key: `${customerId}:${status ?? ''}`. */
  virtualAccountsOf: DataLoader<string, VirtualAccount[]>;
  transaction: DataLoader<string, Transaction | null>;
  transactionPage: DataLoader<TransactionPageKey, Page<Transaction>, string>;
  quote: DataLoader<string, Quote | null>;
}

export interface TransactionPageKey {
  customerId: string;
  limit: number;
  startingAfter?: string | undefined;
  type?: TransactionType | undefined;
  status?: TransactionStatus | undefined;
}

export interface LoaderOptions {
  concurrency: number;
  /** The benchmark's baseline: no batching, no per-request cache, no priming. */
  naive?: boolean;
}

export function createLoaders(oms: OmsClient, { concurrency, naive = false }: LoaderOptions): Loaders {
  const limit = createLimiter(concurrency);
  const settings = naive ? { batch: false, cache: false } : {};
  const one = <T>(prefix: string, fetch: (id: string) => Promise<T>) =>
    new DataLoader<string, T | null>((ids) => Promise.all(ids.map((id) => (id.startsWith(prefix) ? orNull(limit, () => fetch(id)) : null))), settings);
  const many = <K, T>(fetch: (key: K) => Promise<T>, cacheKeyFn?: (key: K) => string) =>
    new DataLoader<K, T, string>((keys) => Promise.all(keys.map((key) => limit(() => fetch(key)).catch((error: unknown) => asError(error)))), {
      ...settings,
      ...(cacheKeyFn ? { cacheKeyFn } : {}),
    });
  const prime = <T extends { id: string }>(loader: DataLoader<string, T | null>, items: T[]) => {
    if (!naive) for (const item of items) loader.prime(item.id, item);
    return items;
  };

  const customer = one('cst_', (id) => oms.customers.get(id));
  const wallet = one('wlt_', (id) => oms.wallets.get(id));
  const virtualAccount = one('va_', (id) => oms.virtualAccounts.get(id));
  const transaction = one('txn_', (id) => oms.transactions.get(id));
  return {
    customer,
    wallet,
    walletsOf: many(async (customerId: string) => prime(wallet, await collect(oms.wallets.listAll(customerId, { limit: 100 })))),
    balance: one('wlt_', (id) => oms.wallets.balance(id)),
    virtualAccount,
    virtualAccountsOf: many(async (key: string) => {
      const [customerId, status] = key.split(':') as [string, string];
      const params = status ? { limit: 100, status: status as VirtualAccount['status'] } : { limit: 100 };
      return prime(virtualAccount, await collect(oms.virtualAccounts.listAll(customerId, params)));
    }),
    transaction,
    transactionPage: many(
      async ({ customerId, ...params }: TransactionPageKey) => {
        const page = await oms.transactions.listForCustomer(customerId, params);
        prime(transaction, page.data);
        return page;
      },
      (key) => JSON.stringify([key.customerId, key.limit, key.startingAfter, key.type, key.status]),
    ),
    quote: one('qt_', (id) => oms.quotes.get(id)),
  };
}

/** A missing object (404) or an id OMS cannot even route (bad characters) is simply absent. */
async function orNull<T>(limit: Limiter, fetch: () => Promise<T>): Promise<T | null | Error> {
  try {
    return await limit(fetch);
  } catch (error) {
    if (error instanceof OmsError && (error.status === 404 || error.code === 'invalid_argument')) return null;
    return asError(error);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
