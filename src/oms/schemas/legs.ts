import { z } from 'zod';
import { asset, decimal, fees, network, type WalletTarget, walletTargetFields } from './common.js';
import { type Complete, decoded } from './decoded.js';

/** The two legs of a quote, a transaction or a cash-in: where the money comes from and where it goes. */

export const rates = z.object({ pair: z.string(), exchangeRate: decimal, effectiveRate: decimal });

export const sourceLeg = z.object({
  asset,
  network,
  walletId: z.string().nullish(),
  amountGross: decimal.nullish(),
  amountNet: decimal.nullish(),
  feesDeducted: fees.nullish(),
  txHash: z.string().nullish(),
});

export const destinationLegFields = z.object({
  wallet: walletTargetFields.nullish(),
  externalAccountId: z.string().nullish(),
  asset,
  network,
  amountGross: decimal.nullish(),
  amountNet: decimal.nullish(),
  feesDeducted: fees.nullish(),
  txHash: z.string().nullish(),
});
type DestinationLegFields = z.output<typeof destinationLegFields>;
export type DestinationLeg = Omit<DestinationLegFields, 'wallet'> & WalletTarget;
export function finishDestinationLeg(leg: DestinationLegFields): DestinationLeg {
  const wallet = leg.wallet;
  const out: Complete<DestinationLeg> = {
    asset: leg.asset,
    network: leg.network,
    amountGross: leg.amountGross,
    amountNet: leg.amountNet,
    feesDeducted: leg.feesDeducted,
    txHash: leg.txHash,
    walletId: wallet ? (wallet.wallet ?? wallet.id ?? null) : null,
    blockchainAddress: wallet?.blockchainAddress ?? null,
    externalAccountId: wallet?.externalAccount ?? wallet?.externalAccountId ?? leg.externalAccountId ?? null,
  };
  return out;
}
export const destinationLeg = decoded(destinationLegFields, finishDestinationLeg);
