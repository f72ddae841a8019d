import DataLoader from 'dataloader';
import type { LoaderFactory } from '../src/graphql/context.js';
import { asError, createLoaders, orAbsent, type LoaderKit } from '../src/graphql/loaders.js';

/**
 * The benchmark's baseline: the textbook resolver path, where every load is its own OMS call, nothing
 * batched, nothing cached, nothing primed from lists. The same resources make their loaders with it,
 * so the same resolvers run on it.
 */

const plain = { batch: false, cache: false } as const;

const naiveKit: LoaderKit = {
  byId: (_prefix, fetch) => new DataLoader(async ([id]) => [await orAbsent(() => fetch(id!)).catch(asError)], plain),
  listable: (_prefix, fetch) => ({ loader: new DataLoader(async ([id]) => [await orAbsent(() => fetch(id!)).catch(asError)], plain), listed: () => {} }),
  many: (fetch) => new DataLoader(async ([key]) => [await fetch(key!).catch(asError)], plain),
  uncached: (fetch) => (id) => orAbsent(() => fetch(id)),
};

export const naiveLoaders: LoaderFactory = (oms) => createLoaders(oms, naiveKit);
