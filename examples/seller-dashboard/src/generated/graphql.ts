/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What an activity event is about: a transaction, a wallet balance, a cash-in, or a seller (endorsements and KYC). */
export type ActivityKind =
  /** A wallet's balance moved; `balance` is set, as the gateway read it after the event. */
  | 'BALANCE'
  /** A cash-in changed; `cashIn` is set. */
  | 'CASH_IN'
  /** A seller's endorsements or KYC review changed; `seller` is set. */
  | 'SELLER'
  /** A transaction's status changed; `transaction` is set. */
  | 'TRANSACTION';

/** A currency or token: US dollars, or a dollar stablecoin. */
export type Asset =
  /** US dollars, on bank and cash rails; amounts have 2 decimals. */
  | 'USD'
  /** USDC, Circle's dollar stablecoin; amounts have up to 6 decimals. */
  | 'USDC'
  /** USDT, Tether's dollar stablecoin; amounts have up to 6 decimals. */
  | 'USDT';

/** A quote to send from a seller’s wallet to a wallet, an address or an external account. */
export type CreateQuoteInput = {
  /** What must arrive, in the asset received; OMS adds the fees on top. */
  destinationAmount?: string | null | undefined;
  /** Default: the wallet's own asset, USDC for addresses, USD for a bank account, an address account's USDC. */
  destinationAsset?: Asset | null | undefined;
  /** A blockchain address to send to. */
  destinationBlockchainAddress?: string | null | undefined;
  /** One of the seller's external accounts (bank payouts). */
  destinationExternalAccountId?: string | number | null | undefined;
  /** Default: the wallet's own chain, POLYGON for addresses, ACH for a US bank account (WIRE when asked), WIRE abroad, an address account's chain. */
  destinationNetwork?: Network | null | undefined;
  /** An OMS wallet to send to. */
  destinationWalletId?: string | number | null | undefined;
  /** Your fees on this send, taken from the source (tenant tokens only). */
  developerFees?: Array<QuoteDeveloperFeeInput> | null | undefined;
  /** Makes retries safe: the same key makes one quote. */
  idempotencyKey: string;
  /** Your own key-value data (at most 20 keys). */
  metadata?: Record<string, unknown> | null | undefined;
  /** The seller sending. */
  sellerId: string | number;
  /** Exactly one of sourceAmount and destinationAmount: positive, at most the asset's decimals (USD 2, USDC and USDT 6), at most 1000000000000. */
  sourceAmount?: string | null | undefined;
  /** The seller's wallet the money leaves. */
  sourceWalletId: string | number;
  /** You pay the network gas instead of the seller (shown as sponsorGasCost); tenant keys only. */
  sponsorGas?: boolean | null | undefined;
};

/** The bank rail of a simulated inbound deposit. */
export type DepositRail =
  /** An incoming ACH transfer. */
  | 'ACH_IN'
  /** An incoming international wire over SWIFT. */
  | 'SWIFT_IN'
  /** An incoming US domestic wire. */
  | 'WIRE_IN';

/** Executes a quote: the money moves. */
export type ExecuteQuoteInput = {
  /** Required: the same key twice moves money once. */
  idempotencyKey: string;
  /** Key-value data for the transaction (at most 20 keys), in place of the quote's; a seller token cannot replace a quote's metadata (FORBIDDEN). */
  metadata?: Record<string, unknown> | null | undefined;
  /** The open quote to execute. */
  quoteId: string | number;
};

/** Only a VERIFIED account receives payouts; PENDING is being checked, DECLINED failed the check, DELETED is gone. */
export type ExternalAccountStatus =
  /** Verification failed; register the account again with correct details. */
  | 'DECLINED'
  /** Removed; payouts to it are refused. */
  | 'DELETED'
  /** Being verified; it cannot receive payouts yet. */
  | 'PENDING'
  /** Verified: payouts may be sent to it. */
  | 'VERIFIED';

/** What an external account is: a US or international bank account, a debit card, or a saved blockchain address. */
export type ExternalAccountType =
  /** A saved on-chain address outside OMS. */
  | 'BLOCKCHAIN_ADDRESS'
  /** A debit card. */
  | 'CARD'
  /** A bank account outside the US. */
  | 'INTERNATIONAL_BANK'
  /** A US bank account, paid over ACH or wire. */
  | 'US_BANK';

/** A fee as a fraction of the amount, or a fixed amount. */
export type FeeType =
  /** A fixed sum per transaction, given in `amount`, in the schedule’s currency. */
  | 'FIXED'
  /** A fraction of the gross amount, given in `rate` ("0.010" is 1%). */
  | 'PERCENTAGE';

