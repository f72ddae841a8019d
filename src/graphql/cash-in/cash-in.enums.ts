import { cashInStatus } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const CashInStatus = graphqlEnum(
  cashInStatus.options,
  'CashInStatus',
  'PENDING: the code waits at the counter; PROCESSING: the cash is in and converting; COMPLETED, FAILED; EXPIRED: the code lapsed unused (refreshCashIn).',
);
export type CashInStatus = (typeof cashInStatus.options)[number];
