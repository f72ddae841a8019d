import { walletStatus } from '../../oms/schemas/index.js';
import { graphqlEnum } from '../common/enum.js';

export const WalletStatus = graphqlEnum(walletStatus.options, 'WalletStatus', 'Whether a wallet can send and receive.', {
  active: 'Sends and receives.',
  suspended: 'Frozen by OMS: it cannot be used until OMS lifts the suspension.',
  closed: 'Closed for good: it cannot be used again.',
});
export type WalletStatus = (typeof walletStatus.options)[number];
