import type { Logger } from 'pino';
import type { EventLog } from '../events/event-log.js';
import type { OmsClient } from '../oms/index.js';
import type { Caller } from '../tenancy/caller.js';
import type { SessionIssuer } from '../tenancy/sessions.js';
import type { Cursors } from './common/connection.js';
import type { Loaders } from './loaders.js';
import type { Visibility } from './visibility.js';

/** What every resolver gets: who is calling, their tenant's OMS client, and this request's loaders. */
export interface GatewayContext {
  requestId: string;
  caller: Caller;
  /** The tenant's OMS client, scoped to this operation's signal and deadline. */
  oms: OmsClient;
  loaders: Loaders;
  visible: Visibility;
  sessions: SessionIssuer;
  /** The OMS behind this tenant is the sandbox: simulateDeposit is allowed. */
  sandbox: boolean;
  log: Logger;
  /** Signs and checks this caller's connection cursors. */
  cursors: Cursors;
  /** The tenant event logs, for subscriptions. */
  events: EventLog;
  /**
   * Aborts when the client goes away (HTTP request closed, socket closed, subscription completed) or,
   * for queries and mutations, when the door's deadline passes. `oms` and `loaders` carry it, so OMS
   * calls in flight stop and no retry starts.
   */
  disconnect: AbortSignal;
}