/** Where money moves: a blockchain, or a bank or cash rail. */
export type Network =
  /** ACH, the US batch bank transfer (usually one to three business days). */
  | 'ACH'
  /** Cash handed in at a retail counter (cash-ins). */
  | 'CASH'
  /** The Ethereum blockchain. */
  | 'ETHEREUM'
  /** The Polygon blockchain (the usual network for stablecoins here). */
  | 'POLYGON'
  /** A US bank account as a whole: a virtual account's source, which takes ACH and wire transfers in. */
  | 'US_BANK'
  /** A US domestic wire transfer (same day). */
  | 'WIRE';

/** A developer fee on one send: a fraction of the amount or a fixed amount, paid into one of your wallets. */
export type QuoteDeveloperFeeInput = {
  /** For FIXED: an amount in the source asset (its decimals at most). */
  amount?: string | null | undefined;
  /** For PERCENTAGE: a fraction ("0.010" is 1%). */
  rate?: string | null | undefined;
  /** PERCENTAGE or FIXED. */
  type: FeeType;
  /** The wallet the fee is paid into; when absent, the tenant's treasury wallet holding the source asset, else its oldest (INVALID_INPUT when it has none). */
  walletId?: string | number | null | undefined;
};

/** OPEN can be executed until it expires; ACCEPTED was executed. */
export type QuoteStatus =
  /** Executed: its transaction exists. Executing it again answers QUOTE_ALREADY_ACCEPTED. */
  | 'ACCEPTED'
  /** Lapsed before it was executed; create a new quote (executing it answers QUOTE_EXPIRED). */
  | 'EXPIRED'
  /** Can be executed with executeQuote until expiresAt (five minutes by default). */
  | 'OPEN';

/** Where a transaction stands; it only moves forward. */
export type TransactionStatus =
  /** A cash payout is ready to be collected; COMPLETED or FAILED follows. */
  | 'CASH_PICKUP_READY'
  /** The money arrived. Final. */
  | 'COMPLETED'
  /** It did not complete (see error). Final; a refund of the money sent may follow, shown in subStatus (failed.refunded or failed.refundFailed). */
  | 'FAILED'
  /** Under way. A compliance hold also reads PROCESSING (a tenant token sees subStatus processing.underReview); wait for the next event. */
  | 'PROCESSING';

/** What a transaction converts: fiat to crypto (deposits), crypto to crypto (sends), crypto to fiat (payouts). */
export type TransactionType =
  /** Stablecoin to stablecoin: a send between wallets or to an address, or a deposit-address forward. */
  | 'CRYPTO_TO_CRYPTO'
  /** Stablecoin in, dollars out: a payout to a bank account or card. */
  | 'CRYPTO_TO_FIAT'
  /** Dollars in, stablecoin out: a bank deposit to a virtual account, or a cash-in. */
  | 'FIAT_TO_CRYPTO';

/** Why a mutation did not do what was asked. The README lists what a client should do for each. */
export type UserErrorCode =
  /** The deposit code lapsed: refreshCashIn issues a new one for the same cash-in. */
  | 'CASH_IN_EXPIRED'
  /** The destination cannot receive this asset or network, or cannot receive payouts (an account not VERIFIED, a card); `field` names what does not fit. */
  | 'DESTINATION_NOT_SUPPORTED'
  /** The seller lacks the ACTIVE endorsement this needs (see EndorsementName): wait for its review, then try again. */
  | 'ENDORSEMENT_REQUIRED'
  /** Another seller of the tenant has this externalId, or a create with it is still under way (retry shortly to get that seller): use the seller's own externalId. */
  | 'EXTERNAL_ID_TAKEN'
  /** This idempotency key was used before with a different input: use a new key for a new operation, or the same input to replay the first. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** The wallet does not hold the amount plus the fees: fund it or lower the amount. */
  | 'INSUFFICIENT_BALANCE'
  /** An amount is not positive, has more decimals than its asset, is over a trillion or does not cover the fees, or a fee rate is not a fraction between 0 and 1: fix it. */
  | 'INVALID_AMOUNT'
  /** An input field is not acceptable (format, length, a combination OMS does not take; `field` names it): fix it. Also a mutation still running under the same idempotency key: retry it shortly with the same key. */
  | 'INVALID_INPUT'
  /** A sandbox-only mutation against a production OMS account: nothing was sent. */
  | 'NOT_ALLOWED_IN_PRODUCTION'
  /** Something the input refers to does not exist, or is not the caller's (the two look the same): check the id. */
  | 'NOT_FOUND'
  /** The quote was executed already (under another idempotency key): read its transaction; nothing moved twice. */
  | 'QUOTE_ALREADY_ACCEPTED'
  /** The quote lapsed before it was executed: create a new quote and execute that. */
  | 'QUOTE_EXPIRED';

