import { ASSET_SCALE, parseUnits, divCeil, divRoundHalfUp, formatAmount, formatRatio, parseAmount, parseRatio, type MoneyAsset, type Ratio } from '../money.js';
import { invalid } from './errors.js';

/**
 * The fee engine of contract decision 6: developer and OMS fees are computed on the source gross,
 * each line rounded half-up to the cent, and net is gross minus their total, so gross = net + total
 * always. Everything is in bigint minor units of the source asset.
 */

/** One kind of transaction's OMS fees: a percentage of gross and/or a fixed amount, plus gas. */
export interface FeeSchedule {
  /** Fraction of gross, e.g. "0.015". */
  percentage: string;
  /** In the source asset, e.g. "1.00". */
  fixed: string;
  gas: string;
}

export interface FeeProfile {
  virtualAccount: FeeSchedule;
  depositAddress: FeeSchedule;
  cashIn: FeeSchedule;
  cryptoToCrypto: FeeSchedule;
  cryptoToFiat: FeeSchedule;
}

/** Reproduces the seed example exactly: a 500.00 ACH deposit with a 1% developer fee nets 494.00. */
export const DOCS_EXAMPLE_FEES: FeeProfile = {
  virtualAccount: { percentage: '0', fixed: '1.00', gas: '0.00' },
  depositAddress: { percentage: '0.001', fixed: '0.00', gas: '0.00' },
  cashIn: { percentage: '0.015', fixed: '0.50', gas: '0.00' },
  cryptoToCrypto: { percentage: '0.0035', fixed: '0.00', gas: '0.03' },
  cryptoToFiat: { percentage: '0.005', fixed: '1.00', gas: '0.00' },
};

export interface Fees {
  gross: bigint;
  /** One amount per developer fee entry, in order. */
  developerLines: bigint[];
  developer: bigint;
  oms: bigint;
  gas: bigint;
  /** Gas the developer pays instead of the customer when gas is sponsored. */
  sponsoredGas: bigint;
  total: bigint;
  net: bigint;
}

/** Rounds gross × rate half-up to whole cents of the asset. */
function percentOf(gross: bigint, rate: Ratio, asset: MoneyAsset): bigint {
  const cent = 10n ** BigInt(ASSET_SCALE[asset] - 2);
  return divRoundHalfUp(gross * rate.numerator, rate.denominator * cent) * cent;
}

/** A developer fee line: a fraction of gross ("0.010"), or a fixed amount in the source asset (quotes only, where the amount is known). */
export type DeveloperFee = string | { fixed: string };

export function computeFees(gross: bigint, asset: MoneyAsset, schedule: FeeSchedule, developerFees: readonly DeveloperFee[] = [], sponsorGas = false): Fees {
  const developerLines = developerFees.map((fee) => (typeof fee === 'string' ? percentOf(gross, parseRatio(fee), asset) : parseAmount(fee.fixed, asset)));
  const developer = developerLines.reduce((sum, line) => sum + line, 0n);
  const oms = percentOf(gross, parseRatio(schedule.percentage), asset) + parseAmount(schedule.fixed, asset);
  const gasCost = parseAmount(schedule.gas, asset);
  const gas = sponsorGas ? 0n : gasCost;
  const total = developer + oms + gas;
  return { gross, developerLines, developer, oms, gas, sponsoredGas: sponsorGas ? gasCost : 0n, total, net: gross - total };
}

/** Like computeFees, but refuses an amount that is not positive or does not cover its fees. */
export function feesFor(
  gross: bigint,
  asset: MoneyAsset,
  schedule: FeeSchedule,
  param: string,
  developerFees: readonly DeveloperFee[] = [],
  sponsorGas = false,
): Fees {
  if (gross <= 0n) throw invalid(param, `${param} must be greater than zero`);
  const fees = computeFees(gross, asset, schedule, developerFees, sponsorGas);
  if (fees.net <= 0n) {
    throw invalid(param, `${param} ${formatAmount(gross, asset)} does not cover the fees of ${formatAmount(fees.total, asset)}`);
  }
  return fees;
}

/**
 * The smallest gross whose net is exactly `net` (a quote with the destination amount fixed). With
 * percentages below 100% in all, each extra cent of gross raises net by zero or one cent, so one exists.
 */
