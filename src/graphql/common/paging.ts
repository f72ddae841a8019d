import { type GraphQLResolveInfo, Kind } from 'graphql';
import { ArgsType, Field, Int } from 'type-graphql';
import { ErrorCode, GatewayError } from '../../errors.js';
import { type Connection, type Cursors, pageSize, toConnection } from './connection.js';

/**
 * Relay paging both ways over OMS lists, which are newest first: `first`/`after` page towards older
 * items (OMS's startingAfter), `last`/`before` towards newer ones (OMS's endingBefore). One direction
 * per request: mixing them is refused as BAD_USER_INPUT before OMS is asked.
 */

@ArgsType()
export class RelayPageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 20, description: 'How many from the newest (or after `after`), 1 to 100.' }) first!: number | null;
  @Field(() => String, { nullable: true, description: 'Continue after this cursor, towards older items (with `first`).' }) after?: string | null;
  @Field(() => Int, { nullable: true, description: 'How many just before `before`, 1 to 100 (20 when only `before` is given).' }) last?: number | null;
  @Field(() => String, { nullable: true, description: 'Go back from this cursor, towards newer items (with `last`).' }) before?: string | null;
}

/** Where a page starts and which way it goes; cursors decoded to OMS ids. */
export type PageRequest = { direction: 'forward'; size: number; after: string | undefined } | { direction: 'backward'; size: number; before: string };

const refuse = (message: string) => new GatewayError(ErrorCode.BAD_USER_INPUT, message);

/**
 * The page the arguments ask for. `first` has a default (20), so whether the client gave it is read
 * from the query itself: `last: 5` alone pages backward, `first: 5, last: 5` is refused.
 */
/** `prefix`: the kind of id the connection pages by (`cst_`, `txn_`). */
export function pageRequest(cursors: Cursors, args: RelayPageArgs, info: GraphQLResolveInfo, prefix: string): PageRequest {
  const after = args.after || undefined;
  const before = args.before || undefined;
  const last = args.last ?? undefined;
  const firstGiven = given(info, 'first') && args.first !== null;
  if (after !== undefined && before !== undefined)
    throw refuse('`after` and `before` cannot be given together: page forward with `first`/`after` or backward with `last`/`before`');
  if (firstGiven && last !== undefined)
    throw refuse('`first` and `last` cannot be given together: page forward with `first`/`after` or backward with `last`/`before`');
  if (last === undefined && before === undefined)
    return { direction: 'forward', size: pageSize(args.first ?? 20), after: cursors.decode(after, 'after', prefix) };
  if (after !== undefined) throw refuse('`last` pages backward from `before`; with `after` use `first`');
  if (firstGiven) throw refuse('`first` pages forward from `after`; with `before` use `last`');
  if (before === undefined) throw refuse('`last` counts back from `before`: give `before` too (a cursor of this connection)');
  return { direction: 'backward', size: pageSize(last ?? 20, 'last'), before: cursors.decode(before, 'before', prefix)! };
}

/** Whether the query gave the argument a value (a literal, or a variable that was set), rather than leaving it to its default. */
function given(info: GraphQLResolveInfo, name: string): boolean {
  const arg = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === name);
  if (!arg || arg.value.kind === Kind.NULL) return false;
  return arg.value.kind !== Kind.VARIABLE || info.variableValues[arg.value.name.value] != null;
}

/** The OMS list parameters of one page. */
export function omsPage(request: PageRequest): { limit: number; startingAfter?: string | undefined; endingBefore?: string | undefined } {
  return request.direction === 'forward' ? { limit: request.size, startingAfter: request.after } : { limit: request.size, endingBefore: request.before };
}

/** The connection of one OMS page fetched with omsPage(request); OMS's hasMore speaks of the direction asked. */
export function pageConnection<T extends { id: string }>(cursors: Cursors, request: PageRequest, page: { data: T[]; hasMore: boolean }): Connection<T> {
  // The cursor's own item lies on the other side of the page.
  return request.direction === 'forward'
    ? toConnection(cursors, page.data, { hasNextPage: page.hasMore, hasPreviousPage: request.after !== undefined })
    : toConnection(cursors, page.data, { hasNextPage: true, hasPreviousPage: page.hasMore });
}
