import { formatUnits, parseUnits } from '../../money.js';
import type { depositRail as omsDepositRail, Transaction as OmsTransaction } from '../../oms/schemas/index.js';

type DepositRail = (typeof omsDepositRail.options)[number];

type OmsLeg = OmsTransaction['source'] | OmsTransaction['destination'];
type OmsFees = NonNullable<OmsLeg['feesDeducted']>;

/** The model behind a TransactionLeg; `walletId` is resolved to a Wallet only when the caller may see it. */
export interface LegModel {
  asset: OmsLeg['asset'];
  network: OmsLeg['network'];
  amountGross: string | null;
  amountNet: string | null;
  fees: { total: string; developer: string; oms: string; gas: string } | null;
  txHash: string | null;
  walletId: string | null;
  blockchainAddress: string | null;
  externalAccountId: string | null;
}

/** One side of an OMS transaction or quote as the API shows it. */
export function toLeg(leg: OmsLeg): LegModel {
  const target = 'blockchainAddress' in leg ? leg : { walletId: leg.walletId ?? null, blockchainAddress: null, externalAccountId: null };
  return {
    asset: leg.asset,
    network: leg.network,
    amountGross: leg.amountGross ?? null,
    amountNet: leg.amountNet ?? null,
    fees: leg.feesDeducted ? toFees(leg.feesDeducted) : null,
    txHash: leg.txHash ?? null,
    walletId: target.walletId ?? null,
    blockchainAddress: target.blockchainAddress ?? null,
    externalAccountId: target.externalAccountId ?? null,
  };
}

const SCALE = 6;

/**
 * OMS's seed sends the destination side as {oms, gas} only: the missing lines are zero and the total
 * is their exact sum, so total = developer + oms + gas always holds in what the API returns.
 */
export function toFees(fees: OmsFees) {
  const developer = fees.developer ?? '0.00';
  const oms = fees.oms ?? '0.00';
  const gas = fees.gas ?? '0.00';
  const total = fees.total ?? formatUnits(parseUnits(developer, SCALE) + parseUnits(oms, SCALE) + parseUnits(gas, SCALE), SCALE, 2);
  return { total, developer, oms, gas };
}

/**
 * A deposit's rail as the DepositRail of the simulate endpoint: transactions say "ach", "wire" or
 * "international_wire" (or the simulate form "ach_in"); anything else is no deposit rail.
 */
export function depositRail(rail: string | null | undefined): DepositRail | null {
  switch (rail) {
    case 'ach':
    case 'ach_in':
      return 'ach_in';
    case 'wire':
    case 'wire_in':
      return 'wire_in';
    case 'swift':
    case 'swift_in':
    case 'international_wire':
      return 'swift_in';
    default:
      return null;
  }
}
