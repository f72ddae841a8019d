/**
 * Amounts as the gateway sends them: exact decimal strings ("494.00", "0.123456"). They are shown by
 * working on the digits as text, never through a JavaScript number, which would round them.
 */

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * "1234567.5" -> "1,234,567.50": thousands grouped, at least two decimals, trailing zeros past two
 * dropped ("494.000000" -> "494.00", "0.123400" -> "0.1234"). Anything that is not a decimal is shown as it came.
 */
export function formatAmount(value: string): string {
  const match = DECIMAL.exec(value);
  if (!match) return value;
  const [, sign, whole = '', fraction = ''] = match;
  const digits = whole.replace(/^0+(?=\d)/, '');
  const grouped = digits.replace(/\B(?=(\d{3})+$)/g, ',');
  const decimals = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${sign}${grouped}.${decimals}`;
}

/** An amount with its asset, e.g. "494.00 USDC"; a dash when there is none. */
export function money(value: string | null | undefined, asset: string): string {
  return value === null || value === undefined ? '—' : `${formatAmount(value)} ${asset}`;
}

/** Whether a decimal string is zero ("0", "0.00", "-0.0"). */
export function isZero(value: string): boolean {
  return /^-?0*(\.0*)?$/.test(value) && /\d/.test(value);
}

/** Whether `value` is an amount one may type: positive, digits with at most `decimals` decimals, at most a trillion (the gateway's cap). */
export function isAmountInput(value: string, decimals: number): boolean {
  const match = /^0*(\d{1,13})(?:\.(\d+))?$/.exec(value);
  if (match === null || (match[2] ?? '').length > decimals || isZero(value)) return false;
  const whole = match[1]!;
  // 13 digits: at most 1000000000000 itself, and then no fraction above zero.
  return whole.length < 13 || (whole === '1000000000000' && /^0*$/.test(match[2] ?? ''));
}

/** The decimals an asset's amounts may have (README: USD 2, USDC and USDT 6). */
export function decimalsOf(asset: string): number {
  return asset === 'USD' ? 2 : 6;
}
