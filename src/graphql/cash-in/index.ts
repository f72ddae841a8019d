import type { CashIn } from '../../oms/schemas/index.js';
import { defineResource, type ResolverClasses } from '../resource.js';
import { CashInMutationsResolver } from './cash-in-mutations.resolver.js';
import { cashInLoaders } from './cash-in.loader.js';
import { CashInResolver } from './cash-in.resolver.js';
import { CashLocationResolver } from './cash-location.resolver.js';
import { SellerCashInsResolver } from './seller-cash-ins.resolver.js';
import { TransactionCashInResolver } from './transaction-cash-in.resolver.js';

export const cashInResource = defineResource({
  resolvers: (): ResolverClasses => [CashInResolver, CashInMutationsResolver, CashLocationResolver, SellerCashInsResolver, TransactionCashInResolver],
  loaders: cashInLoaders,
  visibility: ({ owned }, loaders): { cashIn(id: string): Promise<CashIn | null> } => ({
    cashIn: owned((id) => loaders.cashIn.load(id), ['customerId']),
  }),
  nodes: [{ prefix: 'ci_', type: 'CashIn', find: 'cashIn' }],
});
