import { asset, feeType, network } from '../../oms/schemas/index.js';
import { graphqlEnum } from './enum.js';

/** The enums every resource shares; a resource's own enums live in its folder. */

export const Asset = graphqlEnum(asset.options, 'Asset', 'A currency or token: US dollars, or a dollar stablecoin.', {
  usd: 'US dollars, on bank and cash rails; amounts have 2 decimals.',
  usdc: "USDC, Circle's dollar stablecoin; amounts have up to 6 decimals.",
  usdt: "USDT, Tether's dollar stablecoin; amounts have up to 6 decimals.",
});
export type Asset = (typeof asset.options)[number];
export const Network = graphqlEnum(network.options, 'Network', 'Where money moves: a blockchain, or a bank or cash rail.', {
  polygon: 'The Polygon blockchain (the usual network for stablecoins here).',
  ethereum: 'The Ethereum blockchain.',
  usBank: "A US bank account as a whole: a virtual account's source, which takes ACH and wire transfers in.",
  ach: 'ACH, the US batch bank transfer (usually one to three business days).',
  wire: 'A US domestic wire transfer (same day).',
  cash: 'Cash handed in at a retail counter (cash-ins).',
});
export type Network = (typeof network.options)[number];
export const FeeType = graphqlEnum(feeType.options, 'FeeType', 'A fee as a fraction of the amount, or a fixed amount.', {
  percentage: 'A fraction of the gross amount, given in `rate` ("0.010" is 1%).',
  fixed: 'A fixed sum per transaction, given in `amount`, in the schedule’s currency.',
});
export type FeeType = (typeof feeType.options)[number];
