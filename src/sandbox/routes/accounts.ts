import type { SandboxApp, SandboxDeps } from '../context.js';
import { depositAddressRoutes } from './deposit-addresses.js';
import { externalAccountRoutes } from './external-accounts.js';
import { virtualAccountRoutes } from './virtual-accounts.js';

/** The three kinds of account that route money in or out: virtual accounts, deposit addresses, external accounts. */
export function accountRoutes(app: SandboxApp, deps: SandboxDeps): void {
  virtualAccountRoutes(app, deps);
  depositAddressRoutes(app, deps);
  externalAccountRoutes(app, deps);
}
