import { createOmsClient } from '../oms/index.js';
import type { OmsAccount } from '../tenancy/accounts.js';
import type { Sandbox } from './app.js';

/**
 * The embedded sandbox as an OMS account of the gateway: a client over its in-process fetch (or
 * `fetch`, which tests wrap around it to count calls), its clock (which tests move), and no webhook
 * secrets yet: the gateway subscribes itself at start and keeps the secrets it is given.
 */
export function embeddedAccount(id: string, sandbox: Sandbox, options: { timeoutMs: number; fetch?: typeof fetch }): OmsAccount {
  const client = createOmsClient({ baseUrl: sandbox.baseUrl, ...sandbox.accounts[0]!, fetch: options.fetch ?? sandbox.fetch, timeoutMs: options.timeoutMs });
  return { id, client, now: () => sandbox.clock.now(), webhookSecrets: [], embedded: true, sandbox: true };
}
