import { transactionStatus, transactionType } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const TransactionType = graphqlEnum(
  transactionType.options,
  'TransactionType',
  'What a transaction converts: fiat to crypto (deposits), crypto to crypto (sends), crypto to fiat (payouts).',
  {
    fiatToCrypto: 'Dollars in, stablecoin out: a bank deposit to a virtual account, or a cash-in.',
    cryptoToCrypto: 'Stablecoin to stablecoin: a send between wallets or to an address, or a deposit-address forward.',
    cryptoToFiat: 'Stablecoin in, dollars out: a payout to a bank account or card.',
  },
);
export type TransactionType = (typeof transactionType.options)[number];
export const TransactionStatus = graphqlEnum(transactionStatus.options, 'TransactionStatus', 'Where a transaction stands; it only moves forward.', {
  processing: 'Under way. A compliance hold also reads PROCESSING (a tenant token sees subStatus processing.underReview); wait for the next event.',
  cashPickupReady: 'A cash payout is ready to be collected; COMPLETED or FAILED follows.',
  completed: 'The money arrived. Final.',
  failed: 'It did not complete (see error). Final; a refund of the money sent may follow, shown in subStatus (failed.refunded or failed.refundFailed).',
});
export type TransactionStatus = (typeof transactionStatus.options)[number];
