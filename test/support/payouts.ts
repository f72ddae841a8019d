import { expect } from 'vitest';
import {
  CreatePayoutQuoteDocument,
  CreateSellerDocument,
  CreateSellerSessionDocument,
  CreateVirtualAccountDocument,
  CreateWalletDocument,
  ExecuteQuoteDocument,
  PayoutDocument,
  RegisterExternalAccountDocument,
  SimulateDepositDocument,
  WalletBalanceDocument,
  type CreateQuoteInput,
  type RegisterExternalAccountInput,
} from '../generated/graphql.js';
import { unique } from '../webhooks/support.js';
import { data } from './documents.js';
import { startTestGateway, type TestGateway } from './gateway.js';

/**
 * The steps of the stories about external accounts and withdrawals, through GraphQL with the typed
 * documents of test/graphql/documents/withdrawals.graphql, on a test gateway that records every call
 * it makes to OMS (so a story can prove that bad input reached nothing).
 */

export interface PayoutGateway extends TestGateway {
  /** "METHOD /path" of every call the gateway made to OMS, in order. */
  readonly omsCalls: string[];
}

export async function startPayoutGateway(options: Parameters<typeof startTestGateway>[0] = {}): Promise<PayoutGateway> {
  const omsCalls: string[] = [];
  const t = await startTestGateway({
    ...options,
    omsFetch: (sandbox) => (input, init) => {
      const request = new Request(input, init);
      omsCalls.push(`${request.method} ${new URL(request.url).pathname.replace(/^\/v0\.9/, '')}`);
      return sandbox(request);
    },
  });
  return Object.assign(t, { omsCalls });
}

/** The OMS calls made while `run` runs. */
export async function callsDuring(t: PayoutGateway, run: () => Promise<unknown>): Promise<string[]> {
  const before = t.omsCalls.length;
  await run();
  return t.omsCalls.slice(before);
}

export interface FundedSeller {
  id: string;
  walletId: string;
  vaId: string;
  /** A session token of the seller. */
  token: string;
}

/** A seller of `tenant` with a wallet, a virtual account (with the developer fees given) and a session token. */
export async function sellerOf(
  t: TestGateway,
  developerFees: { rate: string; walletId: string }[] = [],
  tenant: keyof TestGateway['keys'] = 'acme',
): Promise<FundedSeller> {
  const key = t.keys[tenant];
  const { createSeller } = await data(t, key, CreateSellerDocument, {
    input: { firstName: 'Wanda', lastName: 'Withdraw', email: `${unique('wanda')}@example.com` },
  });
  const id = createSeller.seller!.id;
  await t.sandbox.idle(); // endorsements
  const walletId = await walletOf(t, id, tenant);
  const { createVirtualAccount } = await data(t, key, CreateVirtualAccountDocument, {
    input: { sellerId: id, destinationWalletId: walletId, developerFees, idempotencyKey: unique('va') },
  });
  const { createSellerSession } = await data(t, key, CreateSellerSessionDocument, { input: { sellerId: id } });
  return { id, walletId, vaId: createVirtualAccount.virtualAccount!.id, token: createSellerSession.session!.token };
}

export async function walletOf(t: TestGateway, sellerId: string, tenant: keyof TestGateway['keys'] = 'acme'): Promise<string> {
  const { createWallet } = await data(t, t.keys[tenant], CreateWalletDocument, { input: { sellerId, idempotencyKey: unique('wallet') } });
  return createWallet.wallet!.id;
}

/** A simulated ACH deposit; waits for nothing. */
export async function depositInto(t: TestGateway, s: FundedSeller, amount: string): Promise<void> {
  const { simulateDeposit } = await data(t, t.keys.acme, SimulateDepositDocument, {
    input: { virtualAccountId: s.vaId, amount, rail: 'ACH_IN', idempotencyKey: unique('deposit') },
  });
  expect(simulateDeposit).toEqual({ accepted: true, userErrors: [] });
}

export async function available(t: TestGateway, walletId: string): Promise<string | undefined> {
  return (await data(t, t.keys.acme, WalletBalanceDocument, { id: walletId })).wallet?.balance.available;
}

export const US_BANK = { type: 'US_BANK', bankName: 'Chase', routingNumber: '021000021', accountNumber: '000123454242' } as const;

export async function register(t: TestGateway, sellerId: string, input: Omit<RegisterExternalAccountInput, 'sellerId'> = US_BANK, token = t.keys.acme) {
  return (await data(t, token, RegisterExternalAccountDocument, { input: { sellerId, ...input } })).registerExternalAccount;
}

/** A registered account's id; fails the story on any userError. */
export async function registered(t: TestGateway, sellerId: string, input: Omit<RegisterExternalAccountInput, 'sellerId'> = US_BANK): Promise<string> {
  const made = await register(t, sellerId, input);
  expect(made.userErrors).toEqual([]);
  return made.externalAccount!.id;
}

export async function quote(t: TestGateway, s: FundedSeller, input: Partial<CreateQuoteInput>, token = t.keys.acme) {
  return (
    await data(t, token, CreatePayoutQuoteDocument, {
      input: { sellerId: s.id, sourceWalletId: s.walletId, idempotencyKey: unique('quote'), ...input },
    })
  ).createQuote;
}

/** Executes the quote; answers the transaction as it started, failing the story on any userError. */
export async function execute(t: TestGateway, quoteId: string) {
  const { executeQuote } = await data(t, t.keys.acme, ExecuteQuoteDocument, { input: { quoteId, idempotencyKey: unique('execute') } });
  expect(executeQuote.userErrors).toEqual([]);
  return executeQuote.transaction!;
}

export async function payout(t: TestGateway, id: string, token = t.keys.acme) {
  return (await data(t, token, PayoutDocument, { id })).transaction;
}
