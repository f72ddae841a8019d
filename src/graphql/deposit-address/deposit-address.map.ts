import type { DepositAddress as OmsDepositAddress } from '../../oms/schemas/index.js';

/** A deposit address's destination as a PaymentTarget model; `walletId` is resolved only when the caller may see it. */
export function toDestination(da: OmsDepositAddress) {
  return { ...da.destination.wallet, asset: da.destination.asset, network: da.destination.network };
}

/** A developer fee as a FeeEntry model (deposit addresses take percentages only; a fixed one is shown as OMS sends it). */
export function toFeeEntry(fee: OmsDepositAddress['developerFees'][number]) {
  return fee.type === 'percentage'
    ? { type: fee.type, rate: fee.rate, amount: null, walletId: fee.wallet ?? null }
    : { type: fee.type, rate: null, amount: fee.amount, walletId: fee.wallet ?? null };
}

/** Where OMS's `param` of a deposit-address error points in the inputs. */
export const DA_FIELDS: Record<string, string[]> = {
  customerId: ['input', 'sellerId'],
  'destination.wallet.wallet': ['input', 'destinationWalletId'],
  'destination.wallet.blockchainAddress': ['input', 'destinationBlockchainAddress'],
  developerFees: ['input', 'developerFees'],
  metadata: ['input', 'metadata'],
  label: ['input', 'label'],
  id: ['input', 'id'],
};
