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

/**
 * A fetch for the sandbox's webhook deliveries that sends one at a time, in the order the sandbox
 * starts them: a deposit's `processing` is in the gateway's log before its `completed` is sent. OMS
 * promises no order (the gateway drops an event its object has moved past, tested elsewhere); the
 * tour's tests are about what a watcher sees of both.
 */
export function deliveriesInOrder(): typeof fetch {
  let previous: Promise<unknown> = Promise.resolve();
  return (input, init) => {
    const sent = previous.then(() => fetch(input, init));
    previous = sent.catch(() => undefined);
    return sent;
  };
}
