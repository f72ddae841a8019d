import { customerStatus, endorsementName, endorsementStatus, kycOutcome } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const SellerStatus = graphqlEnum(customerStatus.options, 'SellerStatus', 'Whether a seller can transact.');
export type SellerStatus = (typeof customerStatus.options)[number];
export const EndorsementName = graphqlEnum(
  endorsementName.options,
  'EndorsementName',
  'A capability granted after review: BASIC for any transaction, CRYPTO_CUSTODY for wallets, USD for virtual accounts.',
);
export type EndorsementName = (typeof endorsementName.options)[number];
export const EndorsementStatus = graphqlEnum(endorsementStatus.options, 'EndorsementStatus', 'Where the review of an endorsement stands.');
export type EndorsementStatus = (typeof endorsementStatus.options)[number];
export const KycOutcome = graphqlEnum(kycOutcome.options, 'KycOutcome', 'How a KYC review ends: APPROVED activates the endorsements, REJECTED rejects them.');
export type KycOutcome = (typeof kycOutcome.options)[number];
