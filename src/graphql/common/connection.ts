import { ErrorCode, GatewayError } from '../../errors.js';

/** Relay cursors: opaque, and naming the OMS id of the edge, which OMS accepts to page after it. */
export function encodeCursor(id: string): string {
  return Buffer.from(`oms:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor === null || cursor === undefined || cursor === '') return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^oms:[A-Za-z]+_[A-Za-z0-9]+$/.test(text)) throw new GatewayError(ErrorCode.BAD_USER_INPUT, '`after` is not a cursor of this connection');
  return text.slice(4);
}

/** `first` of a connection: 1 to 100. */
export function pageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > 100) throw new GatewayError(ErrorCode.BAD_USER_INPUT, '`first` must be between 1 and 100');
  return first;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** `endId` overrides the end cursor when a scan stopped past the last item it kept. */
export function toConnection<T extends { id: string }>(nodes: T[], hasNextPage: boolean, endId?: string): Connection<T> {
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));
  const last = endId ?? nodes[nodes.length - 1]?.id;
  return { edges, nodes, pageInfo: { hasNextPage, endCursor: last ? encodeCursor(last) : null } };
}

/**
 * Pages through an OMS list, keeping what `keep` accepts, until `first` are kept (plus one, to know
 * whether more follow) or OMS runs out. Needed where OMS cannot filter (a tenant's sellers in a shared
 * account, a virtual account's deposits). Bounded: after `maxPages` it stops and reports more.
 */
export async function scan<T extends { id: string }>(
  first: number,
  after: string | undefined,
  fetchPage: (startingAfter: string | undefined) => Promise<{ data: T[]; hasMore: boolean }>,
  keep: (item: T) => boolean,
  maxPages = 20,
): Promise<Connection<T>> {
  const kept: T[] = [];
  let cursor = after;
  for (let pages = 0; pages < maxPages; pages += 1) {
    const page = await fetchPage(cursor);
    for (const item of page.data) {
      if (!keep(item)) continue;
      if (kept.length === first) return toConnection(kept, true);
      kept.push(item);
    }
    cursor = page.data[page.data.length - 1]?.id;
    if (!page.hasMore || !cursor) return toConnection(kept, false);
  }
  return toConnection(kept, true, cursor);
}
