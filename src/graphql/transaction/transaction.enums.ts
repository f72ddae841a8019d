import { transactionStatus, transactionType } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const TransactionType = graphqlEnum(
  transactionType.options,
  'TransactionType',
  'What a transaction converts: fiat to crypto (deposits), crypto to crypto (sends), crypto to fiat (payouts).',
);
export type TransactionType = (typeof transactionType.options)[number];
export const TransactionStatus = graphqlEnum(transactionStatus.options, 'TransactionStatus', 'Where a transaction stands; it only moves forward.');
export type TransactionStatus = (typeof transactionStatus.options)[number];
