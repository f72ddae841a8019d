import { describe, expect, it } from 'vitest';
import { OmsError } from '../../src/oms/index.js';
import { fund, seller, world } from '../support/sandbox.js';

async function virtualAccountWithFee(w: Awaited<ReturnType<typeof world>>) {
  const { customer, wallet } = await seller(w.client, 'Alice');
  const platform = await seller(w.client, 'Platform');
  const va = await w.client.virtualAccounts.create(customer.id, {
    source: { asset: 'usd', network: 'usBank' },
    destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
    developerFees: [{ type: 'percentage', rate: '0.010', wallet: platform.wallet.id }],
    label: 'Alice USD virtual account',
    accountholderName: 'oms',
    metadata: { purpose: 'customer_funding' },
  });
  return { customer, wallet, feeWallet: platform.wallet, va };
}

describe('virtual-account deposits', () => {
  it('reproduces the seed example to the cent: 500.00 USD with a 1% developer fee nets 494.00 USDC', async () => {
    const w = await world();
    const { customer, wallet, feeWallet, va } = await virtualAccountWithFee(w);
    expect(va.omsFeeSchedule).toEqual({ feeCurrency: 'usd', entries: [{ type: 'fixed', amount: '1.00' }] });
    expect(va.bankDetails).toMatchObject({
      bankName: 'OMS Trust Bank',
      routingNumber: '021000021',
      accountType: 'checking',
      ownerName: 'Polygon OMS Payments Inc.',
    });
    expect(va.bankDetails.accountNumber).toMatch(/^\d{10}$/);

    const deposit = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '50000' } });
    const processing = await w.client.transactions.get(deposit.transactionId);
    expect(processing).toMatchObject({
      type: 'fiatToCrypto',
      status: 'processing',
      subStatus: 'processing.fundsDetected',
      customerId: customer.id,
      quoteId: null,
      virtualAccountId: va.id,
      source: {
        asset: 'usd',
        network: 'usBank',
        amountGross: '500.00',
        amountNet: '494.00',
        feesDeducted: { total: '6.00', developer: '5.00', oms: '1.00', gas: '0.00' },
      },
      destination: { walletId: wallet.id, asset: 'usdc', network: 'polygon', amountGross: '494.00', amountNet: '494.00', txHash: null },
      rates: { pair: 'USD/USDC', exchangeRate: '1.0000', effectiveRate: '0.9880' },
      developerFees: [{ type: 'percentage', amount: '5.00', wallet: feeWallet.id }],
      metadata: { purpose: 'customer_funding' },
    });
    expect(await w.client.wallets.balance(wallet.id)).toMatchObject({ balance: '0.00', pendingBalance: '494.00' });

    await w.sandbox.idle();
    const completed = await w.client.transactions.get(deposit.transactionId);
    expect(completed).toMatchObject({ status: 'completed', subStatus: null });
    expect(completed.destination.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect(completed.completedAt).toBeTruthy();
    expect(await w.client.wallets.balance(wallet.id)).toMatchObject({ balance: '494.00', pendingBalance: '0.00' });
    expect(await w.client.wallets.balance(feeWallet.id)).toMatchObject({ balance: '5.00' });
    expect(w.eventsFor(deposit.transactionId)).toEqual(['transaction.fiatToCrypto.processing', 'transaction.fiatToCrypto.completed']);
    const events = w.received.filter((e) => e.data.id === deposit.transactionId);
    expect(events.map((e) => e.sequence)).toEqual([1, 2]);
    expect(events[1]!.data).toMatchObject({ status: 'completed', metadata: { purpose: 'customer_funding' } });
  });

  it('accepts every rail and any number of deposits to one account', async () => {
    const w = await world();
    const { wallet, va } = await virtualAccountWithFee(w);
    for (const rail of ['ach_in', 'wire_in', 'swift_in'] as const) {
      await w.client.virtualAccounts.simulate(va.id, { rail, amount: { currency: 'USD', value: '10000' } });
    }
    await w.sandbox.idle();
    // 3 x (100.00 - 1.00 developer - 1.00 OMS)
    expect((await w.client.wallets.balance(wallet.id)).balance).toBe('294.00');
    const list = await w.client.transactions.list({ type: 'fiatToCrypto' });
    expect(list.data.map((t) => t.rail)).toEqual(['swift', 'wire', 'ach']);
  });

  it('fails a rejected deposit, credits nothing, and then refunds the sender (magic amount 13.13)', async () => {
    const w = await world();
    const { wallet, va } = await virtualAccountWithFee(w);
    const deposit = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '1313' } });
    await w.sandbox.idle();
    const txn = await w.client.transactions.get(deposit.transactionId);
    expect(txn).toMatchObject({ status: 'failed', subStatus: 'failed.refunded', error: { code: 'bankRejected' } });
    expect(w.eventsFor(txn.id)).toEqual(['transaction.fiatToCrypto.processing', 'transaction.fiatToCrypto.failed', 'transaction.fiatToCrypto.refundCompleted']);
    expect(await w.client.wallets.balance(wallet.id)).toMatchObject({ balance: '0.00', pendingBalance: '0.00' });
  });

  it('reports a failed refund (X-Sandbox-Outcome: refundFailed)', async () => {
    const w = await world();
    const { va } = await virtualAccountWithFee(w);
    const deposit = await w.client.virtualAccounts.simulate(
      va.id,
      { rail: 'ach_in', amount: { currency: 'USD', value: '2500' } },
      { sandboxOutcome: 'refundFailed' },
    );
    await w.sandbox.idle();
    expect(await w.client.transactions.get(deposit.transactionId)).toMatchObject({ status: 'failed', subStatus: 'failed.refundFailed' });
    expect(w.eventsFor(deposit.transactionId).at(-1)).toBe('transaction.fiatToCrypto.refundFailed');
  });

  it('holds a deposit for compliance review, telling only compliance subscriptions, then completes it (77.77)', async () => {
    const w = await world();
    const { wallet, va } = await virtualAccountWithFee(w);
    const deposit = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '7777' } });
    await w.sandbox.idle();
    expect(w.eventsFor(deposit.transactionId)).toEqual([
      'transaction.fiatToCrypto.processing',
      'transaction.fiatToCrypto.underReview',
      'transaction.fiatToCrypto.completed',
    ]);
    const review = w.received.find((e) => e.event.endsWith('.underReview'))!;
    expect(review.data).toMatchObject({ status: 'processing', subStatus: 'processing.underReview' });
    // 77.77 - 0.78 developer - 1.00 OMS
    expect((await w.client.wallets.balance(wallet.id)).balance).toBe('75.99');
  });

  it('fails a held deposit when review rejects it (78.78), crediting nothing', async () => {
    const w = await world();
    const { wallet, va } = await virtualAccountWithFee(w);
    const deposit = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '7878' } });
    await w.sandbox.idle();
    expect(w.eventsFor(deposit.transactionId)).toEqual([
      'transaction.fiatToCrypto.processing',
      'transaction.fiatToCrypto.underReview',
      'transaction.fiatToCrypto.failed',
      'transaction.fiatToCrypto.refundCompleted',
    ]);
    expect((await w.client.wallets.balance(wallet.id)).balance).toBe('0.00');
  });

  it('refuses deposits to paused and deleted accounts, amounts that do not cover the fees, and unknown outcomes', async () => {
    const w = await world();
    const { va } = await virtualAccountWithFee(w);
    const tooSmall = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '100' } }).catch((e: unknown) => e);
    expect(tooSmall).toMatchObject({ status: 400, code: 'invalid_request', param: 'amount.value' });
    const badOutcome = await w.client.virtualAccounts
      .simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '5000' } }, { sandboxOutcome: 'maybe' })
      .catch((e: unknown) => e);
    expect(badOutcome).toMatchObject({ status: 400, param: 'X-Sandbox-Outcome' });
    const cents = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '12.50' } }).catch((e: unknown) => e);
    expect(cents).toMatchObject({ status: 400, param: 'amount.value' });

    await w.client.virtualAccounts.update(va.id, { status: 'paused' });
    const paused = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '5000' } }).catch((e: unknown) => e);
    expect(paused).toBeInstanceOf(OmsError);
    expect(paused).toMatchObject({ status: 400, message: expect.stringContaining('paused') });
    await w.client.virtualAccounts.delete(va.id);
    const deleted = await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '5000' } }).catch((e: unknown) => e);
    expect(deleted).toMatchObject({ status: 400, message: expect.stringContaining('deleted') });
    expect((await w.client.transactions.list()).data).toHaveLength(0);
  });

  it('answers 404 to simulate endpoints in production mode', async () => {
    const w = await world({ production: true });
    const { customer, wallet } = await seller(w.client);
    const error = await fund(w, customer.id, wallet.id, 5000).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 'resource_not_found' });
  });
});
