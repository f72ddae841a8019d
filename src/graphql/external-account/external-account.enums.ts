import { externalAccountStatus, externalAccountType } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const ExternalAccountType = graphqlEnum(
  externalAccountType.options,
  'ExternalAccountType',
  'What an external account is: a US or international bank account, a debit card, or a saved blockchain address.',
  {
    usBank: 'A US bank account, paid over ACH or wire.',
    intlBank: 'A bank account outside the US.',
    card: 'A debit card.',
    blockchainAddress: 'A saved on-chain address outside OMS.',
  },
  { intlBank: 'INTERNATIONAL_BANK' },
);
export type ExternalAccountType = (typeof externalAccountType.options)[number];
export const ExternalAccountStatus = graphqlEnum(
  externalAccountStatus.options,
  'ExternalAccountStatus',
  'Only a VERIFIED account receives payouts; PENDING is being checked, DECLINED failed the check, DELETED is gone.',
  {
    pending: 'Being verified; it cannot receive payouts yet.',
    verified: 'Verified: payouts may be sent to it.',
    declined: 'Verification failed; register the account again with correct details.',
    deleted: 'Removed; payouts to it are refused.',
  },
);
export type ExternalAccountStatus = (typeof externalAccountStatus.options)[number];
