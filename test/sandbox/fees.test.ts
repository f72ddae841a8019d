import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUnits, parseRatio } from '../../src/money.js';
import { computeFees, DOCS_EXAMPLE_FEES, effectiveRate, feesFor, grossForNet, type FeeSchedule } from '../../src/sandbox/fees.js';

/** A fraction with up to 4 decimals below `maxBasisPoints`/10000, as a string ("0.0125"). */
const rate = (maxBasisPoints: number) => fc.integer({ min: 0, max: maxBasisPoints }).map((bp) => formatUnits(BigInt(bp), 4));
const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => formatUnits(BigInt(c), 2));
const schedule: fc.Arbitrary<FeeSchedule> = fc.record({ percentage: rate(500), fixed: cents(500), gas: cents(100) });
const scales = fc.constantFrom({ asset: 'usd' as const, cent: 1n }, { asset: 'usdc' as const, cent: 10_000n });

describe('fees (contract decision 6)', () => {
  it('reproduces the seed example to the cent', () => {
    const fees = computeFees(50000n, 'usd', DOCS_EXAMPLE_FEES.virtualAccount, ['0.010']);
    expect(fees).toMatchObject({ developer: 500n, oms: 100n, gas: 0n, total: 600n, net: 49400n });
    expect(effectiveRate(494_000_000n, 'usdc', 50000n, 'usd')).toBe('0.9880');
  });

  it('rounds each line half-up to the cent', () => {
    // 1% of 0.50 is 0.005 -> 0.01; 1% of 0.49 is 0.0049 -> 0.00.
    expect(computeFees(50n, 'usd', { percentage: '0', fixed: '0', gas: '0' }, ['0.01']).developer).toBe(1n);
    expect(computeFees(49n, 'usd', { percentage: '0', fixed: '0', gas: '0' }, ['0.01']).developer).toBe(0n);
    // Two developer lines are rounded separately: 0.5% + 0.5% of 1.00 = 0.01 + 0.01.
    expect(computeFees(100n, 'usd', { percentage: '0', fixed: '0', gas: '0' }, ['0.005', '0.005']).developerLines).toEqual([1n, 1n]);
  });

  it('gross = net + total, every line non-negative and within half a cent, over thousands of random amounts and rates', () => {
    fc.assert(
      fc.property(
        scales,
        fc.bigInt({ min: 1n, max: 10n ** 11n }),
        schedule,
        fc.array(rate(500), { maxLength: 3 }),
        fc.boolean(),
        ({ asset, cent }, grossCents, oms, developerRates, sponsorGas) => {
          const gross = grossCents * cent;
          const fees = computeFees(gross, asset, oms, developerRates, sponsorGas);
          expect(fees.gross).toBe(fees.net + fees.total);
          expect(fees.total).toBe(fees.developer + fees.oms + fees.gas);
          expect(fees.developer).toBe(fees.developerLines.reduce((a, b) => a + b, 0n));
          for (const part of [fees.developer, fees.oms, fees.gas, fees.sponsoredGas, fees.total, ...fees.developerLines]) {
            expect(part >= 0n).toBe(true);
            expect(part % cent).toBe(0n); // whole cents
          }
          developerRates.forEach((r, i) => {
            const { numerator, denominator } = parseRatio(r);
            const exactTimesDen = gross * numerator;
            const diff = fees.developerLines[i]! * denominator - exactTimesDen;
            expect((diff < 0n ? -diff : diff) * 2n <= cent * denominator).toBe(true);
          });
          // What the API accepts never goes negative: feesFor refuses amounts that do not cover their fees.
          if (fees.net > 0n) expect(feesFor(gross, asset, oms, 'amount', developerRates, sponsorGas).net).toBe(fees.net);
          else expect(() => feesFor(gross, asset, oms, 'amount', developerRates, sponsorGas)).toThrow(/does not cover/);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('finds the smallest gross that delivers an exact destination amount', () => {
    fc.assert(
      fc.property(scales, fc.bigInt({ min: 1n, max: 10n ** 9n }), schedule, ({ asset, cent }, netCents, oms) => {
        const net = netCents * cent;
        const fees = grossForNet(net, asset, oms, 'destination.amount');
        expect(fees.net).toBe(net);
        expect(fees.gross).toBe(fees.net + fees.total);
        expect(computeFees(fees.gross - cent, asset, oms).net < net).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
