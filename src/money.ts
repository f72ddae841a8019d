/**
 * Exact money. Amounts travel as decimal strings ("494.00") and are computed as bigint minor units;
 * nothing here ever touches a JavaScript number, so nothing is ever rounded by accident.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A plain decimal string: digits, an optional fraction, an optional leading minus. No exponent, no plus, no spaces. */
export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value);
}

export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

/**
 * "12.34" at scale 2 -> 1234n. Refuses anything that is not a plain decimal, and any value with more
 * fraction digits than the scale holds (beyond trailing zeros): refusing is safer than rounding.
 */
export function parseUnits(value: string, scale: number): bigint {
  const match = DECIMAL.exec(value);
  if (!match) throw new MoneyError(`expected a decimal string like "12.34", got ${JSON.stringify(value)}`);
  const [, minus, whole, fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > scale) {
    throw new MoneyError(`expected at most ${scale} decimal places, got ${JSON.stringify(value)}`);
  }
  const units = BigInt(whole! + significant.padEnd(scale, '0'));
  return minus ? -units : units;
}

/** 1234n at scale 2 -> "12.34". `minFraction` keeps at least that many decimals and trims zeros past it. */
export function formatUnits(units: bigint, scale: number, minFraction = scale): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  while (fraction.length > minFraction && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  const text = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative ? `-${text}` : text;
}

/** numerator / denominator rounded half away from zero. */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * n + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** numerator / denominator rounded towards positive infinity (for non-negative operands). */
export function divCeil(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

/** An exact rational, e.g. a fee rate "0.010" = 10/1000. */
export interface Ratio {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** "0.010" -> 10/1000. Refuses anything that is not a plain non-negative decimal. */
export function parseRatio(value: string): Ratio {
  const match = DECIMAL.exec(value);
  if (!match || match[1]) throw new MoneyError(`expected a non-negative decimal like "0.010", got ${JSON.stringify(value)}`);
  const fraction = match[3] ?? '';
  return { numerator: BigInt(match[2]! + fraction), denominator: 10n ** BigInt(fraction.length) };
}

/** a / b as a decimal string with exactly `decimals` places, rounded half-up (e.g. rates with 4 places). */
export function formatRatio(a: bigint, b: bigint, decimals: number): string {
  return formatUnits(divRoundHalfUp(a * 10n ** BigInt(decimals), b), decimals);
}

/** The decimal places each asset is kept in internally. */
export const ASSET_SCALE = { usd: 2, usdc: 6, usdt: 6 } as const;
export type MoneyAsset = keyof typeof ASSET_SCALE;

/** Amounts are shown with at least 2 decimals (cents), and with more only when an asset holds more. */
export const DISPLAY_MIN_FRACTION = 2;

export function parseAmount(value: string, asset: MoneyAsset): bigint {
  return parseUnits(value, ASSET_SCALE[asset]);
}

export function formatAmount(units: bigint, asset: MoneyAsset): string {
  return formatUnits(units, ASSET_SCALE[asset], DISPLAY_MIN_FRACTION);
}

/** Moves minor units from one asset's scale to another's; refuses a move that would lose digits. */
export function rescale(units: bigint, from: MoneyAsset, to: MoneyAsset): bigint {
  const diff = ASSET_SCALE[to] - ASSET_SCALE[from];
  if (diff >= 0) return units * 10n ** BigInt(diff);
  const factor = 10n ** BigInt(-diff);
  if (units % factor !== 0n) throw new MoneyError(`${units} ${from} minor units do not fit ${to} exactly`);
  return units / factor;
}
