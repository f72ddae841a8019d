import type { Caller } from '../tenancy/caller.js';
import type { KnownCustomers } from '../tenancy/ownership-cache.js';
import { canSee, couldSee, isTreasury } from '../tenancy/ownership.js';
import { isIdOf } from './common/inputs.js';
import type { OwnerField, VisibilityScope } from './resource.js';
import { nodeKinds, resources, type Loaders, type Visibility } from './resources.js';

export type { Visibility } from './resources.js';

/** A customer id no clock reaches: what a lookup for the cost alone asks for while no real customer is known. */
const NOBODY = 'cst_01ZZZZZZZZZZZZZZZZZZZZZZZZ';

/**
 * Every object the API returns, fetched through the loaders and checked against the caller through
 * its customer. Another tenant's or another seller's object is null, exactly like a missing one, and
 * costs exactly the OMS calls a missing one costs (see `owned`). Each resource brings its own checks
 * (its folder's `visibility`); `node` finds any of them by prefix.
 */
export function createVisibility(caller: Caller, loaders: Loaders, known: KnownCustomers): Visibility {
  // Objects are checked through the customer that owns them; a seller is such a customer but never
  // the tenant's treasury, whose wallets the tenant key sees while the treasury itself is no seller.
  // A customer is fetched for its content anyway, so someone else's and a missing one cost one call alike.
  const customer = async (id: string) => {
    const found = await loaders.customer.load(id);
    return found && canSee(caller, found) ? found : null;
  };
  const seller = async (id: string) => {
    const found = await customer(id);
    return found && !isTreasury(found) ? found : null;
  };

  /**
   * The object is fetched (a missing one is a 404: one call). The caller's own is then known by its
   * customers' cached stamps: no second call. Anything else, someone else's or missing, costs the same
   * further calls whatever is cached: each owner field the caller might see is looked up afresh in
   * OMS, an empty field (and every field of a missing object) with a lookup of a real customer, when
   * one is known, whose answer is thrown away. A seller token might see no customer but itself, so for
   * it that is no call at all. The lookups are never shared or primed, so no other part of the
   * operation can tell them apart either.
   */
  function owned<T>(load: (id: string) => Promise<T | null>, owners: readonly OwnerField<T>[]): (id: string) => Promise<T | null> {
    const check = async (id: string): Promise<T | null> => {
      const item = await load(id);
      // An id no OMS object can have is nobody's: nothing to look alike, and OMS is asked nothing.
      if (!item && !isIdOf('', id)) return null;
      const parties = owners.map((field) => (item?.[field] as string | null | undefined) || null);
      if (item && parties.some((party) => isMine(party))) return item;
      // What an empty field asks for instead: the object's own customer, else (missing) one recently read.
      const decoy = parties.find((party) => party !== null) ?? known.recent() ?? NOBODY;
      const looked = await Promise.all(parties.map((party) => (couldSee(caller, party) ? loaders.customerLookup(party ?? decoy) : null)));
      const mine = item ? looked.find((found, i) => found !== null && found.id === parties[i] && canSee(caller, found)) : undefined;
      if (!mine) return null;
      loaders.customer.prime(mine.id, mine);
      return item;
    };
    // Checked once per id and operation, for every answer alike; the object itself is the loader's
    // (a mutation that changed it clears it there, and the next read sees the change).
    const checked = new Map<string, Promise<boolean>>();
    return async (id) => {
      const before = checked.get(id);
      if (before) return (await before) ? load(id) : null;
      const answer = check(id);
      const verdict = answer.then((item) => item !== null);
      verdict.catch(() => {}); // a failed check fails where it is awaited, here and at any later call
      checked.set(id, verdict);
      return answer;
    };
  }
  /** Whether the cached stamp of this customer says the caller may see it. */
  const isMine = (customerId: string | null) => {
    const stamp = customerId === null ? undefined : known.get(customerId);
    return stamp !== undefined && canSee(caller, stamp);
  };

  const scope: VisibilityScope = { caller, seller, owned };
  const visible = Object.assign({ seller }, ...resources.map((resource) => resource.visibility?.(scope, loaders as never) ?? {})) as Visibility;
  visible.node = async (id: string) => {
    const kind = nodeKinds.find((candidate) => id.startsWith(candidate.prefix));
    const find = kind && (visible as unknown as Record<string, (id: string) => Promise<{ id: string } | null>>)[kind.find];
    return find ? find(id) : null;
  };
  return visible;
}
