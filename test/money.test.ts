import { describe, expect, it } from 'vitest';
import { divRoundHalfUp, formatAmount, formatUnits, parseAmount, parseRatio, parseUnits, rescale } from '../src/money.js';

describe('money', () => {
  it('parses decimal strings into exact minor units', () => {
    expect(parseUnits('494.00', 2)).toBe(49400n);
    expect(parseUnits('0.1', 2)).toBe(10n);
    expect(parseUnits('-3.5', 2)).toBe(-350n);
    expect(parseUnits('12.340000', 2)).toBe(1234n);
    expect(parseAmount('0.000001', 'usdc')).toBe(1n);
  });

  it('refuses anything but a plain decimal, and never rounds', () => {
    for (const bad of ['', '1e3', '+1', ' 1', '1.', '.5', '1,00', 'NaN', '0x10', '1.2.3']) {
      expect(() => parseUnits(bad, 2), bad).toThrow(/decimal string/);
    }
    expect(() => parseUnits('1.005', 2)).toThrow(/at most 2 decimal places/);
  });

  it('formats minor units with at least two decimals', () => {
    expect(formatUnits(49400n, 2)).toBe('494.00');
    expect(formatUnits(-5n, 2)).toBe('-0.05');
    expect(formatAmount(494_000_000n, 'usdc')).toBe('494.00');
    expect(formatAmount(1_234_567n, 'usdc')).toBe('1.234567');
    expect(formatAmount(1_500_000n, 'usdc')).toBe('1.50');
  });

  it('rounds half away from zero', () => {
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divRoundHalfUp(4n, 3n)).toBe(1n);
    expect(divRoundHalfUp(5n, 3n)).toBe(2n);
  });

  it('keeps ratios exact and rescales without losing digits', () => {
    expect(parseRatio('0.010')).toEqual({ numerator: 10n, denominator: 1000n });
    expect(() => parseRatio('-0.1')).toThrow();
    expect(rescale(49400n, 'usd', 'usdc')).toBe(494_000_000n);
    expect(rescale(494_000_000n, 'usdc', 'usd')).toBe(49400n);
    expect(() => rescale(1n, 'usdc', 'usd')).toThrow(/do not fit/);
  });
});
