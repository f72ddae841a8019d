import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT_ID, demoTenants } from '../../src/demo.js';
import { startSandboxServer, type SandboxServer } from '../../src/sandbox/server.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { createOmsClient } from '../../src/oms/index.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';
import { createWebhookCounters } from '../../src/webhooks/stats.js';
import { envelope, rawTransaction, signature, unique } from './support.js';

/**
 * An account of a real OMS (the sandbox served over HTTP, configured as `kind: "oms"`): the gateway
 * does not subscribe itself; the operator does, and puts the secret OMS gave them in the tenants file.
 */

const config = (env: Record<string, string> = {}) =>
  loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars', ...env });
const SECRET = `whsec_${'5e'.repeat(32)}`;

describe('webhooks of a configured OMS account', () => {
  let oms: SandboxServer | undefined;
  let gateway: Gateway | undefined;
  afterAll(async () => {
    await gateway?.close();
    await oms?.close();
  });

  it('verifies with the webhookSecret of the tenants file, and routes through the customer', async () => {
    oms = await startSandboxServer(config({ SANDBOX_COMPLETION_DELAY_MS: '5' }));
    const key = newApiKey(DEMO_TENANT_ID);
    const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
    const counters = createWebhookCounters();
    gateway = await startGateway({
      config: config(),
      tenants: demoTenants(key, { kind: 'oms', id: 'remote', baseUrl: oms.url, apiKey, apiSecret, webhookSecrets: [SECRET] }),
      logger: pino({ level: 'silent' }),
      webhookCounters: counters,
    });
    const admin = createOmsClient({ baseUrl: oms.url, apiKey, apiSecret });
    expect((await admin.webhooks.list()).data, 'no subscription made on a real OMS').toEqual([]);

    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({
        query: 'mutation { createSeller(input: { firstName: "Remote", lastName: "Seller", email: "remote-hook@example.com" }) { seller { id } } }',
      }),
    });
    const sellerId = ((await response.json()) as { data: { createSeller: { seller: { id: string } } } }).data.createSeller.seller.id;

    const url = gateway.url.replace(/\/graphql$/, '/webhooks/oms/remote');
    const body = envelope('transaction.fiatToCrypto.completed', rawTransaction({ id: `txn_${unique('r')}`, customerId: sellerId, status: 'completed' }), {
      sequence: 2,
    });
    const post = (header: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-signature': header }, body });
    expect((await post(signature(`whsec_${'00'.repeat(32)}`, body))).status).toBe(401);
    expect((await post(signature(SECRET, body))).status).toBe(200);
    expect(counters.stats()).toMatchObject({ received: 2, appended: 1, rejected: { invalid_signature: 1 } });
  });
});
