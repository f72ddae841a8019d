import { walletStatus } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const WalletStatus = graphqlEnum(walletStatus.options, 'WalletStatus', 'Whether a wallet can send and receive.');
export type WalletStatus = (typeof walletStatus.options)[number];
