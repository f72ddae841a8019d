import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT_ID, demoTenants, seedDemo } from '../../src/demo.js';
import { embeddedAccount } from '../../src/sandbox/account.js';
import { createSandbox } from '../../src/sandbox/app.js';
import { startSandboxServer, type SandboxServer } from '../../src/sandbox/server.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';

const config = (env: Record<string, string> = {}) =>
  loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars', ...env });
const post = async (gateway: Gateway, token: string, query: string, variables?: object) => {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
};

describe('against an OMS over the network (the sandbox served over HTTP, configured as a real OMS)', () => {
  let oms: SandboxServer | undefined;
  let gateway: Gateway | undefined;
  afterAll(async () => {
    await gateway?.close();
    await oms?.close();
  });

  it('runs the same client code, and refuses simulateDeposit with NOT_ALLOWED_IN_PRODUCTION', async () => {
    oms = await startSandboxServer(config({ SANDBOX_COMPLETION_DELAY_MS: '5' }));
    const key = newApiKey(DEMO_TENANT_ID);
    const { apiKey, apiSecret } = oms.sandbox.accounts[0]!;
    gateway = await startGateway({
      config: config(),
      tenants: demoTenants(key, { kind: 'oms', id: 'remote', baseUrl: oms.url, apiKey, apiSecret }),
      logger: pino({ level: 'silent' }),
    });

    const seller = await post(
      gateway,
      key,
      'mutation { createSeller(input: { firstName: "Remote", lastName: "Seller", email: "remote@example.com" }) { seller { id } userErrors { code } } }',
    );
    const sellerId = seller.data.createSeller.seller.id as string;
    const wallet = await post(gateway, key, `mutation { createWallet(input: { sellerId: "${sellerId}" }) { wallet { id } } }`);
    const va = await post(
      gateway,
      key,
      `mutation { createVirtualAccount(input: { sellerId: "${sellerId}", destinationWalletId: "${wallet.data.createWallet.wallet.id}" }) { virtualAccount { id bankDetails { routingNumber } } } }`,
    );
    expect(va.data.createVirtualAccount.virtualAccount.bankDetails.routingNumber).toBe('021000021');

    const simulated = await post(
      gateway,
      key,
      `mutation { simulateDeposit(input: { virtualAccountId: "${va.data.createVirtualAccount.virtualAccount.id}", amount: "500.00" }) { accepted userErrors { code message } } }`,
    );
    expect(simulated.data.simulateDeposit).toEqual({
      accepted: false,
      userErrors: [{ code: 'NOT_ALLOWED_IN_PRODUCTION', message: 'Deposits can only be simulated against the OMS sandbox' }],
    });
    const deposits = await post(gateway, key, `{ seller(id: "${sellerId}") { transactions { nodes { id } } } }`);
    expect(deposits.data.seller.transactions.nodes).toEqual([]);
  });
});

describe('the demo of npm start', () => {
  let gateway: Gateway | undefined;
  afterAll(() => gateway?.close());

  it('gives the demo tenant sellers with wallets, deposits in every state, a send and a withdrawal to a bank', async () => {
    const key = newApiKey(DEMO_TENANT_ID);
    // As npm start does: the process entry makes the sandbox, hands the gateway its account, and seeds it.
    const sandbox = createSandbox({ completionDelayMs: 5, followUpDelayMs: 5 });
    const account = embeddedAccount('sandbox', sandbox, { timeoutMs: 10_000 });
    gateway = await startGateway({ config: config(), tenants: demoTenants(key), logger: pino({ level: 'silent' }), playgroundToken: key, accounts: [account] });
    await seedDemo(account.client, sandbox);
    await sandbox.idle();
    const result = await post(
      gateway,
      key,
      '{ viewer { tenant { name } } sellers(first: 10) { nodes { firstName wallets { balance { available } } transactions(first: 10) { nodes { type status subStatus destination { amountNet externalAccount { bankName accountNumberLast4 } } } } externalAccounts { type label } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.viewer.tenant.name).toBe('Demo Marketplace');
    const sellers = Object.fromEntries(result.data.sellers.nodes.map((s: any) => [s.firstName, s]));
    expect(Object.keys(sellers).sort()).toEqual(['Ada', 'Alan', 'Demo', 'Grace']);
    // Ada: 494.00 + 1236.50 - 120.00 sent - 100.00 withdrawn; Grace: 296.00 + 75.99 (held, then completed) + 119.55 received.
    expect(sellers.Ada.wallets[0].balance.available).toBe('1510.50');
    expect(sellers.Ada.externalAccounts).toEqual([{ type: 'US_BANK', label: 'Payouts' }]);
    expect(sellers.Ada.transactions.nodes.filter((t: any) => t.type === 'CRYPTO_TO_FIAT')).toEqual([
      {
        type: 'CRYPTO_TO_FIAT',
        status: 'COMPLETED',
        subStatus: null,
        destination: { amountNet: '98.50', externalAccount: { bankName: 'Chase', accountNumberLast4: '4242' } },
      },
    ]);
    expect(sellers.Grace.wallets[0].balance.available).toBe('491.54');
    expect(sellers.Alan.transactions.nodes.map((t: any) => t.status)).toContain('FAILED');
    const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain(key);
    await gateway.close();
    gateway = undefined;
    sandbox.close();
  });
});
