import { ErrorCode, GatewayError } from '../../errors.js';
import type { Customer } from '../../oms/schemas/index.js';
import { canSeeSeller } from '../../tenancy/ownership.js';
import type { IndexPage, TenantSellerIndex } from '../../tenancy/seller-index/index.js';
import { type Connection, toConnection } from '../common/connection.js';
import type { PageRequest } from '../common/paging.js';
import type { GatewayContext } from '../context.js';

/** What `sellers` may be narrowed to. */
export interface SellerFilters {
  email?: string | null | undefined;
  externalId?: string | null | undefined;
}

/**
 * A tenant's page of sellers, through the seller index: the index says which sellers and in what
 * order, OMS is asked for those alone (one customer each, in parallel through the loaders). No other
 * tenant's customer is read, so none can reach a cursor, and the work is one page's whatever the
 * shared OMS account holds. `externalId` is looked up in the index; `email` too (the index keeps each
 * seller's email as created, backfilled or changed through updateSeller). Both are checked again on
 * the sellers as OMS returns them, so a seller whose email changed outside the gateway drops out
 * rather than being listed under an email it no longer has.
 */
export async function sellersPage(ctx: GatewayContext, request: PageRequest, filters: SellerFilters): Promise<Connection<Customer>> {
  const index = ctx.sellerIndex;
  await index.ready(ctx.disconnect).catch((error: unknown) => {
    if (!ctx.disconnect.aborted) throw error;
    throw new GatewayError(ErrorCode.OMS_UNAVAILABLE, 'The seller index is being built from OMS (once per tenant); try again shortly', { retryAfterMs: 1_000 });
  });
  const page = filters.email || filters.externalId ? await filteredPage(index, request, filters) : await index.page(indexRequest(request));
  if (!page) {
    const argument = request.direction === 'forward' ? 'after' : 'before';
    throw new GatewayError(ErrorCode.BAD_USER_INPUT, `\`${argument}\` is not a cursor of this connection`);
  }
  const nodes = (await ctx.loaders.customer.loadMany(page.ids)).filter((loaded): loaded is Customer | null => {
    if (loaded instanceof Error) throw loaded;
    return true;
  });
  const sellers = nodes.filter((seller): seller is Customer => seller !== null && canSeeSeller(ctx.caller, seller) && matches(seller, filters));
  // The page's ends are the index's: a seller dropped above still moves the next page past it.
  const ends = { startId: page.ids[0], endId: page.ids.at(-1) };
  return request.direction === 'forward'
    ? toConnection(ctx.cursors, sellers, { hasNextPage: page.hasMore, hasPreviousPage: request.after !== undefined, ...ends })
    : toConnection(ctx.cursors, sellers, { hasNextPage: true, hasPreviousPage: page.hasMore, ...ends });
}

function indexRequest(request: PageRequest) {
  return request.direction === 'forward' ? { size: request.size, after: request.after } : { size: request.size, before: request.before };
}

function matches(seller: Customer, { email, externalId }: SellerFilters): boolean {
  return (!email || seller.email === email) && (!externalId || seller.externalId === externalId);
}

/**
 * The page of a filtered list: the few sellers the filter names, in index order, on the far side of
 * the cursor (whose position is read with theirs, at one instant). Null when the cursor's seller is
 * not in the index.
 */
async function filteredPage(index: TenantSellerIndex, request: PageRequest, { email, externalId }: SellerFilters): Promise<IndexPage | null> {
  const named = externalId ? [await index.findExternalId(externalId)].filter((id): id is string => id !== null) : await index.withEmail(email!);
  const cursor = request.direction === 'forward' ? request.after : request.before;
  const positions = await index.positions(cursor === undefined ? named : [cursor, ...named]);
  const at = cursor === undefined ? -1 : positions.shift();
  if (at === null || at === undefined) return null;
  const ranked = named
    .map((id, i) => ({ id, position: positions[i] ?? null }))
    .filter((entry): entry is { id: string; position: number } => entry.position !== null)
    .sort((a, b) => a.position - b.position);
  if (request.direction === 'forward') {
    const older = ranked.filter((entry) => entry.position > at);
    return { ids: older.slice(0, request.size).map((entry) => entry.id), hasMore: older.length > request.size };
  }
  const newer = ranked.filter((entry) => entry.position < at);
  return { ids: newer.slice(-request.size).map((entry) => entry.id), hasMore: newer.length > request.size };
}
