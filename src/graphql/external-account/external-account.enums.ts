import { externalAccountStatus, externalAccountType } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const ExternalAccountType = graphqlEnum(
  externalAccountType.options,
  'ExternalAccountType',
  'What an external account is: a US or international bank account, a debit card, or a saved blockchain address.',
  { intlBank: 'INTERNATIONAL_BANK' },
);
export type ExternalAccountType = (typeof externalAccountType.options)[number];
export const ExternalAccountStatus = graphqlEnum(
  externalAccountStatus.options,
  'ExternalAccountStatus',
  'Only a VERIFIED account receives payouts; PENDING is being checked, DECLINED failed the check, DELETED is gone.',
);
export type ExternalAccountStatus = (typeof externalAccountStatus.options)[number];
