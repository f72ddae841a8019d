import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { ErrorCode, GatewayError } from '../../errors.js';

/**
 * Relay cursors name the OMS id of an edge (OMS pages after or before an id), sealed for the caller:
 * a cursor the gateway did not hand to this caller is refused as BAD_USER_INPUT before OMS is asked,
 * so no one can probe which ids exist through `after` or `before`; and a cursor reveals nothing of the
 * id it names (a scan may stop on an object the caller cannot see).
 */
export interface Cursors {
  encode(id: string): string;
  /**
   * `argument` names the argument in the refusal (`after` when not given); `prefix`, the kind of id
   * the connection pages by, so the caller's cursor of another connection is refused here too, not by OMS.
   */
  decode(cursor: string | null | undefined, argument?: 'after' | 'before', prefix?: string): string | undefined;
}

const ID = /^[A-Za-z]+_[A-Za-z0-9]+$/;

/**
 * Deterministic authenticated encryption (the SIV construction): the IV is an HMAC of the caller's
 * scope and the id, the id is encrypted under it with AES-256-CTR, and decoding recomputes the HMAC.
 * The same id gives the same cursor for the same caller; any other caller's, or a forged one, fails.
 * Keys are derived from `secret` for this use alone, apart from the session tokens it also signs.
 */
export function createCursors(secret: string, scope: string): Cursors {
  const macKey = createHmac('sha256', secret).update('cursors/mac').digest();
  const encKey = createHmac('sha256', secret).update('cursors/enc').digest();
  const siv = (id: string) => createHmac('sha256', macKey).update(`${scope}\u0000${id}`).digest().subarray(0, 16);
  const ctr = (iv: Buffer, text: Buffer, decrypt: boolean) => {
    const cipher = decrypt ? createDecipheriv('aes-256-ctr', encKey, iv) : createCipheriv('aes-256-ctr', encKey, iv);
    return Buffer.concat([cipher.update(text), cipher.final()]);
  };
  return {
    encode(id) {
      const iv = siv(id);
      return Buffer.concat([iv, ctr(iv, Buffer.from(id, 'utf8'), false)]).toString('base64url');
    },
    decode(cursor, argument = 'after', prefix = '') {
      if (cursor === null || cursor === undefined || cursor === '') return undefined;
      const sealed = Buffer.from(cursor, 'base64url');
      const iv = sealed.subarray(0, 16);
      const id = sealed.length > 16 ? ctr(iv, sealed.subarray(16), true).toString('utf8') : '';
      if (iv.length !== 16 || !ID.test(id) || !timingSafeEqual(iv, siv(id)) || !id.startsWith(prefix)) {
        throw new GatewayError(ErrorCode.BAD_USER_INPUT, `\`${argument}\` is not a cursor of this connection`);
      }
      return id;
    },
  };
}

/** `first` (or `last`) of a connection: 1 to 100. */
export function pageSize(first: number, argument: 'first' | 'last' = 'first'): number {
  if (!Number.isInteger(first) || first < 1 || first > 100) throw new GatewayError(ErrorCode.BAD_USER_INPUT, `\`${argument}\` must be between 1 and 100`);
  return first;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
}

/**
 * What lies beyond a page. `startId`/`endId` override the first/last item's cursor when a scan
 * stopped past the items it kept, so the next page continues from where it stopped.
 */
export interface PageEnds {
  hasNextPage: boolean;
  hasPreviousPage?: boolean;
  startId?: string | undefined;
  endId?: string | undefined;
}

/** An edge whose cursor is sealed when read: a query that selects only `node` seals none. */
class Edge<T extends { id: string }> {
  constructor(
    private readonly cursors: Cursors,
    readonly node: T,
  ) {}
  get cursor(): string {
    return this.cursors.encode(this.node.id);
  }
}

/** Page ends whose cursors are sealed when read, like the edges'. */
class LazyPageInfo implements PageInfo {
  constructor(
    private readonly cursors: Cursors,
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly startId: string | undefined,
    private readonly endId: string | undefined,
  ) {}
  get startCursor(): string | null {
    return this.startId ? this.cursors.encode(this.startId) : null;
  }
  get endCursor(): string | null {
    return this.endId ? this.cursors.encode(this.endId) : null;
  }
}

/** A connection of `nodes`; `ends` is hasNextPage alone for a forward-only connection that does not know what precedes. */
export function toConnection<T extends { id: string }>(cursors: Cursors, nodes: T[], ends: boolean | PageEnds): Connection<T> {
  const { hasNextPage, hasPreviousPage = false, startId, endId } = typeof ends === 'boolean' ? { hasNextPage: ends } : ends;
  return {
    edges: nodes.map((node) => new Edge(cursors, node)),
    nodes,
    pageInfo: new LazyPageInfo(cursors, hasNextPage, hasPreviousPage, startId ?? nodes[0]?.id, endId ?? nodes[nodes.length - 1]?.id),
  };
}

type OmsPage<T> = { data: T[]; hasMore: boolean };

/**
 * Pages through an OMS list, keeping what `keep` accepts, until `first` are kept (plus one, to know
 * whether more follow) or OMS runs out. Needed where OMS cannot filter (the deposits of a virtual account or deposit address). Bounded: after `maxPages` it stops and reports more.
 */
export async function scan<T extends { id: string }>(
  cursors: Cursors,
  first: number,
  after: string | undefined,
  fetchPage: (startingAfter: string | undefined) => Promise<OmsPage<T>>,
  keep: (item: T) => boolean,
  maxPages = 20,
): Promise<Connection<T>> {
  // Paging after an item the caller was given: that item precedes this page.
  const hasPreviousPage = after !== undefined;
  const kept: T[] = [];
  let cursor = after;
  for (let pages = 0; pages < maxPages; pages += 1) {
    const page = await fetchPage(cursor);
    for (const item of page.data) {
      if (!keep(item)) continue;
      if (kept.length === first) return toConnection(cursors, kept, { hasNextPage: true, hasPreviousPage });
      kept.push(item);
    }
    cursor = page.data[page.data.length - 1]?.id;
    if (!page.hasMore || !cursor) return toConnection(cursors, kept, { hasNextPage: false, hasPreviousPage });
  }
  return toConnection(cursors, kept, { hasNextPage: true, hasPreviousPage, endId: cursor });
}
