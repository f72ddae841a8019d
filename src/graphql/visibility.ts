import type { Customer, Quote, Transaction, VirtualAccount, Wallet } from '../oms/schemas/index.js';
import { canSee } from '../tenancy/ownership.js';
import type { Caller } from '../tenancy/caller.js';
import type { Loaders } from './loaders.js';

/**
 * Every object the API returns, fetched through the loaders and checked against the caller through
 * its customer. Another tenant's or another seller's object is null, exactly like a missing one.
 */
export interface Visibility {
  seller(id: string): Promise<Customer | null>;
  wallet(id: string): Promise<Wallet | null>;
  virtualAccount(id: string): Promise<VirtualAccount | null>;
  transaction(id: string): Promise<Transaction | null>;
  quote(id: string): Promise<Quote | null>;
}

export function createVisibility(caller: Caller, loaders: Loaders): Visibility {
  const seller = async (id: string) => {
    const customer = await loaders.customer.load(id);
    return customer && canSee(caller, customer) ? customer : null;
  };
  const through =
    <T extends { customerId: string }>(load: (id: string) => Promise<T | null>) =>
    async (id: string) => {
      const item = await load(id);
      return item && (await seller(item.customerId)) ? item : null;
    };
  return {
    seller,
    wallet: through((id) => loaders.wallet.load(id)),
    virtualAccount: through((id) => loaders.virtualAccount.load(id)),
    quote: through((id) => loaders.quote.load(id)),
    // A transaction belongs to its sender and, for a send between sellers, to its recipient too.
    async transaction(id) {
      const txn = await loaders.transaction.load(id);
      if (!txn) return null;
      const parties = [txn.customerId, txn.recipientCustomerId].filter((p): p is string => Boolean(p));
      const seen = await Promise.all(parties.map(seller));
      return seen.some(Boolean) ? txn : null;
    },
  };
}
