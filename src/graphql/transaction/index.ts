import type { Transaction } from '../../oms/schemas/index.js';
import { defineResource, type ResolverClasses } from '../resource.js';
import { SellerTransactionsResolver } from './seller-transactions.resolver.js';
import { transactionLoaders } from './transaction.loader.js';
import { TransactionLegResolver, TransactionResolver } from './transaction.resolver.js';

export const transactionResource = defineResource({
  resolvers: (): ResolverClasses => [TransactionResolver, TransactionLegResolver, SellerTransactionsResolver],
  loaders: transactionLoaders,
  // A transaction belongs to its sender and, for a send between sellers, to its recipient too.
  visibility: ({ owned }, loaders): { transaction(id: string): Promise<Transaction | null> } => ({
    transaction: owned((id) => loaders.transaction.load(id), ['customerId', 'recipientCustomerId']),
  }),
  nodes: [{ prefix: 'txn_', type: 'Transaction', find: 'transaction' }],
});
