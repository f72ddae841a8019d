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
}

export function createLoaders(oms: OmsClient, { concurrency }: LoaderOptions): Loaders {
  const limit = createLimiter(concurrency);
  const one = <T>(prefix: string, fetch: (id: string) => Promise<T>, listed?: (id: string) => Promise<T | undefined>) =>
    new DataLoader<string, T | null>((ids) =>
      Promise.all(ids.map(async (id) => (id.startsWith(prefix) ? ((await listed?.(id)) ?? orNull(limit, () => fetch(id))) : null))),
    );
  // The list is tracked when its batch is dispatched, not when the limiter lets it go: a queued list is on its way too.
  const many = <K, T>(fetch: (key: K) => Promise<T>, options: { cacheKeyFn?: (key: K) => string; lists?: (result: Promise<T>) => void } = {}) =>
    new DataLoader<K, T, string>(
      (keys) =>
        Promise.all(
          keys.map((key) => {
            const result = limit(() => fetch(key));
            options.lists?.(result);
            return result.catch((error: unknown) => asError(error));
          }),
        ),
      options.cacheKeyFn ? { cacheKeyFn: options.cacheKeyFn } : {},
    );
  /**
   * A by-id loader that lists fill too. Priming alone is not enough: lists and by-id loads of one level
   * run side by side (a seller's wallets beside its transactions' wallets), and a prime after the load
   * went out changes nothing. So a by-id load waits for the lists of its kind already on their way and
   * is fetched only if none of them had it: a call saved where a list has it, and where none has, a wait
   * of at most those lists' remaining round trip.
   */
  const listable = <T extends { id: string }>(prefix: string, fetch: (id: string) => Promise<T>) => {
    const inFlight = new Set<Promise<T[]>>();
    // Lists on their way, or arrived this turn of the event loop: a load made before a list arrived is
    // dispatched (by DataLoader) within that turn. After it, the primed cache answers, and `clear` works.
    const find = async (id: string) => (inFlight.size > 0 ? (await Promise.all(inFlight)).flat().find((item) => item.id === id) : undefined);
    const loader = one(prefix, fetch, find);
    const listed = (items: Promise<T[]>) => {
      const settled = items.then(
        (all) => {
          for (const item of all) loader.prime(item.id, item);
          return all;
        },
        (): T[] => [],
      );
      inFlight.add(settled);
      void settled.then(() => setImmediate(() => inFlight.delete(settled)));
    };
    return { loader, listed };
  };

  const wallet = listable('wlt_', (id) => oms.wallets.get(id));
  const virtualAccount = listable('va_', (id) => oms.virtualAccounts.get(id));
  const transaction = listable('txn_', (id) => oms.transactions.get(id));
  return {
    customer: one('cst_', (id) => oms.customers.get(id)),
    wallet: wallet.loader,
    walletsOf: many((customerId: string) => collect(oms.wallets.listAll(customerId, { limit: 100 })), { lists: wallet.listed }),
    balance: one('wlt_', (id) => oms.wallets.balance(id)),
    virtualAccount: virtualAccount.loader,
    virtualAccountsOf: many(
      (key: string) => {
        const [customerId, status] = key.split(':') as [string, string];
        const params = status ? { limit: 100, status: status as VirtualAccount['status'] } : { limit: 100 };
        return collect(oms.virtualAccounts.listAll(customerId, params));
      },
      { lists: virtualAccount.listed },
    ),
    transaction: transaction.loader,
    transactionPage: many(({ customerId, ...params }: TransactionPageKey) => oms.transactions.listForCustomer(customerId, params), {
      cacheKeyFn: (key) => JSON.stringify([key.customerId, key.limit, key.startingAfter, key.type, key.status]),
      lists: (page) => transaction.listed(page.then((p) => p.data)),
    }),
    quote: one('qt_', (id) => oms.quotes.get(id)),
  };
}

/** The object, or null when it is absent: OMS has none (404) or could not even route the id (bad characters). */
export async function orAbsent<T>(fetch: () => Promise<T>): Promise<T | null> {
  try {
    return await fetch();
  } catch (error) {
    if (error instanceof OmsError && (error.status === 404 || error.code === 'invalid_argument')) return null;
    throw error;
  }
}

/** For a batch: absent is null, any other failure an Error value for that key alone. */
function orNull<T>(limit: Limiter, fetch: () => Promise<T>): Promise<T | null | Error> {
  return orAbsent(() => limit(fetch)).catch(asError);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
