import { accountStatus } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const DepositAddressStatus = graphqlEnum(
  accountStatus.options,
  'DepositAddressStatus',
  'ACTIVE forwards deposits; PAUSED leaves new ones unprocessed; DELETED is gone for good.',
  {
    active: 'Each deposit sent to the address is forwarded to its destination.',
    paused: 'Deposits sent now are not processed until the address is resumed; do not share it meanwhile.',
    deleted: 'Removed for good: nothing sent to it is forwarded any more.',
  },
);
export type DepositAddressStatus = (typeof accountStatus.options)[number];
