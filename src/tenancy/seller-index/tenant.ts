import type { OmsClient } from '../../oms/index.js';
import { scanSellers } from './backfill.js';
import type { ExternalIdClaim, IndexedSeller, IndexPage, IndexPageRequest, SellerIndex } from './seller-index.js';

/** The seller index as one operation uses it: its caller's tenant's part, backfilled from that tenant's OMS account. */
export interface TenantSellerIndex {
  /** Resolves once the tenant's backfill is done (at once after the first time); rejects with `wait`'s reason if it aborts first. */
  ready(wait: AbortSignal): Promise<void>;
  add(seller: IndexedSeller, claim?: string): Promise<void>;
  claimExternalId(externalId: string, wait: AbortSignal): Promise<ExternalIdClaim>;
  releaseExternalId(externalId: string, token: string): Promise<void>;
  findExternalId(externalId: string): Promise<string | null>;
  withEmail(email: string): Promise<string[]>;
  changeEmail(sellerId: string, from: string | null | undefined, to: string | null | undefined): Promise<void>;
  page(request: IndexPageRequest): Promise<IndexPage | null>;
  positions(ids: readonly string[]): Promise<(number | null)[]>;
}

/** `index` bound to `tenantId`; `account` is the tenant's OMS client itself, not an operation's scoped one (see scanSellers). */
export function tenantSellerIndex(index: SellerIndex, tenantId: string, account: OmsClient): TenantSellerIndex {
  return {
    ready: (wait) => index.backfill(tenantId, (signal) => scanSellers(account, tenantId, signal), wait),
    add: (seller, claim) => index.add(tenantId, seller, claim),
    claimExternalId: (externalId, wait) => index.claimExternalId(tenantId, externalId, wait),
    releaseExternalId: (externalId, token) => index.releaseExternalId(tenantId, externalId, token),
    findExternalId: (externalId) => index.findExternalId(tenantId, externalId),
    withEmail: (email) => index.withEmail(tenantId, email),
    changeEmail: (sellerId, from, to) => index.changeEmail(tenantId, sellerId, from, to),
    page: (request) => index.page(tenantId, request),
    positions: (ids) => index.positions(tenantId, ids),
  };
}
