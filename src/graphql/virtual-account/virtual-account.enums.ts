import { accountholderName, accountStatus, depositRail } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const VirtualAccountStatus = graphqlEnum(
  accountStatus.options,
  'VirtualAccountStatus',
  'ACTIVE accepts deposits; PAUSED refuses new ones; DELETED is gone for good.',
  {
    active: 'Accepts deposits: each one becomes a transaction.',
    paused: 'Refuses new deposits until resumed; deposits already under way finish.',
    deleted: 'Closed for good: deposits to it are refused.',
  },
);
export type VirtualAccountStatus = (typeof accountStatus.options)[number];
export const AccountholderName = graphqlEnum(accountholderName.options, 'AccountholderName', 'Whose name is on a virtual bank account.', {
  customer: "The seller's own name.",
  oms: "OMS's name (the default).",
  developer: "The marketplace's name (the OMS account holder's).",
});
export type AccountholderName = (typeof accountholderName.options)[number];
export const DepositRail = graphqlEnum(depositRail.options, 'DepositRail', 'The bank rail of a simulated inbound deposit.', {
  ach_in: 'An incoming ACH transfer.',
  wire_in: 'An incoming US domestic wire.',
  swift_in: 'An incoming international wire over SWIFT.',
});
export type DepositRail = (typeof depositRail.options)[number];
