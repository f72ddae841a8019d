import type { Quote } from '../../oms/schemas/index.js';
import { defineResource, type ResolverClasses } from '../resource.js';
import { quoteLoaders } from './quote.loader.js';
import { QuoteResolver } from './quote.resolver.js';

export const quoteResource = defineResource({
  resolvers: (): ResolverClasses => [QuoteResolver],
  loaders: quoteLoaders,
  visibility: ({ owned }, loaders): { quote(id: string): Promise<Quote | null> } => ({
    quote: owned((id) => loaders.quote.load(id), ['customerId']),
  }),
  nodes: [{ prefix: 'qt_', type: 'Quote', find: 'quote' }],
});
