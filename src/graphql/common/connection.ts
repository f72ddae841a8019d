import { createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, GatewayError } from '../../errors.js';

/**
 * Relay cursors name the OMS id of an edge (OMS pages after an id), signed for the caller: a cursor
 * the gateway did not hand to this caller is refused as BAD_USER_INPUT before OMS is asked, so no
 * one can probe which ids exist through `after`.
 */
export interface Cursors {
  encode(id: string): string;
  decode(cursor: string | null | undefined): string | undefined;
}

export function createCursors(secret: string, scope: string): Cursors {
  const mac = (id: string) => createHmac('sha256', secret).update(`${scope}\u0000${id}`).digest('base64url').slice(0, 22);
  const refuse = () => new GatewayError(ErrorCode.BAD_USER_INPUT, '`after` is not a cursor of this connection');
  return {
    encode: (id) => Buffer.from(`${id}.${mac(id)}`).toString('base64url'),
    decode(cursor) {
      if (cursor === null || cursor === undefined || cursor === '') return undefined;
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      const dot = text.lastIndexOf('.');
      const id = text.slice(0, dot);
      const given = Buffer.from(text.slice(dot + 1));
      const expected = Buffer.from(mac(id));
      if (dot < 0 || !/^[A-Za-z]+_[A-Za-z0-9]+$/.test(id) || given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
      return id;
    },
  };
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
export function toConnection<T extends { id: string }>(cursors: Cursors, nodes: T[], hasNextPage: boolean, endId?: string): Connection<T> {
  const edges = nodes.map((node) => ({ cursor: cursors.encode(node.id), node }));
  const last = endId ?? nodes[nodes.length - 1]?.id;
  return { edges, nodes, pageInfo: { hasNextPage, endCursor: last ? cursors.encode(last) : null } };
}

/**
 * Pages through an OMS list, keeping what `keep` accepts, until `first` are kept (plus one, to know
 * whether more follow) or OMS runs out. Needed where OMS cannot filter (a tenant's sellers in a shared
 * account, a virtual account's deposits). Bounded: after `maxPages` it stops and reports more.
 */
export async function scan<T extends { id: string }>(
  cursors: Cursors,
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
      if (kept.length === first) return toConnection(cursors, kept, true);
      kept.push(item);
    }
    cursor = page.data[page.data.length - 1]?.id;
    if (!page.hasMore || !cursor) return toConnection(cursors, kept, false);
  }
  return toConnection(cursors, kept, true, cursor);
}
