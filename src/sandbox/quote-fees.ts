import type { z } from 'zod';
import { formatAmount, MoneyError, parseAmount, rescale, type MoneyAsset } from '../money.js';
import type { createQuoteRequest } from '../oms/schemas/index.js';
import { invalid } from './errors.js';
import { percentagesBelowWhole, type DeveloperFee } from './fees.js';
import type { Ledger } from './store.js';
import { checkFeeWallets } from './targets.js';

/** What a quote request asks for, parsed: amounts in the precision they are paid in, and developer fees. */

type DeveloperFeeRequest = NonNullable<z.output<typeof createQuoteRequest>['developerFees']>[number];

/**
 * A quote's developer fees: the lines the fee engine takes (fixed amounts parsed in the precision the
 * quote's amounts have), the wallet each is paid into, and the fees as the quote shows them. Every fee
 * wallet must exist, and the percentages with OMS's must stay below 100%.
 */
export function developerFees(ledger: Ledger, requested: DeveloperFeeRequest[], omsPercentage: string, unitAsset: MoneyAsset, asset: MoneyAsset) {
  checkFeeWallets(ledger, requested, 'developerFees');
  const rates = requested.flatMap((fee) => (fee.type === 'percentage' ? [fee.rate] : []));
  if (!percentagesBelowWhole([omsPercentage, ...rates])) throw invalid('developerFees', 'developer and OMS percentages together must stay below 100%');
  const fixed = requested.map((fee, i) => {
    if (fee.type !== 'fixed') return null;
    const units = amount(fee.amount, unitAsset, asset, `developerFees.${i}.amount`);
    if (units <= 0n) throw invalid(`developerFees.${i}.amount`, `developerFees.${i}.amount must be greater than zero`);
    return formatAmount(units, asset);
  });
  return {
    lines: requested.map((fee, i): DeveloperFee => (fee.type === 'percentage' ? fee.rate : { fixed: fixed[i]! })),
    wallets: requested.map((fee) => fee.wallet ?? null),
    kinds: requested.map((fee) => fee.type),
    view: requested.map((fee, i) =>
      fee.type === 'percentage'
        ? { type: 'percentage' as const, rate: fee.rate, wallet: fee.wallet ?? null }
        : { type: 'fixed' as const, amount: fixed[i]!, wallet: fee.wallet ?? null },
    ),
  };
}

/** Parses an amount given in `unitAsset`'s precision and converts it to `asAsset`'s minor units. */
export function amount(value: string, unitAsset: MoneyAsset, asAsset: MoneyAsset, param: string): bigint {
  try {
    return rescale(parseAmount(value, unitAsset), unitAsset, asAsset);
  } catch (error) {
    if (error instanceof MoneyError) throw invalid(param, `${param}: ${error.message}`);
    throw error;
  }
}