export function grossForNet(
  net: bigint,
  asset: MoneyAsset,
  schedule: FeeSchedule,
  param: string,
  sponsorGas = false,
  developerFees: readonly DeveloperFee[] = [],
): Fees {
  if (net <= 0n) throw invalid(param, `${param} must be greater than zero`);
  const rates = [schedule.percentage, ...developerFees.filter((fee): fee is string => typeof fee === 'string')];
  if (!percentagesBelowWhole(rates)) throw invalid(param, 'no gross amount can cover fees of 100% or more');
  const cent = 10n ** BigInt(ASSET_SCALE[asset] - 2);
  const fixed =
    parseAmount(schedule.fixed, asset) +
    (sponsorGas ? 0n : parseAmount(schedule.gas, asset)) +
    developerFees.reduce((sum, fee) => sum + (typeof fee === 'string' ? 0n : parseAmount(fee.fixed, asset)), 0n);
  // Estimate from net = gross × (1 − p) − fixed, then walk cent by cent to the exact answer.
  const whole = 10n ** 18n;
  const p = rates.reduce((sum, rate) => sum + parseUnits(rate, 18), 0n);
  let gross = divCeil((net + fixed) * whole, (whole - p) * cent) * cent;
  const netOf = (g: bigint) => computeFees(g, asset, schedule, developerFees, sponsorGas).net;
  while (netOf(gross) < net) gross += cent;
  while (gross > cent && netOf(gross - cent) >= net) gross -= cent;
  const fees = computeFees(gross, asset, schedule, developerFees, sponsorGas);
  if (fees.net !== net) throw invalid(param, `${param} cannot be reached exactly; try ${formatAmount(fees.net, asset)}`);
  return fees;
}

/** Whether these fractions ("0.010", "0.015") add up to less than one whole. */
export function percentagesBelowWhole(rates: readonly string[]): boolean {
  const whole = 10n ** 18n;
  return rates.reduce((sum, rate) => sum + parseUnits(rate, 18), 0n) < whole;
}

/** Fees as the wire shows them: decimal strings in the source asset. */
export function feesView(fees: Fees, asset: MoneyAsset) {
  return {
    total: formatAmount(fees.total, asset),
    developer: formatAmount(fees.developer, asset),
    oms: formatAmount(fees.oms, asset),
    gas: formatAmount(fees.gas, asset),
  };
}

/**
 * A transaction's developer fees as the wire shows them: each line's amount (in the source asset) with
 * the wallet it is paid into, in the order of `fees.developerLines`. Fee income is read from these.
 * Deposits take percentages only; a quote's lines may be fixed (`kinds`, in the same order).
 */
export function developerFeesView(
  fees: Fees,
  wallets: readonly (string | null | undefined)[],
  asset: MoneyAsset,
  kinds: readonly ('percentage' | 'fixed')[] = [],
) {
  return fees.developerLines.map((amount, i) => ({ type: kinds[i] ?? 'percentage', amount: formatAmount(amount, asset), wallet: wallets[i] ?? null }));
}

/** The destination side carries no fees of its own: they were all taken from the source. */
export const NO_FEES = { total: '0.00', developer: '0.00', oms: '0.00', gas: '0.00' };

/** effectiveRate = destination net / source gross, 4 decimals, as in the seed (494/500 = 0.9880). */
export function effectiveRate(destinationNet: bigint, destinationAsset: MoneyAsset, sourceGross: bigint, sourceAsset: MoneyAsset): string {
  const a = destinationNet * 10n ** BigInt(ASSET_SCALE[sourceAsset]);
  const b = sourceGross * 10n ** BigInt(ASSET_SCALE[destinationAsset]);
  return formatRatio(a, b, 4);
}

/** The omsFeeSchedule a resource publishes: exactly what is charged (contract decision 6). */
export function publishedSchedule(schedule: FeeSchedule, feeCurrency: 'usd' | 'usdc' | 'usdt') {
  const entries: ({ type: 'percentage'; rate: string } | { type: 'fixed'; amount: string })[] = [];
  if (parseRatio(schedule.percentage).numerator !== 0n) entries.push({ type: 'percentage', rate: schedule.percentage });
  if (parseAmount(schedule.fixed, feeCurrency) !== 0n) entries.push({ type: 'fixed', amount: schedule.fixed });
  return { feeCurrency, entries };
}
