import { registerEnumType } from 'type-graphql';

/**
 * GraphQL enums whose internal values are the OMS's own camelCase strings, so mapping is exhaustive
 * by construction: a resolver returns what OMS sent, and an input arrives as what OMS expects.
 */

export const Asset = { USD: 'usd', USDC: 'usdc', USDT: 'usdt' } as const;
export type Asset = (typeof Asset)[keyof typeof Asset];
export const Network = { POLYGON: 'polygon', ETHEREUM: 'ethereum', US_BANK: 'usBank', ACH: 'ach', WIRE: 'wire', CASH: 'cash' } as const;
export type Network = (typeof Network)[keyof typeof Network];
export const SellerStatus = { ACTIVE: 'active', INACTIVE: 'inactive' } as const;
export type SellerStatus = (typeof SellerStatus)[keyof typeof SellerStatus];
export const EndorsementName = { BASIC: 'basic', CRYPTO_CUSTODY: 'cryptoCustody', USD: 'usd' } as const;
export type EndorsementName = (typeof EndorsementName)[keyof typeof EndorsementName];
export const EndorsementStatus = { PENDING: 'pending', ACTIVE: 'active', REJECTED: 'rejected', REVOKED: 'revoked' } as const;
export type EndorsementStatus = (typeof EndorsementStatus)[keyof typeof EndorsementStatus];
export const WalletStatus = { ACTIVE: 'active', SUSPENDED: 'suspended', CLOSED: 'closed' } as const;
export type WalletStatus = (typeof WalletStatus)[keyof typeof WalletStatus];
export const VirtualAccountStatus = { ACTIVE: 'active', PAUSED: 'paused', DELETED: 'deleted' } as const;
export type VirtualAccountStatus = (typeof VirtualAccountStatus)[keyof typeof VirtualAccountStatus];
export const AccountholderName = { CUSTOMER: 'customer', OMS: 'oms', DEVELOPER: 'developer' } as const;
export type AccountholderName = (typeof AccountholderName)[keyof typeof AccountholderName];
export const FeeType = { PERCENTAGE: 'percentage', FIXED: 'fixed' } as const;
export type FeeType = (typeof FeeType)[keyof typeof FeeType];
export const TransactionType = { FIAT_TO_CRYPTO: 'fiatToCrypto', CRYPTO_TO_CRYPTO: 'cryptoToCrypto', CRYPTO_TO_FIAT: 'cryptoToFiat' } as const;
export type TransactionType = (typeof TransactionType)[keyof typeof TransactionType];
export const TransactionStatus = { PROCESSING: 'processing', CASH_PICKUP_READY: 'cashPickupReady', COMPLETED: 'completed', FAILED: 'failed' } as const;
export type TransactionStatus = (typeof TransactionStatus)[keyof typeof TransactionStatus];
export const QuoteStatus = { OPEN: 'open', ACCEPTED: 'accepted', EXPIRED: 'expired' } as const;
export type QuoteStatus = (typeof QuoteStatus)[keyof typeof QuoteStatus];
export const FixedAmountSide = { SOURCE: 'source', DESTINATION: 'destination' } as const;
export type FixedAmountSide = (typeof FixedAmountSide)[keyof typeof FixedAmountSide];
export const DepositRail = { ACH_IN: 'ach_in', WIRE_IN: 'wire_in', SWIFT_IN: 'swift_in' } as const;
export type DepositRail = (typeof DepositRail)[keyof typeof DepositRail];
export const ViewerRole = { TENANT: 'tenant', SELLER: 'seller' } as const;
export type ViewerRole = (typeof ViewerRole)[keyof typeof ViewerRole];

const enums: [object, string, string][] = [
  [Asset, 'Asset', 'A currency or token: US dollars, or a dollar stablecoin.'],
  [Network, 'Network', 'Where money moves: a blockchain, or a bank or cash rail.'],
  [SellerStatus, 'SellerStatus', 'Whether a seller can transact.'],
  [EndorsementName, 'EndorsementName', 'A capability granted after review: BASIC for any transaction, CRYPTO_CUSTODY for wallets, USD for virtual accounts.'],
  [EndorsementStatus, 'EndorsementStatus', 'Where the review of an endorsement stands.'],
  [WalletStatus, 'WalletStatus', 'Whether a wallet can send and receive.'],
  [VirtualAccountStatus, 'VirtualAccountStatus', 'ACTIVE accepts deposits; PAUSED refuses new ones; DELETED is gone for good.'],
  [AccountholderName, 'AccountholderName', 'Whose name is on a virtual bank account.'],
  [FeeType, 'FeeType', 'A fee as a fraction of the amount, or a fixed amount.'],
  [TransactionType, 'TransactionType', 'What a transaction converts: fiat to crypto (deposits), crypto to crypto (sends), crypto to fiat (payouts).'],
  [TransactionStatus, 'TransactionStatus', 'Where a transaction stands; it only moves forward.'],
  [QuoteStatus, 'QuoteStatus', 'OPEN can be executed until it expires; ACCEPTED was executed.'],
  [FixedAmountSide, 'FixedAmountSide', 'Which side of a quote the amount was fixed on.'],
  [DepositRail, 'DepositRail', 'The bank rail of a simulated inbound deposit.'],
  [ViewerRole, 'ViewerRole', "TENANT: a marketplace backend's API key. SELLER: one seller's session token."],
];
for (const [values, name, description] of enums) registerEnumType(values, { name, description });
