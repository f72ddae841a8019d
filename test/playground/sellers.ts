import { expect } from 'vitest';
import type { TestGateway } from '../support/gateway.js';

/** A seller of acme with one wallet, made through the API. */
export async function sellerWithWallet(t: TestGateway, firstName: string): Promise<{ sellerId: string; walletId: string }> {
  const seller = await t.request(t.keys.acme, 'mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } userErrors { message } } }', {
    input: { firstName, lastName: 'Playground', email: `${firstName.toLowerCase()}-${Date.now()}@example.com` },
  });
  const sellerId = seller.data?.createSeller.seller?.id as string;
  expect(sellerId, JSON.stringify(seller)).toBeTruthy();
  const wallet = await t.request(t.keys.acme, 'mutation($input: CreateWalletInput!) { createWallet(input: $input) { wallet { id } userErrors { message } } }', {
    input: { sellerId },
  });
  const walletId = wallet.data?.createWallet.wallet?.id as string;
  expect(walletId, JSON.stringify(wallet)).toBeTruthy();
  return { sellerId, walletId };
}
