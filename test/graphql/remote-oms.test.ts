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

/** A seller of the gateway's tenant with a wallet and a virtual account into it. */
async function virtualAccountOf(gateway: Gateway, key: string, email: string) {
  const seller = await post(
    gateway,
    key,
    `mutation { createSeller(input: { firstName: "Remote", lastName: "Seller", email: "${email}" }) { seller { id } userErrors { code } } }`,
  );
  const sellerId = seller.data.createSeller.seller.id as string;
  const wallet = await post(gateway, key, `mutation { createWallet(input: { sellerId: "${sellerId}" }) { wallet { id } } }`);
  const va = await post(
    gateway,
    key,
    `mutation { createVirtualAccount(input: { sellerId: "${sellerId}", destinationWalletId: "${wallet.data.createWallet.wallet.id}" }) { virtualAccount { id bankDetails { routingNumber } } } }`,
  );
  expect(va.data.createVirtualAccount.virtualAccount.bankDetails.routingNumber).toBe('021000021');
  return { sellerId, vaId: va.data.createVirtualAccount.virtualAccount.id as string };
}

const SIMULATE = (vaId: string) =>
  `mutation { simulateDeposit(input: { virtualAccountId: "${vaId}", rail: WIRE_IN, amount: "500.00" }) { accepted transaction { id status source { amountGross amountNet } } userErrors { code message } } }`;

describe('against an OMS over the network (the sandbox served over HTTP, configured as a real OMS)', () => {
  let oms: SandboxServer | undefined;
  const gateways: Gateway[] = [];
  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await oms?.close();
  });

  /** A gateway whose tenants file names the sandbox server as an OMS account, marked as a sandbox or not. */
  async function gatewayOver(server: SandboxServer, sandbox: boolean) {
    const key = newApiKey(DEMO_TENANT_ID);
    const { apiKey, apiSecret } = server.sandbox.accounts[0]!;
    const gateway = await startGateway({
      config: config(),
      tenants: demoTenants(key, { kind: 'oms', id: 'remote', baseUrl: server.url, apiKey, apiSecret, sandbox }),
      logger: pino({ level: 'silent' }),
    });
    gateways.push(gateway);
    return { gateway, key };
  }

  it('runs the same client code; simulateDeposit works where the account is marked as a sandbox, and is refused where not', async () => {
    // Long enough that the deposit is still processing when simulateDeposit reads it back over HTTP, on a
    // slow machine too (idle() waits it out below).
    oms = await startSandboxServer(config({ SANDBOX_COMPLETION_DELAY_MS: '2000' }));

    const marked = await gatewayOver(oms, true);
    const mine = await virtualAccountOf(marked.gateway, marked.key, 'remote-marked@example.com');
    const simulated = await post(marked.gateway, marked.key, SIMULATE(mine.vaId));
    expect(simulated.data.simulateDeposit).toEqual({
      accepted: true,
      transaction: { id: expect.stringMatching(/^txn_/), status: 'PROCESSING', source: { amountGross: '500.00', amountNet: '499.00' } },
      userErrors: [],
    });
    await oms.sandbox.idle();
    const done = await post(marked.gateway, marked.key, `{ seller(id: "${mine.sellerId}") { transactions { nodes { id status } } } }`);
    expect(done.data.seller.transactions.nodes).toEqual([{ id: simulated.data.simulateDeposit.transaction.id, status: 'COMPLETED' }]);

    const unmarked = await gatewayOver(oms, false);
    const theirs = await virtualAccountOf(unmarked.gateway, unmarked.key, 'remote-unmarked@example.com');
    const refused = await post(unmarked.gateway, unmarked.key, SIMULATE(theirs.vaId));
    expect(refused.data.simulateDeposit).toEqual({
      accepted: false,
      transaction: null,
      userErrors: [
        {
          code: 'NOT_ALLOWED_IN_PRODUCTION',
          message: 'Deposits can be simulated only against an OMS sandbox (embedded, or marked "sandbox": true in the tenants file)',
        },
      ],
    });
    await oms.sandbox.idle();
    const deposits = await post(unmarked.gateway, unmarked.key, `{ seller(id: "${theirs.sellerId}") { transactions { nodes { id } } } }`);
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
    expect(Object.keys(sellers).sort(), 'the treasury is no seller').toEqual(['Ada', 'Alan', 'Grace']);
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
    // 1% of every completed deposit: 5.00 + 12.50 (Ada), 3.00 + 0.78 (Grace's held 77.77), 0.99 (Alan; his 13.13 failed),
    // and 2.50 of the 250.00 to Alan's deposit address.
    const { treasury } = (await post(gateway, key, '{ treasury { wallets { balance { available } } feeIncome { nodes { amount } } } }')).data;
    expect(treasury.feeIncome.nodes.map((n: any) => n.amount).sort()).toEqual(['0.78', '0.99', '12.50', '2.50', '3.00', '5.00']);
    expect(treasury.wallets).toEqual([{ balance: { available: '24.77' } }]);
    const page = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain(key);
    await gateway.close();
    gateway = undefined;
    sandbox.close();
  });
});
