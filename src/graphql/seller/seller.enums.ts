import { customerStatus, endorsementName, endorsementStatus, kycOutcome } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const SellerStatus = graphqlEnum(customerStatus.options, 'SellerStatus', 'Whether a seller can transact.', {
  active: 'Can transact, within what its ACTIVE endorsements allow.',
  inactive: 'Deactivated in OMS: cannot transact.',
});
export type SellerStatus = (typeof customerStatus.options)[number];
export const EndorsementName = graphqlEnum(
  endorsementName.options,
  'EndorsementName',
  'A capability granted after review: BASIC for any transaction, CRYPTO_CUSTODY for wallets, USD for virtual accounts.',
  {
    basic: 'Needed for any transaction.',
    cryptoCustody: 'Needed for custodial wallets and deposit addresses.',
    usd: 'Needed for virtual accounts (US bank account numbers).',
  },
);
export type EndorsementName = (typeof endorsementName.options)[number];
export const EndorsementStatus = graphqlEnum(endorsementStatus.options, 'EndorsementStatus', 'Where the review of an endorsement stands.', {
  pending: 'Under review (KYC); what it allows answers ENDORSEMENT_REQUIRED until it is ACTIVE.',
  active: 'Granted: what it names is allowed.',
  rejected: 'The review refused it.',
  revoked: 'It was granted, then withdrawn: what it names is no longer allowed.',
});
export type EndorsementStatus = (typeof endorsementStatus.options)[number];
export const KycOutcome = graphqlEnum(kycOutcome.options, 'KycOutcome', 'How a KYC review ends: APPROVED activates the endorsements, REJECTED rejects them.', {
  approved: "The review passes: the seller's pending endorsements become ACTIVE.",
  rejected: "The review fails: the seller's pending endorsements become REJECTED.",
});
export type KycOutcome = (typeof kycOutcome.options)[number];
