import { describe, expect, it } from 'vitest';
import { omsError } from '../oms/support.js';
import { fund, seller, world } from '../support/sandbox.js';

/**
 * Payouts to external accounts and quote developer fees in the sandbox, through the real client.
 * Fees follow DOCS_EXAMPLE_FEES: cryptoToFiat 0.5% + 1.00 OMS; cryptoToCrypto 0.35% OMS + 0.03 gas.
 */

async function funded() {
  const w = await world();
  const alice = await seller(w.client, 'Alice');
  await fund(w, alice.customer.id, alice.wallet.id, 100_100); // 1000.00 after the 1.00 deposit fee
  const bank = await w.client.externalAccounts.create(alice.customer.id, {
    type: 'usBank',
    bankName: 'Chase',
    accountNumber: '000123454242',
    routingNumber: '021000021',
  });
  const payout = (amount: string) =>
    w.client.quotes.create({
      customerId: alice.customer.id,
      source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount },
      destination: { wallet: { externalAccount: bank.id }, asset: 'usd', network: 'ach' },
    });
  const balance = async () => (await w.client.wallets.balance(alice.wallet.id)).balance;
  return { w, alice, bank, payout, balance };
}

describe('a payout the bank returns', () => {
  it('fails as bankRejected, then its crypto is refunded to the wallet (13.13)', async () => {
    const { w, payout, balance } = await funded();
    const txn = await w.client.transactions.create({ quoteId: (await payout('13.13')).id });
    expect(txn).toMatchObject({ status: 'processing', rail: 'ach', estimatedArrival: expect.any(String) });
    await w.sandbox.idle();
    expect(w.eventsFor(txn.id)).toEqual(['transaction.cryptoToFiat.processing', 'transaction.cryptoToFiat.failed', 'transaction.cryptoToFiat.refundCompleted']);
    const failed = w.received.find((e) => e.data.id === txn.id && e.event.endsWith('.failed'))!.data;
    expect(failed).toMatchObject({ status: 'failed', subStatus: 'failed.bankRejected', error: { code: 'bankRejected' } });
    expect(await w.client.transactions.get(txn.id)).toMatchObject({ status: 'failed', subStatus: 'failed.refunded' });
    expect(await balance()).toBe('1000.00');
  });

  it('whose refund fails keeps the crypto out of the wallet (14.14)', async () => {
    const { w, payout, balance } = await funded();
    const txn = await w.client.transactions.create({ quoteId: (await payout('14.14')).id });
    await w.sandbox.idle();
    expect(w.eventsFor(txn.id)).toEqual(['transaction.cryptoToFiat.processing', 'transaction.cryptoToFiat.failed', 'transaction.cryptoToFiat.refundFailed']);
    expect(await w.client.transactions.get(txn.id)).toMatchObject({ status: 'failed', subStatus: 'failed.refundFailed' });
    expect(await balance()).toBe('985.86');
  });
});

describe('the rails an external account takes', () => {
  it('refuses a network the account is not on: 422 unsupported_asset_network on destination.network', async () => {
    const { w, alice, bank } = await funded();
    const intl = await w.client.externalAccounts.create(alice.customer.id, {
      type: 'intlBank',
      bankName: 'Commerzbank',
      iban: 'DE89370400440532013000',
      swiftCode: 'COBADEFF',
      country: 'DE',
    });
    expect(intl).toMatchObject({ type: 'intlBank', network: 'wire', bankDetails: { bankName: 'Commerzbank', accountNumber: '******3000' } });
    const address = await w.client.externalAccounts.create(alice.customer.id, {
      type: 'blockchainAddress',
      address: `0x${'ab'.repeat(20)}`,
      network: 'ethereum',
    });
    const source = { walletId: alice.wallet.id, asset: 'usdc' as const, network: 'polygon' as const, amount: '10.00' };
    const to = (id: string, asset: 'usd' | 'usdc', network: 'polygon' | 'ethereum' | 'ach' | 'wire') =>
      omsError(w.client.quotes.create({ customerId: alice.customer.id, source, destination: { wallet: { externalAccount: id }, asset, network } }));
    for (const refused of [await to(bank.id, 'usd', 'polygon'), await to(intl.id, 'usd', 'ach'), await to(address.id, 'usdc', 'polygon')]) {
      expect(refused).toMatchObject({ status: 422, code: 'unsupported_asset_network', param: 'destination.network' });
    }
    const wire = await w.client.quotes.create({
      customerId: alice.customer.id,
      source,
      destination: { wallet: { externalAccount: bank.id }, asset: 'usd', network: 'wire' },
    });
    expect(wire.destination).toMatchObject({ externalAccountId: bank.id, network: 'wire' });
  });
});

describe('developer fees on a quote', () => {
  it('takes a percentage and a fixed fee from the source, shows each on the transaction and pays them into their wallet on completion', async () => {
    const { w, alice } = await funded();
    const platform = await seller(w.client, 'Platform');
    const bob = await seller(w.client, 'Bob');
    const quote = await w.client.quotes.create({
      customerId: alice.customer.id,
      source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount: '100.00' },
      destination: { wallet: { wallet: bob.wallet.id }, asset: 'usdc', network: 'polygon' },
      developerFees: [
        { type: 'percentage', rate: '0.010', wallet: platform.wallet.id },
        { type: 'fixed', amount: '2.00', wallet: platform.wallet.id },
      ],
    });
    // Developer 1.00 + 2.00, OMS 0.35, gas 0.03: total 3.38, net 96.62.
    expect(quote).toMatchObject({
      source: { amountNet: '96.62', feesDeducted: { total: '3.38', developer: '3.00', oms: '0.35', gas: '0.03' } },
      developerFees: [
        { type: 'percentage', rate: '0.010', wallet: platform.wallet.id },
        { type: 'fixed', amount: '2.00', wallet: platform.wallet.id },
      ],
    });
    const lines = [
      { type: 'percentage', amount: '1.00', wallet: platform.wallet.id },
      { type: 'fixed', amount: '2.00', wallet: platform.wallet.id },
    ];
    const txn = await w.client.transactions.create({ quoteId: quote.id });
    expect(txn.developerFees).toEqual(lines);
    await w.sandbox.idle();
    expect(await w.client.transactions.get(txn.id)).toMatchObject({ status: 'completed', developerFees: lines });
    expect((await w.client.wallets.balance(platform.wallet.id)).balance).toBe('3.00');
    expect((await w.client.wallets.balance(bob.wallet.id)).balance).toBe('96.62');
  });

  it('refuses a fee wallet that does not exist (404) and a fixed fee that is not positive (400)', async () => {
    const { w, alice, bank } = await funded();
    const base = {
      customerId: alice.customer.id,
      source: { walletId: alice.wallet.id, asset: 'usdc' as const, network: 'polygon' as const, amount: '10.00' },
      destination: { wallet: { externalAccount: bank.id }, asset: 'usd' as const, network: 'ach' as const },
    };
    const noWallet = await omsError(w.client.quotes.create({ ...base, developerFees: [{ type: 'fixed', amount: '1.00', wallet: 'wlt_01NONE' }] }));
    expect(noWallet).toMatchObject({ status: 404, param: 'developerFees.0.wallet' });
    const zero = await omsError(w.client.quotes.create({ ...base, developerFees: [{ type: 'fixed', amount: '0.00' }] }));
    expect(zero).toMatchObject({ status: 400, param: 'developerFees.0.amount' });
  });
});
