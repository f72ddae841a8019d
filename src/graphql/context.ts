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
  /** Aborts when the request or the WebSocket subscription ends. */
  disconnect: AbortSignal;
}
