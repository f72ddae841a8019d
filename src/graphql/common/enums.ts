import { asset, feeType, network } from '../../oms/schemas/index.js';
import { graphqlEnum } from './enum.js';

/** The enums every resource shares; a resource's own enums live in its folder. */

export const Asset = graphqlEnum(asset.options, 'Asset', 'A currency or token: US dollars, or a dollar stablecoin.');
export type Asset = (typeof asset.options)[number];
export const Network = graphqlEnum(network.options, 'Network', 'Where money moves: a blockchain, or a bank or cash rail.');
export type Network = (typeof network.options)[number];
export const FeeType = graphqlEnum(feeType.options, 'FeeType', 'A fee as a fraction of the amount, or a fixed amount.');
export type FeeType = (typeof feeType.options)[number];
