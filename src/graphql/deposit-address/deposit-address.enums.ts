import { accountStatus } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const DepositAddressStatus = graphqlEnum(
  accountStatus.options,
  'DepositAddressStatus',
  'ACTIVE forwards deposits; PAUSED leaves new ones unprocessed; DELETED is gone for good.',
);
export type DepositAddressStatus = (typeof accountStatus.options)[number];
