import type { z } from 'zod';
import { OmsError } from './errors.js';
import { page, type Page } from './schemas/index.js';
import type { CallOptions, Transport } from './transport.js';

/** Cursor paging over OMS lists: single pages, and async iteration over all of them. */

export interface PageParams {
  /** 1..100; OMS defaults to 50. */
  limit?: number;
  /** Older items than this cursor (a page's nextCursor). */
  startingAfter?: string;
  /** Newer items than this cursor (a page's previousCursor). */
  endingBefore?: string;
}

/** listAll walks from newest to oldest, so it takes where to start but not endingBefore. */
export type IterateParams<P> = Omit<P, 'endingBefore'>;

/**
 * Customers, wallets and virtual accounts answer only `cursor`, and only while more follow; the
 * transaction lists give both cursors whenever the page is not empty. Filling a missing cursor with
 * the first or last item's id (which OMS accepts as a cursor) gives every list both directions.
 */
export function withCursors<T extends { id: string }>(result: Page<T>): Page<T> {
  return {
    data: result.data,
    hasMore: result.hasMore,
    nextCursor: result.nextCursor ?? result.data.at(-1)?.id ?? null,
    previousCursor: result.previousCursor ?? result.data[0]?.id ?? null,
  };
}

/** Every item from `startingAfter` (or the newest) to the oldest, one page request at a time as consumed. */
export async function* iterate<T>(
  endpoint: string,
  fetchPage: (startingAfter: string | undefined) => Promise<Page<T>>,
  startingAfter: string | undefined,
): AsyncGenerator<T, void, undefined> {
  let after = startingAfter;
  for (;;) {
    const current = await fetchPage(after);
    yield* current.data;
    if (!current.hasMore || current.data.length === 0) return;
    // A server that says "more" without moving the cursor would keep us here forever.
    if (!current.nextCursor || current.nextCursor === after) {
      throw new OmsError({ status: 200, code: 'invalid_response', endpoint, retryable: false, detail: 'hasMore is true but the cursor did not advance' });
    }
    after = current.nextCursor;
  }
}

type PageSchema<T> = ReturnType<typeof page<z.ZodType<T>>>;
const pageSchemas = new WeakMap<z.ZodType, unknown>();

/** One page schema per item schema: resources are rebuilt per scoped client (one per GraphQL operation), zod schemas need not be. */
function pageSchema<T>(item: z.ZodType<T>): PageSchema<T> {
  let schema = pageSchemas.get(item) as PageSchema<T> | undefined;
  if (!schema) pageSchemas.set(item, (schema = page(item)));
  return schema;
}

/** `list` and `listAll` for one list endpoint; `path` fills the template's placeholders. */
export function listEndpoint<T extends { id: string }, P extends object>(transport: Transport, template: string, item: z.ZodType<T>) {
  const schema = pageSchema(item);
  const list = async (path: Record<string, string>, params: P & PageParams, options?: CallOptions): Promise<Page<T>> =>
    withCursors(await transport.request({ method: 'GET', template, path, query: params, options }, schema));
  const listAll = (path: Record<string, string>, params: IterateParams<P & PageParams>, options?: CallOptions) =>
    iterate<T>(`GET ${template}`, (startingAfter) => list(path, { ...params, startingAfter } as P & PageParams, options), params.startingAfter);
  return { list, listAll };
}
