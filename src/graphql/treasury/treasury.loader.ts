import type DataLoader from 'dataloader';
import type { OmsClient } from '../../oms/index.js';
import type { Customer } from '../../oms/schemas/index.js';
import type { LoaderKit } from '../loaders.js';
import { findTreasury } from './treasury.js';

export interface TreasuryLoaders {
  /** Key: the tenant id. Null before the tenant's first treasury wallet. */
  treasury: DataLoader<string, Customer | null>;
}

export function treasuryLoaders(oms: OmsClient, kit: LoaderKit): TreasuryLoaders {
  return { treasury: kit.many((tenantId: string) => findTreasury(oms, tenantId)) };
}
