import { cashInStatus } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const CashInStatus = graphqlEnum(
  cashInStatus.options,
  'CashInStatus',
  'PENDING: the code waits at the counter; PROCESSING: the cash is in and converting; COMPLETED, FAILED; EXPIRED: the code lapsed unused (refreshCashIn).',
  {
    pending: 'The deposit code is issued and waits for the cash at the counter until depositInstructions.expiresAt (about an hour).',
    processing: 'The cash was handed in and is being converted; the stablecoin is on its way to the wallet.',
    completed: 'The stablecoin arrived in the wallet. Final.',
    failed: 'The cash-in did not complete (see its transaction); nothing arrived. Final.',
    expired: 'The code lapsed unused; refreshCashIn issues a new code for the same cash-in.',
  },
);
export type CashInStatus = (typeof cashInStatus.options)[number];
