import { expect } from 'vitest';
import {
  CreateDepositAddressDocument,
  CreateSellerDocument,
  CreateWalletDocument,
  DepositAddressTransactionsDocument,
  SellerTransactionsDocument,
  SimulateCryptoDepositDocument,
  UpdateDepositAddressDocument,
  WalletBalanceDocument,
  type CreateDepositAddressInput,
  type CreateWalletInput,
  type SimulateCryptoDepositInput,
  type UpdateDepositAddressInput,
} from '../generated/graphql.js';
import { data } from './documents.js';
import type { TestGateway } from './gateway.js';

/** A blockchain address outside OMS. */
export const ADDRESS = `0x${'ab'.repeat(20)}`;

let counter = 0;
export const unique = (what: string) => `${what}-${Date.now().toString(36)}-${(counter += 1)}`;

/** The calls the deposit-address stories make, as acme's tenant key unless told otherwise. */
export function depositAddressCalls(t: TestGateway) {
  const acme = t.keys.acme;
  return {
    async createSeller() {
      const input = { firstName: 'Satoshi', lastName: 'Seller', email: `${unique('da')}@example.com` };
      const { createSeller } = await data(t, acme, CreateSellerDocument, { input });
      expect(createSeller.userErrors).toEqual([]);
      return createSeller.seller!;
    },
    async createWallet(sellerId: string, overrides: Partial<CreateWalletInput> = {}) {
      const { createWallet } = await data(t, acme, CreateWalletDocument, { input: { sellerId, idempotencyKey: unique('wallet'), ...overrides } });
      expect(createWallet.userErrors).toEqual([]);
      return createWallet.wallet!;
    },
    create: async (input: CreateDepositAddressInput, token = acme) => (await data(t, token, CreateDepositAddressDocument, { input })).createDepositAddress,
    update: async (input: UpdateDepositAddressInput) => (await data(t, acme, UpdateDepositAddressDocument, { input })).updateDepositAddress,
    /** With a fresh idempotency key: two equal deposits are two deposits. */
    simulate: async (input: Omit<SimulateCryptoDepositInput, 'idempotencyKey'>) =>
      (await data(t, acme, SimulateCryptoDepositDocument, { input: { idempotencyKey: unique('deposit'), ...input } })).simulateCryptoDeposit,
    available: async (walletId: string) => (await data(t, acme, WalletBalanceDocument, { id: walletId })).wallet?.balance.available,
    transactionsOf: async (id: string, first = 20, after: string | null = null) =>
      (await data(t, acme, DepositAddressTransactionsDocument, { id, first, after })).depositAddress!.transactions,
    sellerTransactions: async (id: string) => (await data(t, acme, SellerTransactionsDocument, { id, first: 100 })).seller!.transactions.nodes,
    /** The gateway's OMS calls that change something, by endpoint: bad input must add none. */
    writes: (): Record<string, number> =>
      Object.fromEntries(Object.entries(t.account.client.stats().byEndpoint).filter(([endpoint]) => !endpoint.startsWith('GET '))),
  };
}
