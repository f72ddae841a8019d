import { createOmsClient, type OmsClient } from '../oms/index.js';
import type { OmsAccountConfig } from './tenants-file.js';

/**
 * One OMS account the gateway talks to. The composition root makes them: from the tenants file for a
 * real OMS (openOmsAccount), or from the embedded sandbox, which hands the root an account of its own
 * (src/sandbox/account.ts). Nothing here knows the sandbox.
 */
export interface OmsAccount {
  id: string;
  client: OmsClient;
  /** The account's clock (ms), against which webhook signature timestamps are checked. */
  now: () => number;
  /**
   * Every `whsec_` secret a webhook of this account may be signed with: several during a rotation,
   * and one per subscription. A list filled in place when the gateway subscribes itself.
   */
  webhookSecrets: string[];
  /**
   * The embedded sandbox: deposits may be simulated, and the gateway subscribes itself to its
   * webhooks at start. A real OMS (its sandbox included) is subscribed by its operator.
   */
  embedded: boolean;
  /**
   * A sandbox OMS, embedded or marked so in the tenants file: sandbox-only mutations (simulate*,
   * registerExternalAccount, simulateKycDecision) work; against any other account they answer
   * NOT_ALLOWED_IN_PRODUCTION.
   */
  sandbox: boolean;
}

/** An account of a real OMS, as the tenants file describes it. */
export function openOmsAccount(config: Extract<OmsAccountConfig, { kind: 'oms' }>, options: { timeoutMs: number }): OmsAccount {
  const client = createOmsClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, apiSecret: config.apiSecret, timeoutMs: options.timeoutMs });
  return { id: config.id, client, now: Date.now, webhookSecrets: [...config.webhookSecrets], embedded: false, sandbox: config.sandbox };
}
