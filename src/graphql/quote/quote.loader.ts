import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { Quote } from '../../oms/schemas/index.js';
import type { LoaderKit } from '../loaders.js';

export interface QuoteLoaders {
  quote: DataLoader<string, Quote | null>;
}

export function quoteLoaders(oms: OmsClient, kit: LoaderKit): QuoteLoaders {
  return { quote: kit.byId('qt_', (id) => oms.quotes.get(id)) };
}
