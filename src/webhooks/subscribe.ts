import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { OmsAccount } from '../tenancy/accounts.js';

/**
 * The embedded sandbox delivers webhooks over real HTTP, like OMS: at start the gateway subscribes to
 * every sandbox account's events twice, a normal subscription and a complianceOnly one (the only
 * kind that gets *.underReview), each with its own secret, both kept on the account. So the demo
 * pushes deposits to subscribers with no set-up. Accounts of a real OMS are subscribed by their
 * operator; their secret comes from the tenants file.
 */
export async function subscribeToSandboxWebhooks(accounts: Iterable<OmsAccount>, address: AddressInfo, logger: Logger): Promise<void> {
  // The sandbox takes plain http for loopback hosts only; the process reaches itself there.
  const host = address.address === '::1' ? '[::1]' : '127.0.0.1';
  const base = `http://${host}:${address.port}`;
  for (const account of accounts) {
    if (!account.embedded) {
      if (account.webhookSecrets.length === 0) {
        logger.warn({ accountId: account.id }, 'no webhookSecrets configured for this OMS account: its webhooks will be refused with 401');
      }
      continue;
    }
    const url = `${base}/webhooks/oms/${encodeURIComponent(account.id)}`;
    for (const complianceOnly of [false, true]) {
      const hook = await account.client.webhooks.create({ url, events: [], complianceOnly });
      if (!hook.secret) throw new Error(`the sandbox created webhook ${hook.id} without a secret`);
      account.webhookSecrets.push(hook.secret);
    }
  }
}
