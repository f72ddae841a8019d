import type { Caller } from '../tenancy/caller.js';
import { canSee, isTreasury } from '../tenancy/ownership.js';
import type { VisibilityScope } from './resource.js';
import { nodeKinds, resources, type Loaders, type Visibility } from './resources.js';

export type { Visibility } from './resources.js';

/**
 * Every object the API returns, fetched through the loaders and checked against the caller through
 * its customer. Another tenant's or another seller's object is null, exactly like a missing one.
 * Each resource brings its own checks (its folder's `visibility`); `node` finds any of them by prefix.
 */
export function createVisibility(caller: Caller, loaders: Loaders): Visibility {
  // Objects are checked through the customer that owns them; a seller is such a customer but never
  // the tenant's treasury, whose wallets the tenant key sees while the treasury itself is no seller.
  const customer = async (id: string) => {
    const found = await loaders.customer.load(id);
    return found && canSee(caller, found) ? found : null;
  };
  const seller = async (id: string) => {
    const found = await customer(id);
    return found && !isTreasury(found) ? found : null;
  };
  const scope: VisibilityScope = {
    caller,
    seller,
    owned: (load, owners) => async (id) => {
      const item = await load(id);
      if (!item) return null;
      const parties = [...new Set(owners(item))].filter((p): p is string => Boolean(p));
      return (await Promise.all(parties.map(customer))).some(Boolean) ? item : null;
    },
  };
  const visible = Object.assign({ seller }, ...resources.map((resource) => resource.visibility?.(scope, loaders as never) ?? {})) as Visibility;
  visible.node = async (id: string) => {
    const kind = nodeKinds.find((candidate) => id.startsWith(candidate.prefix));
    const find = kind && (visible as unknown as Record<string, (id: string) => Promise<{ id: string } | null>>)[kind.find];
    return find ? find(id) : null;
  };
  return visible;
}
