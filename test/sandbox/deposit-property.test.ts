import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUnits, parseAmount, rescale } from '../../src/money.js';
import { seller, world } from '../support/sandbox.js';

/**
 * The fee arithmetic end to end: random deposits and developer fee rates through the real client and
 * the sandbox's HTTP routes. Whatever the amounts, each transaction's own strings add up to the cent,
 * nothing is negative, and the wallets end up holding exactly the nets and the developer fees.
 */
describe('deposit arithmetic over random amounts and fee rates', () => {
  it('keeps gross = net + total and credits the wallets exactly', async () => {
    const w = await world({ completionDelayMs: 0 });
    const platform = await seller(w.client, 'Platform');
    let expectedFees = 0n;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1_000, max: 5_000_000_00 })),
        fc.array(fc.integer({ min: 1, max: 400 }), { maxLength: 2 }),
        async (cents, basisPoints) => {
          const { customer, wallet } = await seller(w.client);
          const rates = basisPoints.map((bp) => formatUnits(BigInt(bp), 4));
          const va = await w.client.virtualAccounts.create(customer.id, {
            source: { asset: 'usd', network: 'usBank' },
            destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
            developerFees: rates.map((rate) => ({ type: 'percentage' as const, rate, wallet: platform.wallet.id })),
          });
          const deposit = await w.client.virtualAccounts
            .simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: String(cents) } })
            .catch((error: unknown) => error as Error);
          if (deposit instanceof Error) {
            // Refused only when the fees would eat the whole deposit; nothing was recorded.
            expect(deposit).toMatchObject({ status: 400, param: 'amount.value', message: expect.stringContaining('does not cover') });
            expect((await w.client.transactions.listForCustomer(customer.id)).data).toHaveLength(0);
            refused += 1;
            return;
          }
          await w.sandbox.idle();
          const { source, destination, status } = await w.client.transactions.get(deposit.transactionId);
          expect(status).toBe('completed');
          const usd = (value: string | null | undefined) => parseAmount(value!, 'usd');
          const fees = source.feesDeducted!;
          expect(usd(source.amountGross)).toBe(BigInt(cents));
          expect(usd(source.amountGross)).toBe(usd(source.amountNet) + usd(fees.total));
          expect(usd(fees.total)).toBe(usd(fees.developer) + usd(fees.oms) + usd(fees.gas));
          for (const part of [source.amountNet, fees.total, fees.developer, fees.oms, fees.gas]) expect(usd(part) >= 0n).toBe(true);
          expect(parseAmount(destination.amountNet!, 'usdc')).toBe(rescale(usd(source.amountNet), 'usd', 'usdc'));
          expect(parseAmount((await w.client.wallets.balance(wallet.id)).balance, 'usdc')).toBe(rescale(usd(source.amountNet), 'usd', 'usdc'));
          expectedFees += rescale(usd(fees.developer), 'usd', 'usdc');
        },
      ),
      { numRuns: 150 },
    );
    expect(refused).toBeLessThan(150);
    expect(parseAmount((await w.client.wallets.balance(platform.wallet.id)).balance, 'usdc')).toBe(expectedFees);
  });
});
