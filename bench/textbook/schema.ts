/**
 * The textbook gateway's schema: written by hand, only the types the seller dashboard query reads,
 * with the names and enum values of the real gateway so both give the same answer.
 */
export const typeDefs = /* GraphQL */ `
  enum TransactionType { CRYPTO_TO_CRYPTO CRYPTO_TO_FIAT FIAT_TO_CRYPTO }
  enum TransactionStatus { CASH_PICKUP_READY COMPLETED FAILED PROCESSING }
  enum ViewerRole { SELLER TENANT }

  type Query {
    sellers(first: Int = 20): SellerConnection!
    viewer: Viewer!
  }
  type Viewer { role: ViewerRole! }
  type SellerConnection { nodes: [Seller!]! }
  type Seller {
    id: ID!
    firstName: String
    wallets: [Wallet!]!
    transactions(first: Int = 20): TransactionConnection!
  }
  type Wallet { id: ID! address: String! balance: WalletBalance! }
  type WalletBalance { available: String! pending: String! }
  type TransactionConnection { nodes: [Transaction!]! }
  type Transaction {
    id: ID!
    type: TransactionType!
    status: TransactionStatus!
    createdAt: String!
    destination: TransactionLeg!
  }
  type TransactionLeg { amountNet: String wallet: Wallet }
`;

/** OMS's camelCase enum values as GraphQL's SCREAMING_CASE: fiatToCrypto → FIAT_TO_CRYPTO. */
export function screaming(value: string): string {
  return value.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
