import type { z } from 'zod';
import type * as oms from '../oms/schemas/index.js';
import { notFound } from './errors.js';

/**
 * The sandbox's in-memory state. Each OMS account (one API key) has its own Ledger, so one account
 * never sees another's objects, as in OMS. Objects are kept in their wire form (what the API
 * returns); what the wire form does not carry (exact balances) is kept beside it.
 */

export type CustomerView = Omit<z.input<typeof oms.customer>, 'endorsements'> & {
  endorsements: { name: oms.EndorsementName; status: oms.EndorsementStatus }[];
};
export type WalletView = z.input<typeof oms.wallet>;
export type VirtualAccountView = z.input<typeof oms.virtualAccount>;
export type DepositAddressView = z.input<typeof oms.depositAddress>;
export type ExternalAccountView = z.input<typeof oms.externalAccount>;
export type QuoteView = z.input<typeof oms.quote>;
export type TransactionView = z.input<typeof oms.transaction>;
export type CashInView = z.input<typeof oms.cashIn>;
export type WebhookView = Omit<z.input<typeof oms.webhook>, 'secret'>;

export interface WalletRecord {
  view: WalletView;
  /** Settled balance in the asset's minor units (micro-USDC). */
  available: bigint;
}

/** What executing a quote moves, in minor units of each side's asset. */
export interface QuoteRecord {
  view: QuoteView;
  sourceGross: bigint;
  destinationNet: bigint;
  /** The OMS wallet the destination amount lands in, if the destination is one. */
  creditWalletId: string | null;
  /** Developer fees paid into their wallets on completion, in the source asset's minor units. */
  developerCredits: { walletId: string; amount: bigint }[];
  /** The developer fee lines the transaction will show: each amount with its wallet. */
  developerCharges: NonNullable<TransactionView['developerFees']>;
}

export interface TransactionRecord {
  view: TransactionView;
  /** The wallet debited at execution (sends, off-ramps) and how much, to refund on failure. */
  debit?: { walletId: string; amount: bigint };
  /** Credits applied on completion: the destination wallet and any developer-fee wallets. */
  credits: { walletId: string; amount: bigint }[];
}

export interface WebhookRecord {
  view: WebhookView;
  secret: string;
}

export interface CashInRecord {
  view: CashInView;
  /** The retail counter's authorization of a scanned code: what the commit must match. */
  authorization?: { confirmationId: string; amount: bigint };
}

export interface Account {
  id: string;
  apiKey: string;
  apiSecret: string;
}

export class Ledger {
  readonly customers = new Map<string, CustomerView>();
  readonly wallets = new Map<string, WalletRecord>();
  readonly virtualAccounts = new Map<string, VirtualAccountView>();
  readonly depositAddresses = new Map<string, DepositAddressView>();
  readonly externalAccounts = new Map<string, ExternalAccountView>();
  readonly quotes = new Map<string, QuoteRecord>();
  readonly transactions = new Map<string, TransactionRecord>();
  readonly cashIns = new Map<string, CashInRecord>();
  readonly webhooks = new Map<string, WebhookRecord>();

  constructor(readonly account: Account) {}

  customer(id: string, param?: string): CustomerView {
    return found(this.customers.get(id), 'customer', id, param);
  }
  wallet(id: string, param?: string): WalletRecord {
    return found(this.wallets.get(id), 'wallet', id, param);
  }
  virtualAccount(id: string, param?: string): VirtualAccountView {
    return found(this.virtualAccounts.get(id), 'virtual account', id, param);
  }
  depositAddress(id: string, param?: string): DepositAddressView {
    return found(this.depositAddresses.get(id), 'deposit address', id, param);
  }
  externalAccount(id: string, param?: string): ExternalAccountView {
    return found(this.externalAccounts.get(id), 'external account', id, param);
  }
  quote(id: string, param?: string): QuoteRecord {
    return found(this.quotes.get(id), 'quote', id, param);
  }
  transaction(id: string, param?: string): TransactionRecord {
    return found(this.transactions.get(id), 'transaction', id, param);
  }
  cashIn(id: string, param?: string): CashInRecord {
    return found(this.cashIns.get(id), 'cash-in', id, param);
  }
  webhook(id: string, param?: string): WebhookRecord {
    return found(this.webhooks.get(id), 'webhook', id, param);
  }
}

function found<T>(value: T | undefined, what: string, id: string, param?: string): T {
  if (value === undefined) throw notFound(what, id, param);
  return value;
}
