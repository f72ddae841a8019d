import { createOmsClient, type OmsClient } from '../oms/index.js';
import { createSandbox, type Sandbox } from '../sandbox/app.js';
import type { SandboxOptionsInput } from '../sandbox/options.js';
import type { OmsAccountConfig } from './tenants-file.js';

/** One OMS account the gateway talks to: its client, and the sandbox itself when it is the embedded one. */
export interface OmsAccount {
  id: string;
  client: OmsClient;
  sandbox: Sandbox | undefined;
  /**
   * Every `whsec_` secret a webhook of this account may be signed with: several during a rotation,
   * and one per subscription (the embedded sandbox has a normal and a complianceOnly one, whose
   * secrets are added here when the gateway subscribes at start). A list that is filled in place.
   */
  webhookSecrets: string[];
}

/** Builds a client per configured account; `sandbox` accounts get an in-process sandbox of their own. */
export function openOmsAccounts(configs: OmsAccountConfig[], options: { timeoutMs: number; sandbox?: SandboxOptionsInput }): Map<string, OmsAccount> {
  return new Map<string, OmsAccount>(
    configs.map((config): [string, OmsAccount] => {
      if (config.kind === 'oms') {
        const client = createOmsClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, apiSecret: config.apiSecret, timeoutMs: options.timeoutMs });
        return [config.id, { id: config.id, client, sandbox: undefined, webhookSecrets: [...config.webhookSecrets] }];
      }
      const sandbox = createSandbox(options.sandbox);
      const client = createOmsClient({ baseUrl: sandbox.baseUrl, ...sandbox.accounts[0]!, fetch: sandbox.fetch, timeoutMs: options.timeoutMs });
      return [config.id, { id: config.id, client, sandbox, webhookSecrets: [] }];
    }),
  );
}