/** TENANT: a marketplace backend's API key. SELLER: one seller's session token. */
export type ViewerRole =
  /** One seller's session token (from createSellerSession): sees that seller alone and may do only what the tenant allows. */
  | 'SELLER'
  /** A marketplace backend's API key: sees and acts for all of the tenant's sellers. */
  | 'TENANT';

/** Whether a wallet can send and receive. */
export type WalletStatus =
  /** Sends and receives. */
  | 'ACTIVE'
  /** Closed for good: it cannot be used again. */
  | 'CLOSED'
  /** Frozen by OMS: it cannot be used until OMS lifts the suspension. */
  | 'SUSPENDED';

export type DashboardActivitySubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type DashboardActivitySubscription = { activity: { cursor: string, kind: ActivityKind, occurredAt: string, transaction: { id: string, type: TransactionType, status: TransactionStatus, subStatus: string | null, rail: DepositRail | null, createdAt: string, updatedAt: string | null, completedAt: string | null, estimatedArrival: string | null, error: { code: string, message: string } | null, source: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, destination: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, virtualAccount: { id: string, label: string | null } | null, depositAddress: { id: string, label: string | null } | null } | null, balance: { wallet: { id: string }, balance: { asset: Asset, available: string, pending: string, updatedAt: string | null } } | null } };

export type DashboardQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardQuery = { viewer: { role: ViewerRole, sessionId: string | null, tenant: { name: string }, seller: { id: string, firstName: string | null, lastName: string | null, email: string | null, wallets: Array<{ id: string, asset: Asset, network: Network, address: string, status: WalletStatus, balance: { asset: Asset, available: string, pending: string, updatedAt: string | null } }>, virtualAccounts: Array<{ id: string, label: string | null, sourceAsset: Asset, sourceNetwork: Network, bankDetails: { bankName: string, accountType: string, ownerName: string, routingNumber: string, accountNumber: string, reference: string }, destination: { asset: Asset, network: Network, wallet: { id: string } | null } }>, depositAddresses: Array<{ id: string, label: string | null, depositInstructions: { address: string, asset: Asset, network: Network }, destination: { asset: Asset, network: Network, wallet: { id: string } | null } }>, externalAccounts: Array<{ id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus }>, transactions: { nodes: Array<{ id: string, type: TransactionType, status: TransactionStatus, subStatus: string | null, rail: DepositRail | null, createdAt: string, updatedAt: string | null, completedAt: string | null, estimatedArrival: string | null, error: { code: string, message: string } | null, source: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, destination: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, virtualAccount: { id: string, label: string | null } | null, depositAddress: { id: string, label: string | null } | null }> } } | null } };

export type DashboardWalletFragment = { id: string, asset: Asset, network: Network, address: string, status: WalletStatus, balance: { asset: Asset, available: string, pending: string, updatedAt: string | null } };

export type DashboardExternalAccountFragment = { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus };

export type DashboardLegFragment = { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null };

export type DashboardTransactionFragment = { id: string, type: TransactionType, status: TransactionStatus, subStatus: string | null, rail: DepositRail | null, createdAt: string, updatedAt: string | null, completedAt: string | null, estimatedArrival: string | null, error: { code: string, message: string } | null, source: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, destination: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, virtualAccount: { id: string, label: string | null } | null, depositAddress: { id: string, label: string | null } | null };

export type DashboardSignOutMutationVariables = Exact<{
  sessionId: string | number;
}>;


export type DashboardSignOutMutation = { revokeSellerSession: { revokedSessionId: string | null, userErrors: Array<{ code: UserErrorCode, message: string }> } };

export type DashboardCreateQuoteMutationVariables = Exact<{
  input: CreateQuoteInput;
}>;


