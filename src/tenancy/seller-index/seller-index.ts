/**
 * The seller index: per tenant, the sellers the gateway created (and those a one-off backfill found
 * in OMS), so `sellers` pages through the tenant's own sellers instead of scanning a shared OMS
 * account; and the claim that keeps one seller per externalId per tenant, across instances.
 * Implementations: memory (one process, seller-index.memory.ts), Redis (every instance, seller-index.redis.ts).
 */

/** A seller as the index keeps it: its id, where it sorts, and what it is found by. */
export interface IndexedSeller {
  id: string;
  /** OMS's createdAt (ISO 8601): the index is newest first by (createdAt, id), as OMS lists are. */
  createdAt: string;
  email?: string | null | undefined;
  externalId?: string | null | undefined;
}

/** A page of the index: the newest `size`, the `size` older than `after`, or the `size` newer than `before`. */
export type IndexPageRequest = { size: number; after?: string | undefined } | { size: number; before: string };

export interface IndexPage {
  /** Seller ids, newest first. */
  ids: string[];
  /** Whether more lie beyond the page in the direction asked: older ones (first page, `after`), newer ones (`before`). */
  hasMore: boolean;
}

/**
 * The outcome of claiming an externalId: `claimed`, the caller's to create the seller under, then to
 * `add` it with the token (which binds the externalId to it) or `releaseExternalId` if that failed;
 * or `bound`, the seller it already names.
 */
export type ExternalIdClaim = { kind: 'claimed'; token: string } | { kind: 'bound'; sellerId: string };

/** What the backfill reads from OMS: the tenant's sellers made before the index existed. */
export type BackfillScan = (signal: AbortSignal) => Promise<IndexedSeller[]>;

export interface SellerIndex {
  /**
   * Records a seller (again: idempotent). Its externalId is bound to it when free, or when held by
   * `claim`; an externalId bound to another seller, or claimed by another create, stays as it is.
   */
  add(tenantId: string, seller: IndexedSeller, claim?: string): Promise<void>;
  /**
   * Claims an externalId for one create. While another create holds it, waits until that one binds
   * it (then `bound`) or releases it (then claims it); rejects with `wait`'s reason if that aborts first.
   */
  claimExternalId(tenantId: string, externalId: string, wait: AbortSignal): Promise<ExternalIdClaim>;
  /** Gives back a claim whose create failed; a token that no longer holds the externalId changes nothing. */
  releaseExternalId(tenantId: string, externalId: string, token: string): Promise<void>;
  /** The seller an externalId is bound to, or null (free or only claimed). */
  findExternalId(tenantId: string, externalId: string): Promise<string | null>;
  /** The sellers recorded with this email (exact match), in no order. */
  withEmail(tenantId: string, email: string): Promise<string[]>;
  /** Moves a seller from one email to another after an update. */
  changeEmail(tenantId: string, sellerId: string, from: string | null | undefined, to: string | null | undefined): Promise<void>;
  /** One page of the tenant's sellers, newest first; null when the cursor's seller is not in the index. */
  page(tenantId: string, request: IndexPageRequest): Promise<IndexPage | null>;
  /** Each id's position in the tenant's index (0 = newest), null where it is not in it; all read at one instant. */
  positions(tenantId: string, ids: readonly string[]): Promise<(number | null)[]>;
  /**
   * Resolves once the tenant's backfill is done: `scan` runs once per tenant and index (one instance
   * runs it, the others wait for it), and what it finds is recorded. The scan is not tied to `wait`,
   * which only ends this caller's waiting (rejecting with its reason); a failed scan rejects, and the
   * next call tries again.
   */
  backfill(tenantId: string, scan: BackfillScan, wait: AbortSignal): Promise<void>;
  /** Stops backfills under way and closes what the index opened; using it afterwards is an error. */
  close(): Promise<void>;
}

/** The sort key of a seller: createdAt in milliseconds (ties: the id, as OMS breaks them). */
export function sortScore(seller: IndexedSeller): number {
  const ms = Date.parse(seller.createdAt);
  if (Number.isNaN(ms)) throw new Error(`expected an ISO 8601 createdAt for seller ${seller.id}, got ${JSON.stringify(seller.createdAt)}`);
  return ms;
}
