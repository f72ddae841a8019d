import { expect } from 'vitest';
import {
  CashLocationsDocument,
  CreateCashInDocument,
  CreateSellerDocument,
  CreateWalletDocument,
  WalletBalanceDocument,
  type CreateCashInInput,
} from '../generated/graphql.js';
import { unique } from '../webhooks/support.js';
import { data } from './documents.js';
import type { TestGateway } from './gateway.js';

/** Cash-in stories' set-up, through the API with a tenant key: a seller with a wallet, a counter, a code. */

/** The docs' example point, in Sacramento, where the sandbox has its GreenDot counters. */
export const SACRAMENTO = { latitude: 38.495133, longitude: -121.505336 };
export const HOUR = 3_600_000;

export async function sellerWithWallet(t: TestGateway, key: string) {
  const { createSeller } = await data(t, key, CreateSellerDocument, {
    input: { firstName: 'Cash', lastName: 'Seller', email: `${unique('cash')}@example.com` },
  });
  expect(createSeller.userErrors).toEqual([]);
  await t.sandbox.idle(); // endorsements
  const { createWallet } = await data(t, key, CreateWalletDocument, { input: { sellerId: createSeller.seller!.id, idempotencyKey: unique('wallet') } });
  expect(createWallet.userErrors).toEqual([]);
  return { sellerId: createSeller.seller!.id, walletId: createWallet.wallet!.id };
}

export async function nearestLocation(t: TestGateway, key: string) {
  const { cashLocations } = await data(t, key, CashLocationsDocument, SACRAMENTO);
  return cashLocations[0]!;
}

/** A PENDING cash-in of 100.00 (by default) at the nearest counter, with a key of its own. */
export async function createCashIn(t: TestGateway, key: string, owner: { sellerId: string; walletId: string }, input: Partial<CreateCashInInput> = {}) {
  const location = await nearestLocation(t, key);
  const { createCashIn } = await data(t, key, CreateCashInDocument, {
    input: {
      sellerId: owner.sellerId,
      destinationWalletId: owner.walletId,
      amount: '100.00',
      cashLocationId: location.id,
      cashLocationReference: location.reference,
      idempotencyKey: unique('cash-in'),
      ...input,
    },
  });
  expect(createCashIn.userErrors).toEqual([]);
  return createCashIn.cashIn!;
}

export async function available(t: TestGateway, key: string, walletId: string): Promise<string | undefined> {
  return (await data(t, key, WalletBalanceDocument, { id: walletId })).wallet?.balance.available;
}

/** How many requests the gateway sent OMS to `endpoint` (a template, e.g. "POST /cash-ins"). */
export const sent = (t: TestGateway, endpoint: string) => t.account.client.stats().byEndpoint[endpoint] ?? 0;