export type DashboardCreateQuoteMutation = { createQuote: { quote: { id: string, status: QuoteStatus, expiresAt: string, type: TransactionType, source: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, destination: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, rates: { pair: string, exchangeRate: string, effectiveRate: string } } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export type DashboardExecuteQuoteMutationVariables = Exact<{
  input: ExecuteQuoteInput;
}>;


export type DashboardExecuteQuoteMutation = { executeQuote: { transaction: { id: string, type: TransactionType, status: TransactionStatus, subStatus: string | null, rail: DepositRail | null, createdAt: string, updatedAt: string | null, completedAt: string | null, estimatedArrival: string | null, error: { code: string, message: string } | null, source: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, destination: { asset: Asset, network: Network, amountGross: string | null, amountNet: string | null, blockchainAddress: string | null, fees: { developer: string, oms: string, gas: string, total: string } | null, wallet: { id: string } | null, externalAccount: { id: string, type: ExternalAccountType, label: string | null, bankName: string | null, accountNumberLast4: string | null, blockchainAddress: string | null, network: Network | null, status: ExternalAccountStatus } | null }, virtualAccount: { id: string, label: string | null } | null, depositAddress: { id: string, label: string | null } | null } | null, userErrors: Array<{ code: UserErrorCode, field: Array<string> | null, message: string }> } };

export const DashboardWalletFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardWallet"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Wallet"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"balance"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"available"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}}]}}]}}]} as unknown as DocumentNode<DashboardWalletFragment, unknown>;
export const DashboardExternalAccountFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardExternalAccount"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ExternalAccount"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"bankName"}},{"kind":"Field","name":{"kind":"Name","value":"accountNumberLast4"}},{"kind":"Field","name":{"kind":"Name","value":"blockchainAddress"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]} as unknown as DocumentNode<DashboardExternalAccountFragment, unknown>;
export const DashboardLegFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardLeg"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"TransactionLeg"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"amountGross"}},{"kind":"Field","name":{"kind":"Name","value":"amountNet"}},{"kind":"Field","name":{"kind":"Name","value":"blockchainAddress"}},{"kind":"Field","name":{"kind":"Name","value":"fees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"developer"}},{"kind":"Field","name":{"kind":"Name","value":"oms"}},{"kind":"Field","name":{"kind":"Name","value":"gas"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"wallet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"externalAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"bankName"}},{"kind":"Field","name":{"kind":"Name","value":"accountNumberLast4"}},{"kind":"Field","name":{"kind":"Name","value":"blockchainAddress"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<DashboardLegFragment, unknown>;
export const DashboardTransactionFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"DashboardTransaction"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Transaction"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"subStatus"}},{"kind":"Field","name":{"kind":"Name","value":"rail"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"completedAt"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedArrival"}},{"kind":"Field","name":{"kind":"Name","value":"error"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"amountGross"}},{"kind":"Field","name":{"kind":"Name","value":"amountNet"}},{"kind":"Field","name":{"kind":"Name","value":"blockchainAddress"}},{"kind":"Field","name":{"kind":"Name","value":"fees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"developer"}},{"kind":"Field","name":{"kind":"Name","value":"oms"}},{"kind":"Field","name":{"kind":"Name","value":"gas"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"wallet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"externalAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"bankName"}},{"kind":"Field","name":{"kind":"Name","value":"accountNumberLast4"}},{"kind":"Field","name":{"kind":"Name","value":"blockchainAddress"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"destination"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asset"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"amountGross"}},{"kind":"Field","name":{"kind":"Name","value":"amountNet"}},{"kind":"Field","name":{"kind":"Name","value":"blockchainAddress"}},{"kind":"Field","name":{"kind":"Name","value":"fees"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"developer"}},{"kind":"Field","name":{"kind":"Name","value":"oms"}},{"kind":"Field","name":{"kind":"Name","value":"gas"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"wallet"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"externalAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"bankName"}},{"kind":"Field","name":{"kind":"Name","value":"accountNumberLast4"}},{"kind":"Field","name":{"kind":"Name","value":"blockchainAddress"}},{"kind":"Field","name":{"kind":"Name","value":"network"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"virtualAccount"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"depositAddress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}}]}}]} as unknown as DocumentNode<DashboardTransactionFragment, unknown>;
export const DashboardActivityDocument = {"__meta__":{"hash":"sha256:89141a2b4cde5a7fd218d6d8c601c98b983121d986301a5b206c1b10f5eaabdf"}} as unknown as DocumentNode<DashboardActivitySubscription, DashboardActivitySubscriptionVariables>;
export const DashboardDocument = {"__meta__":{"hash":"sha256:b51a5c0a8e726808c1f6ca403639a7746a70c27b666642d4ff06305992d79b34"}} as unknown as DocumentNode<DashboardQuery, DashboardQueryVariables>;
export const DashboardSignOutDocument = {"__meta__":{"hash":"sha256:1c435b922b78cebd348f515a577a185552d43f59abe5e2751b4cc4c6fff96339"}} as unknown as DocumentNode<DashboardSignOutMutation, DashboardSignOutMutationVariables>;
export const DashboardCreateQuoteDocument = {"__meta__":{"hash":"sha256:7f0a0ede3a54324fb11c51dd449719c4f9ebcd158ed9aeb9d9d2f2ad98bdf978"}} as unknown as DocumentNode<DashboardCreateQuoteMutation, DashboardCreateQuoteMutationVariables>;
export const DashboardExecuteQuoteDocument = {"__meta__":{"hash":"sha256:54fa3fa5952c75199dc56d6e9d442b066aeb336cd3c70a4e575228871fed0f9f"}} as unknown as DocumentNode<DashboardExecuteQuoteMutation, DashboardExecuteQuoteMutationVariables>;