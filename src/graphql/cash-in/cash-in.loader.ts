import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { CashLocationParams } from '../../oms/index.js';
import type { CashIn, CashLocation, Page } from '../../oms/schemas/index.js';
import type { LoaderKit } from '../loaders.js';

export interface CashInPageKey {
  customerId: string;
  limit: number;
  startingAfter?: string | undefined;
}

export interface CashInLoaders {
  cashIn: DataLoader<string, CashIn | null>;
  cashInPage: DataLoader<CashInPageKey, Page<CashIn>, string>;
  cashLocations: DataLoader<CashLocationParams, CashLocation[], string>;
}

export function cashInLoaders(oms: OmsClient, kit: LoaderKit): CashInLoaders {
  const cashIn = kit.listable('ci_', (id) => oms.cashIns.get(id));
  return {
    cashIn: cashIn.loader,
    cashInPage: kit.many(({ customerId, limit, startingAfter }: CashInPageKey) => oms.cashIns.list({ customerId, limit, startingAfter }), {
      cacheKeyFn: (key) => JSON.stringify([key.customerId, key.limit, key.startingAfter]),
      lists: (page) => cashIn.listed(page.then((p) => p.data)),
    }),
    cashLocations: kit.many((params: CashLocationParams) => oms.cashLocations.list(params), {
      cacheKeyFn: (key) => JSON.stringify([key.provider, key.latitude, key.longitude, key.flow]),
    }),
  };
}
