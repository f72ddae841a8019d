import DataLoader from 'dataloader';
import { OmsError, type OmsClient } from '../oms/index.js';
import { isIdOf } from './common/inputs.js';
import { createLimiter } from './limiter.js';
import { resources, type Loaders } from './resources.js';

export type { Loaders } from './resources.js';

/**
 * How a resource makes its per-request loaders. OMS has no batch endpoints, so a "batch" is the keys
 * one tick asked for, fetched in parallel (at most `concurrency` at once) and each at most once per
 * request. A missing object is a null value, another failure an Error value for that key alone.
 * Lists prime the by-id loaders, so an object listed once is never fetched again.
 */
export interface LoaderKit {
  /** By id; an id without `prefix`, or that no OMS id can be (too long, odd characters), is null without a call. */
  byId<T>(prefix: string, fetch: (id: string) => Promise<T>): DataLoader<string, T | null>;
  /** By id, and filled by the lists that report to `listed`. */
  listable<T extends { id: string }>(prefix: string, fetch: (id: string) => Promise<T>): Listable<T>;
  /** By any key (`cacheKeyFn` for object keys); `lists` hears of each fetch, to prime a listable. */
  many<K, T>(fetch: (key: K) => Promise<T>, options?: { cacheKeyFn?: (key: K) => string; lists?: (result: Promise<T>) => void }): DataLoader<K, T, string>;
  /**
   * By id, one OMS call per call, shared with nothing: for checks whose cost must not depend on what
   * else the operation asked (ownership lookups). Null when OMS has none.
   */
  uncached<T>(fetch: (id: string) => Promise<T>): (id: string) => Promise<T | null>;
}

export interface Listable<T> {
  loader: DataLoader<string, T | null>;
  listed(items: Promise<T[]>): void;
}

export interface LoaderOptions {
  concurrency: number;
}

/** Every registered resource's loaders for one operation. */
export function createLoaders(oms: OmsClient, kit: LoaderKit | LoaderOptions): Loaders {
  const made = 'byId' in kit ? kit : createLoaderKit(kit);
  return Object.assign({}, ...resources.map((resource) => resource.loaders?.(oms, made as LoaderKit) ?? {})) as Loaders;
}

export function createLoaderKit({ concurrency }: LoaderOptions): LoaderKit {
  const limit = createLimiter(concurrency);
  const byId = <T>(prefix: string, fetch: (id: string) => Promise<T>, listed?: (id: string) => Promise<T | undefined>) =>
    new DataLoader<string, T | null>((ids) =>
      Promise.all(ids.map(async (id) => (isIdOf(prefix, id) ? ((await listed?.(id)) ?? orAbsent(() => limit(() => fetch(id))).catch(asError)) : null))),
    );
  return {
    byId: (prefix, fetch) => byId(prefix, fetch),
    uncached: (fetch) => (id) => orAbsent(() => limit(() => fetch(id))),
    // The list is tracked when its batch is dispatched, not when the limiter lets it go: a queued list is on its way too.
    many: (fetch, options = {}) =>
      new DataLoader(
        (keys) =>
          Promise.all(
            keys.map((key) => {
              const result = limit(() => fetch(key));
              options.lists?.(result);
              return result.catch((error: unknown) => asError(error));
            }),
          ),
        options.cacheKeyFn ? { cacheKeyFn: options.cacheKeyFn } : {},
      ),
    /**
     * Priming alone is not enough: lists and by-id loads of one level run side by side (a seller's
     * wallets beside its transactions' wallets), and a prime after the load went out changes nothing.
     * So a by-id load waits for the lists of its kind already on their way and is fetched only if none
     * of them had it: a call saved where a list has it, and where none has, a wait of at most those
     * lists' remaining round trip.
     */
    listable<T extends { id: string }>(prefix: string, fetch: (id: string) => Promise<T>): Listable<T> {
      const inFlight = new Set<Promise<T[]>>();
      // Lists on their way, or arrived this turn of the event loop: a load made before a list arrived is
      // dispatched (by DataLoader) within that turn. After it, the primed cache answers, and `clear` works.
      const find = async (id: string) => (inFlight.size > 0 ? (await Promise.all(inFlight)).flat().find((item) => item.id === id) : undefined);
      const loader = byId(prefix, fetch, find);
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
    },
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

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Every item of a paged list. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
