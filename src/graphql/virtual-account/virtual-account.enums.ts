import { accountholderName, accountStatus, depositRail } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const VirtualAccountStatus = graphqlEnum(
  accountStatus.options,
  'VirtualAccountStatus',
  'ACTIVE accepts deposits; PAUSED refuses new ones; DELETED is gone for good.',
);
export type VirtualAccountStatus = (typeof accountStatus.options)[number];
export const AccountholderName = graphqlEnum(accountholderName.options, 'AccountholderName', 'Whose name is on a virtual bank account.');
export type AccountholderName = (typeof accountholderName.options)[number];
export const DepositRail = graphqlEnum(depositRail.options, 'DepositRail', 'The bank rail of a simulated inbound deposit.');
export type DepositRail = (typeof depositRail.options)[number];
