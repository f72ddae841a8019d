import { describe, expect, it } from 'vitest';
import { walletDepositDetected } from '../../src/oms/schemas/index.js';
import { seller, world } from '../support/sandbox.js';

describe("a transfer straight to a wallet's address (sandbox only)", () => {
  it('credits the wallet as it is, creates no transaction, and fires wallet.depositDetected with the wallet and the deposit', async () => {
    const w = await world();
    const { customer, wallet } = await seller(w.client);
    const deposit = await w.client.wallets.simulateDeposit(wallet.id, { amount: { value: '25.5' } });
    expect(deposit).toMatchObject({
      object: 'walletDeposit',
      walletId: wallet.id,
      status: 'detected',
      amount: { value: '25.50', currency: 'USDC' },
      asset: 'usdc',
      network: 'polygon',
    });
    expect(deposit.transactionHash).toMatch(/^0x[0-9a-f]{64}$/);
    expect((await w.client.wallets.balance(wallet.id)).balance).toBe('25.50');
    expect((await w.client.transactions.listForCustomer(customer.id)).data).toEqual([]);

    await w.sandbox.idle();
    const events = w.received.filter((e) => e.event === 'wallet.depositDetected');
    expect(events, 'once to the normal subscription; compliance subscriptions hear only holds').toHaveLength(1);
    const { object: _object, walletId: _walletId, status: _status, ...detected } = deposit;
    expect(walletDepositDetected.parse(events[0]!.data)).toEqual({ ...wallet, updatedAt: expect.any(String), deposit: detected });
  });

  it('refuses amounts that are not positive or finer than the asset, and answers 404 in production', async () => {
    const w = await world();
    const { wallet } = await seller(w.client);
    for (const value of ['0', '0.0000001'])
      await expect(w.client.wallets.simulateDeposit(wallet.id, { amount: { value } })).rejects.toMatchObject({ status: 400, param: 'amount.value' });
    await expect(w.client.wallets.simulateDeposit('wlt_01ZZZZZZZZZZZZZZZZZZZZZZZZ', { amount: { value: '1' } })).rejects.toMatchObject({ status: 404 });
    expect((await w.client.wallets.balance(wallet.id)).balance).toBe('0.00');

    const production = await world({ production: true });
    const other = await seller(production.client);
    await expect(production.client.wallets.simulateDeposit(other.wallet.id, { amount: { value: '1' } })).rejects.toMatchObject({
      status: 404,
      code: 'resource_not_found',
    });
  });
});
