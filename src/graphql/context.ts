import type { Logger } from 'pino';
import type { OperationScope } from '../door/door.js';
import type { EventLog } from '../events/event-log.js';
import type { OmsClient, OmsScope } from '../oms/index.js';
import { newReadRecord, type ReadCache, type ReadRecord, recordedSellerIndex } from '../cache/index.js';
import type { OmsAccount } from '../tenancy/accounts.js';
import type { Caller } from '../tenancy/caller.js';
import type { KnownCustomers, OwnershipCache } from '../tenancy/ownership-cache.js';
import type { Sessions } from '../tenancy/sessions.js';
import { tenantOf } from '../tenancy/ownership.js';
import { type SellerIndex, type TenantSellerIndex, tenantSellerIndex } from '../tenancy/seller-index/index.js';
import { createCursors, type Cursors } from './common/connection.js';
import { createLoaders, type Loaders } from './loaders.js';
import { createVisibility, type Visibility } from './visibility.js';

/** What every resolver gets: who is calling, their tenant's OMS client, and this operation's loaders. */
export interface GatewayContext {
  requestId: string;
  caller: Caller;
  /** The tenant's OMS client, scoped to this operation's signal and deadline. */
  oms: OmsClient;
  loaders: Loaders;
  visible: Visibility;
  sessions: Sessions;
  /** The OMS behind this tenant is a sandbox (embedded, or marked so): sandbox-only mutations are allowed. */
  sandbox: boolean;
  log: Logger;
  /** Signs and checks this caller's connection cursors. */
  cursors: Cursors;
  /** What this operation read through the read cache (response-cache.ts reuses an answer while it holds). */
  reads: ReadRecord;
  /** The tenant event logs, for subscriptions. */
  events: EventLog;
  /** The caller's tenant's sellers, in the order `sellers` lists them, and its externalId claims. */
  sellerIndex: TenantSellerIndex;
  /**
   * Aborts when the client goes away (HTTP request closed, socket closed, subscription completed) or,
   * for queries and mutations, when the door's deadline passes. `oms` and `loaders` carry it, so OMS
   * calls in flight stop and no retry starts.
   */
  disconnect: AbortSignal;
  /**
   * Starts over with new loaders: a subscription calls it before each event it pushes, so no event
   * is resolved from what an earlier one loaded (a balance, a status) however long the subscription lives.
   */
  fresh(): void;
}

/** Per-operation loaders over an operation's scoped OMS client. */
export type LoaderFactory = (oms: OmsClient) => Loaders;

export interface ContextOptions {
  accounts: ReadonlyMap<string, OmsAccount>;
  sessions: Sessions;
  events: EventLog;
  sellerIndex: SellerIndex;
  logger: Logger;
  sessionSecret: string;
  omsMaxConcurrency: number;
  loaders?: LoaderFactory | undefined;
  /** The instance's customer stamps, which spare ownership checks a second OMS call. */
  ownership: OwnershipCache;
  /** The read cache the accounts' clients read through, if any: operations say whose cached objects they may be answered from, and note what they read. */
  cache?: ReadCache | undefined;
}

/**
 * One operation's context, made by the door once it admitted the operation. The OMS client, loaders,
 * visibility, cursors and the logger are built on first use: an idle subscription needs none of them
 * (there may be thousands), nor does `{ viewer { role } }`. They are getters on a prototype made for
 * this operation, not own properties, because Apollo copies the context with `Object.assign` (which
 * would fire every own getter) onto an object of the same prototype (which keeps these).
 */
export function createContextFactory(options: ContextOptions): (caller: Caller, requestId: string, scope: OperationScope) => GatewayContext {
  const loadersOf = options.loaders ?? ((oms: OmsClient) => createLoaders(oms, { concurrency: options.omsMaxConcurrency }));
  return (caller, requestId, scope) => {
    const account = options.accounts.get(caller.tenant.omsAccountId)!;
    const known = options.ownership.of(account.id);
    let oms: OmsClient | undefined;
    let loaders: Loaders | undefined;
    let visible: Visibility | undefined;
    let cursors: Cursors | undefined;
    let log: Logger | undefined;
    let sellerIndex: TenantSellerIndex | undefined;
    let reads: ReadRecord | undefined;
    const { cache } = options;
    const lazy = {
      get oms() {
        return (oms ??= account.client.within(cache ? cachedScope(scope, readableBy(caller, known), lazy.reads) : scope));
      },
      get reads() {
        return (reads ??= newReadRecord());
      },
      get loaders() {
        return (loaders ??= loadersOf(lazy.oms));
      },
      get visible() {
        return (visible ??= createVisibility(caller, lazy.loaders, known));
      },
      get log() {
        return (log ??= options.logger.child({ requestId, tenant: caller.tenant.id }));
      },
      get sellerIndex() {
        // The account's own client, not the operation's: the backfill must outlive the operation that starts it.
        const index = tenantSellerIndex(options.sellerIndex, caller.tenant.id, account.client);
        return (sellerIndex ??= cache ? recordedSellerIndex(index, cache, account.id, caller.tenant.id, lazy.reads) : index);
      },
      get cursors() {
        const scopeOfCursors = caller.role === 'seller' ? `${caller.tenant.id}/${caller.sellerId}` : caller.tenant.id;
        return (cursors ??= createCursors(options.sessionSecret, scopeOfCursors));
      },
      // The scope's signal may itself be made on first read (see the door): only an operation that listens makes it.
      get disconnect() {
        return scope.signal;
      },
    };
    const context: Omit<GatewayContext, keyof typeof lazy> = Object.assign(Object.create(lazy) as object, {
      requestId,
      caller,
      sessions: options.sessions,
      sandbox: account.sandbox,
      events: options.events,
      fresh() {
        // A new view of the read cache too: each event reads the generations anew.
        oms = undefined;
        reads = undefined;
        sellerIndex = undefined;
        loaders = undefined;
        visible = undefined;
      },
    });
    return context as GatewayContext;
  };
}

/** Only customers the caller may see are answered from the read cache: anyone else's costs the OMS call a missing one costs. */
function readableBy(caller: Caller, known: KnownCustomers): (customerId: string) => boolean {
  if (caller.role === 'seller') return (customerId) => customerId === caller.sellerId;
  return (customerId) => {
    const stamp = known.get(customerId);
    return stamp !== undefined && tenantOf(stamp) === caller.tenant.id;
  };
}

/** The operation's scope for a caching client: its signal (read only when used) and deadline, whose cached objects it may use, where it notes its reads. */
function cachedScope(scope: OperationScope, readable: (customerId: string) => boolean, record: ReadRecord): OmsScope {
  return {
    get signal() {
      return scope.signal;
    },
    deadlineAt: scope.deadlineAt,
    readable,
    record,
  };
}
