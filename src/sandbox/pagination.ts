import { invalid } from './errors.js';

/**
 * One paginator for every list: newest first by (createdAt, id); `startingAfter` pages towards older
 * objects, `endingBefore` towards newer ones, and `hasMore` speaks of the direction asked. Cursors are
 * opaque base64url of [createdAt, id]; an object id is accepted as a cursor too.
 */
export interface Listable {
  id: string;
  createdAt: string;
}

export interface PageRequest {
  limit?: number;
  startingAfter?: string;
  endingBefore?: string;
  cursor?: string;
}

export interface PageResult<T> {
  data: T[];
  hasMore: boolean;
  /** Cursor of the last item: pass as startingAfter for the next (older) page. */
  nextCursor: string | null;
  /** Cursor of the first item: pass as endingBefore for the previous (newer) page. */
  previousCursor: string | null;
}

export function encodeCursor(item: Listable): string {
  return Buffer.from(JSON.stringify([item.createdAt, item.id])).toString('base64url');
}

function decodeCursor(value: string, param: string, byId: (id: string) => Listable | undefined): [string, string] {
  const item = byId(value);
  if (item) return [item.createdAt, item.id];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) {
      return parsed as [string, string];
    }
  } catch {
    // falls through to the error below
  }
  throw invalid(param, `${param} is not a cursor this API issued`);
}

/** Newer first: positive when a is newer than b. */
function compare(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] > b[0] ? 1 : -1;
  return a[1] === b[1] ? 0 : a[1] > b[1] ? 1 : -1;
}

export function paginate<T extends Listable>(items: Iterable<T>, request: PageRequest): PageResult<T> {
  const limit = request.limit ?? 50;
  const after = request.startingAfter ?? request.cursor;
  if (after && request.endingBefore) throw invalid('endingBefore', 'use startingAfter or endingBefore, not both');
  const all = [...items];
  const byId = (id: string) => all.find((item) => item.id === id);
  const key = (item: T): [string, string] => [item.createdAt, item.id];
  const sorted = all.sort((a, b) => compare(key(b), key(a)));

  let data: T[];
  let hasMore: boolean;
  if (request.endingBefore) {
    const bound = decodeCursor(request.endingBefore, 'endingBefore', byId);
    const newer = sorted.filter((item) => compare(key(item), bound) > 0);
    data = newer.slice(Math.max(0, newer.length - limit));
    hasMore = newer.length > limit;
  } else {
    const bound = after ? decodeCursor(after, request.startingAfter ? 'startingAfter' : 'cursor', byId) : undefined;
    const older = bound ? sorted.filter((item) => compare(key(item), bound) < 0) : sorted;
    data = older.slice(0, limit);
    hasMore = older.length > limit;
  }
  const first = data[0];
  const last = data[data.length - 1];
  return {
    data,
    hasMore,
    nextCursor: last ? encodeCursor(last) : null,
    previousCursor: first ? encodeCursor(first) : null,
  };
}

/** The customers, wallets and virtual-accounts form: `{data, hasMore, cursor}`, cursor null at the end. */
export function cursorPage<T>(page: PageResult<T>) {
  return { data: page.data, hasMore: page.hasMore, cursor: page.hasMore ? page.nextCursor : null };
}
