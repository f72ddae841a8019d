/**
 * The playground's guided tour: one GraphiQL tab per story, in order, then a query of everything.
 * Each tab is a commented document (some hold several operations: GraphiQL asks which to run) and
 * its variables, where an id to copy from an earlier step is a placeholder naming where it comes
 * from. Plain data, bundled into the browser app and run as written by test/playground/tour.test.ts.
 */

export interface TourTab {
  /** What the step is, for tests and logs (GraphiQL titles a tab with its first operation's name). */
  story: string;
  /** The operation editor's contents. */
  query: string;
  /** The variables editor's contents, as an object. */
  variables: Record<string, unknown> | undefined;
}

/** The placeholder of an id the reader copies from an earlier step's answer. */
export function placeholder(prefix: string, from: string): string {
  return `${prefix}_… (${from})`;
}

/** Whether a variable still holds a placeholder. */
export function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.includes('_… (');
}

const USER_ERRORS = 'userErrors { field code message }';

/** The tour's tabs; `withToken` when the headers already hold a tenant key (the demo tenant's). */
export function tourTabs(withToken: boolean): TourTab[] {
  const auth = withToken
    ? `# Headers (below) hold the demo tenant's API
# key: everything here runs as that tenant.`
    : `# First put a tenant API key in Headers (below):
#   { "Authorization": "Bearer <key>" }`;
  return [
    {
      story: 'onboard a seller',
      query: `# OMS Gateway Playground: a tour in five tabs.
${auth}
# Where a tab holds several operations, the run
# button asks which. The book icon opens the docs.
#
# 1/5 Onboard a seller
#
# A seller is a merchant of your marketplace.
# createSeller makes one and asks for its
# endorsements (KYC). The same input again is the
# same seller.
#
# Run OnboardSeller, then copy seller.id into
# "sellerId" in Variables (below), here and in
# the next tabs.
#
# The sandbox approves KYC at once; DecideKyc
# decides it as a reviewer would ("outcome":
# APPROVED or REJECTED).

mutation OnboardSeller($input: CreateSellerInput!) {
  createSeller(input: $input) {
    seller {
      id
      firstName
      lastName
      status
      endorsements { name status }
    }
    ${USER_ERRORS}
  }
}

mutation DecideKyc(
  $sellerId: ID!
  $outcome: KycOutcome!
) {
  simulateKycDecision(
    input: { sellerId: $sellerId, outcome: $outcome }
  ) {
    seller {
      id
      status
      endorsements { name status }
    }
    ${USER_ERRORS}
  }
}
`,
      variables: {
        input: { firstName: 'Katherine', lastName: 'Johnson', email: 'katherine@example.com' },
        sellerId: placeholder('cst', "OnboardSeller's seller.id"),
        outcome: 'APPROVED',
      },
    },
    {
      story: 'open a virtual account',
      query: `# 2/5 Open a virtual account
#
# A virtual account is a US bank account number
# of the seller's: money sent to it arrives in
# their wallet as USDC.
#
# 1. "sellerId": tab 1's seller.id.
# 2. Run CreateWallet; copy wallet.id into
#    "walletId".
# 3. Run OpenVirtualAccount (below): bankDetails
#    is where payers send money. Keep
#    virtualAccount.id.
#
# For a 1% fee on every deposit, paid into your
# treasury (createTreasuryWallet), add
#   developerFees: [{ rate: "0.010" }]
# to the input.

mutation CreateWallet($sellerId: ID!) {
  createWallet(
    input: {
      sellerId: $sellerId
      asset: USDC
      network: POLYGON
    }
  ) {
    wallet {
      id
      address
      balance { available pending }
    }
    ${USER_ERRORS}
  }
}

mutation OpenVirtualAccount(
  $sellerId: ID!
  $walletId: ID!
) {
  createVirtualAccount(
    input: {
      sellerId: $sellerId
      destinationWalletId: $walletId
      label: "Main account"
    }
  ) {
    virtualAccount {
      id
      status
      bankDetails {
        bankName
        routingNumber
        accountNumber
        ownerName
      }
    }
    ${USER_ERRORS}
  }
}
`,
      variables: {
        sellerId: placeholder('cst', "tab 1: OnboardSeller's seller.id"),
        walletId: placeholder('wlt', "CreateWallet's wallet.id"),
      },
    },
    {
      story: 'simulate a deposit',
      query: `# 3/5 Simulate a deposit
#
# In a sandbox, simulateDeposit plays a bank
# transfer into a virtual account: PROCESSING at
# first, COMPLETED a moment later, the USDC then
# in the wallet. Tab 4 shows it live.
#
# "virtualAccountId": tab 2's virtualAccount.id,
# or one VirtualAccounts (below) lists: the demo
# sellers Ada, Grace and Alan have one each.
#
# The same variables again are the same deposit:
# change "idempotencyKey" for another. 77.77 is
# held for compliance first; 13.13 fails.

mutation SimulateDeposit(
  $virtualAccountId: ID!
  $amount: Decimal!
  $idempotencyKey: String
) {
  simulateDeposit(
    input: {
      virtualAccountId: $virtualAccountId
      amount: $amount
      rail: ACH_IN
      idempotencyKey: $idempotencyKey
    }
  ) {
    accepted
    transaction {
      id
      status
      source { asset amountGross }
      destination { asset amountNet }
    }
    ${USER_ERRORS}
  }
}

query VirtualAccounts {
  sellers(first: 10) {
    nodes {
      id
      firstName
      lastName
      virtualAccounts { id label status }
    }
  }
}
`,
      variables: {
        virtualAccountId: placeholder('va', "tab 2: OpenVirtualAccount's virtualAccount.id"),
        amount: '500.00',
        idempotencyKey: 'deposit-1',
      },
    },
    {
      story: 'watch it live',
      query: `# 4/5 Watch it live
#
# activity pushes what a seller's dashboard shows
# as it happens: status changes of transactions,
# the wallet's balance after each, KYC changes,
# cash-ins. Every event so far is listed below,
# newest last.
#
# 1. "sellerId": tab 1's seller.id (or null: all
#    your sellers). Run WatchSeller, and stay on
#    this tab: changing tabs stops it.
# 2. In a second window on this page, run tab 3's
#    SimulateDeposit (or deposit from a dashboard,
#    or with curl).
# 3. Here: the deposit PROCESSING, then COMPLETED,
#    each followed by the wallet's balance.
#
# "after": an event's cursor replays what came
# after it, then goes on live. Stop ends it.

subscription WatchSeller(
  $sellerId: ID
  $after: String
) {
  activity(sellerId: $sellerId, after: $after) {
    cursor
    kind
    event
    occurredAt
    transaction {
      id
      type
      status
      destination { asset amountNet }
    }
    balance {
      wallet { id }
      balance { available pending }
    }
    seller { id status }
    cashIn { id status }
  }
}
`,
      variables: {
        sellerId: placeholder('cst', "tab 1: OnboardSeller's seller.id"),
        after: null,
      },
    },
    {
      story: 'withdraw',
      query: `# 5/5 Withdraw to a bank
#
# The seller's USDC leave the wallet and arrive in
# their own bank account as US dollars, over ACH.
#
# 1. "sellerId": tab 1's seller.id. Run
#    RegisterBankAccount (sandbox only: OMS
#    provisions real ones itself); copy its id
#    into "externalAccountId".
# 2. "walletId": tab 2's wallet.id. CreateQuote
#    holds a price for 5 minutes; amountNet is
#    what arrives. Copy its id into "quoteId".
# 3. ExecuteQuote moves the money, once per
#    "payKey". Copy transaction.id into
#    "transactionId" and run Withdrawal (or watch
#    it complete in tab 4).

mutation RegisterBankAccount($sellerId: ID!) {
  registerExternalAccount(
    input: {
      sellerId: $sellerId
      type: US_BANK
      bankName: "Chase"
      routingNumber: "021000021"
      accountNumber: "000123454242"
      label: "Payouts"
    }
  ) {
    externalAccount {
      id
      bankName
      accountNumberLast4
      status
    }
    ${USER_ERRORS}
  }
}

mutation CreateQuote(
  $sellerId: ID!
  $walletId: ID!
  $externalAccountId: ID!
  $amount: Decimal!
  $quoteKey: String!
) {
  createQuote(
    input: {
      sellerId: $sellerId
      sourceWalletId: $walletId
      sourceAmount: $amount
      destinationExternalAccountId: $externalAccountId
      idempotencyKey: $quoteKey
    }
  ) {
    quote {
      id
      expiresAt
      source { asset network amountGross }
      destination { asset network amountNet }
    }
    ${USER_ERRORS}
  }
}

mutation ExecuteQuote(
  $quoteId: ID!
  $payKey: String!
) {
  executeQuote(
    input: { quoteId: $quoteId, idempotencyKey: $payKey }
  ) {
    transaction { id type status }
    ${USER_ERRORS}
  }
}

query Withdrawal($transactionId: ID!) {
  transaction(id: $transactionId) {
    id
    status
    destination {
      asset
      amountNet
      externalAccount { bankName accountNumberLast4 }
    }
  }
}
`,
      variables: {
        sellerId: placeholder('cst', "tab 1: OnboardSeller's seller.id"),
        walletId: placeholder('wlt', "tab 2: CreateWallet's wallet.id"),
        externalAccountId: placeholder('cpUsBank', "RegisterBankAccount's externalAccount.id"),
        amount: '100.00',
        quoteKey: 'quote-1',
        quoteId: placeholder('qt', "CreateQuote's quote.id"),
        payKey: 'pay-1',
        transactionId: placeholder('txn', "ExecuteQuote's transaction.id"),
      },
    },
    { story: 'explore', query: overviewQuery, variables: undefined },
  ];
}

/** The last tab: who am I, and the sellers with their wallets, balances and transactions. */
export const overviewQuery = `# Everything at once: who the token is, and your
# sellers with their wallets, balances and latest
# transactions.

query Overview {
  viewer {
    role
    tenant { id name }
  }
  sellers(first: 5) {
    nodes {
      id
      firstName
      lastName
      status
      wallets {
        id
        network
        asset
        address
        balance { available pending updatedAt }
      }
      transactions(first: 5) {
        nodes {
          id
          type
          status
          createdAt
          source { asset amountGross }
          destination { asset amountNet }
        }
      }
    }
  }
}
`;
