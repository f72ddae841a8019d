import { Kind, type OperationDefinitionNode, parse } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config.js';
import { DEMO_TENANT_ID, demoTenants, seedDemo } from '../../src/demo.js';
import type { EventLog } from '../../src/events/event-log.js';
import { createMemoryEventLog } from '../../src/events/memory-log.js';
import { transaction as transactionSchema } from '../../src/oms/schemas/index.js';
import { isPlaceholder, tourTabs } from '../../src/playground/tour.js';
import { embeddedAccount } from '../../src/sandbox/account.js';
import { createSandbox } from '../../src/sandbox/app.js';
import { startGateway, type Gateway } from '../../src/server.js';
import { newApiKey } from '../../src/tenancy/api-keys.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { appendMarker } from '../support/markers.js';
import { rawTransaction, unique } from '../webhooks/support.js';
import { deliveriesInOrder } from './sellers.js';

/**
 * The playground's tour (src/playground/tour.ts) run as written, tab by tab in story order, over
 * HTTP and graphql-ws: each operation with its tab's variables, where a placeholder is replaced by
 * the id an earlier step answered, as the tab's comment tells the reader to do. Every operation of
 * every tab runs, with no errors and no userErrors, so the tour cannot rot unseen.
 */

const TABS = tourTabs(true);

/** Each tab's operations by name, and the ones this suite ran. */
const operations = new Map(
  TABS.flatMap((t) =>
    parse(t.query)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((op) => [op.name!.value, { tab: t, op }] as const),
  ),
);
const ran = new Set<string>();

/**
 * The variables `name` runs with: its tab's, with `ids` pasted over them. A variable the operation
 * takes that still holds a placeholder fails the test: the reader would have been told to copy it.
 */
function variablesFor(name: string, ids: Record<string, unknown>): Record<string, unknown> {
  const found = operations.get(name) ?? expect.fail(`the tour has no operation ${name}`);
  const variables = { ...found.tab.variables, ...ids };
  for (const definition of found.op.variableDefinitions ?? []) {
    const variable = definition.variable.name.value;
    expect(isPlaceholder(variables[variable]), `${name}: $${variable} is still a placeholder`).toBe(false);
  }
  ran.add(name);
  return variables;
}

interface Post {
  url: string;
  token: string;
}

/** Runs the tour's operation `name` over HTTP; fails on GraphQL errors or userErrors. */
async function run(to: Post, name: string, ids: Record<string, unknown> = {}): Promise<any> {
  const { tab: owner } = operations.get(name) ?? expect.fail(`the tour has no operation ${name}`);
  const response = await fetch(to.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${to.token}` },
    body: JSON.stringify({ query: owner.query, operationName: name, variables: variablesFor(name, ids) }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  expect(body.errors, `${name}: ${JSON.stringify(body.errors)}`).toBeUndefined();
  for (const [field, value] of Object.entries(body.data ?? {})) {
    if (value && typeof value === 'object' && 'userErrors' in value) expect(value.userErrors, `${name}.${field}`).toEqual([]);
  }
  return body.data;
}

interface Watch {
  /** activity events received so far (the markers left out). */
  events: any[];
  /** Resolves once `done` holds for what came; fails after `ms`, naming what came. */
  until(done: (events: any[]) => boolean, what: string, ms?: number): Promise<any[]>;
  close(): Promise<void>;
}

/**
 * The tour's WatchSeller subscription over graphql-ws, `after` a marker appended to the log just
 * before (as the tab explains "after"): it gets every event from then on, however soon the server
 * starts reading, with no race between subscribing and what the test does next.
 */
async function watch(to: Post & { log: EventLog; tenantId: string }, sellerId: string, ids: Record<string, unknown>): Promise<Watch> {
  const { tab: owner } = operations.get('WatchSeller')!;
  const transaction = transactionSchema.parse(rawTransaction({ id: `txn_marker_${unique('tour')}`, customerId: sellerId, status: 'completed' }));
  const after = await appendMarker(to.log, { tenantId: to.tenantId, sellerIds: [sellerId], transaction });
  const client: Client = createClient({
    url: to.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${to.token}` },
    retryAttempts: 0,
  });
  const events: any[] = [];
  const waiters = new Set<() => void>();
  let failure: Error | undefined;
  const wake = () => {
    for (const w of waiters) w();
  };
  client.subscribe(
    { query: owner.query, operationName: 'WatchSeller', variables: variablesFor('WatchSeller', { ...ids, after }) },
    {
      next: (result: any) => {
        if (result.errors) failure = new Error(`WatchSeller answered errors: ${JSON.stringify(result.errors)}`);
        else events.push(result.data.activity);
        wake();
      },
      error: (error) => {
        failure = new Error(`WatchSeller failed: ${JSON.stringify(error)}`);
        wake();
      },
      complete: () => {},
    },
  );
  return {
    events,
    until: (done, what, ms = 5_000) =>
      new Promise((resolve, reject) => {
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          error ? reject(error) : resolve([...events]);
        };
        const check = () => (failure ? finish(failure) : done(events) ? finish() : undefined);
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}; received ${JSON.stringify(events)}`)), ms);
        waiters.add(check);
        check();
      }),
    close: async () => client.dispose(),
  };
}

/** The statuses one transaction went through, as the watch saw them. */
const statusesOf = (events: any[], transactionId: string): string[] =>
  events.filter((e) => e.kind === 'TRANSACTION' && e.transaction?.id === transactionId).map((e) => e.transaction.status);

describe('the tour, run as written against a test gateway', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ playgroundToken: (keys) => keys.acme, sandbox: { webhooks: { fetch: deliveriesInOrder() } } });
  });
  afterAll(() => t?.close());

  it('onboards a seller, opens a virtual account, watches a deposit arrive live, and withdraws to a bank', async () => {
    const to = { url: t.gateway.url, token: t.keys.acme };
    expect(TABS.map((tab) => tab.story)).toEqual(['onboard a seller', 'open a virtual account', 'simulate a deposit', 'watch it live', 'withdraw', 'explore']);

    // 1. Onboard a seller.
    const { createSeller } = await run(to, 'OnboardSeller');
    const sellerId = createSeller.seller.id as string;
    expect(createSeller.seller).toMatchObject({ firstName: 'Katherine', lastName: 'Johnson' });
    const { simulateKycDecision } = await run(to, 'DecideKyc', { sellerId });
    expect(simulateKycDecision.seller.endorsements.map((e: { status: string }) => e.status)).toEqual(['ACTIVE', 'ACTIVE', 'ACTIVE']);

    // 2. Open a virtual account (a wallet first, as the tab says).
    const { createWallet } = await run(to, 'CreateWallet', { sellerId });
    const walletId = createWallet.wallet.id as string;
    const { createVirtualAccount } = await run(to, 'OpenVirtualAccount', { sellerId, walletId });
    const virtualAccountId = createVirtualAccount.virtualAccount.id as string;
    expect(createVirtualAccount.virtualAccount.bankDetails.routingNumber).toMatch(/^\d{9}$/);

    // 4 is watched while 3 runs, as tab 4 tells: in a second window, before the deposit.
    const live = await watch({ ...to, log: t.events, tenantId: 'acme' }, sellerId, { sellerId });
    try {
      // 3. Simulate a deposit.
      const { sellers } = await run(to, 'VirtualAccounts');
      const listed = sellers.nodes.find((s: { id: string }) => s.id === sellerId);
      expect(listed.virtualAccounts).toEqual([{ id: virtualAccountId, label: 'Main account', status: 'ACTIVE' }]);
      const { simulateDeposit } = await run(to, 'SimulateDeposit', { virtualAccountId });
      expect(simulateDeposit).toMatchObject({ accepted: true, transaction: { status: 'PROCESSING', source: { amountGross: '500.00' } } });
      const deposit = simulateDeposit.transaction.id as string;

      // 4. Watch it live: PROCESSING, then COMPLETED, and the wallet's balance after.
      const events = await live.until(
        (got) => statusesOf(got, deposit).includes('COMPLETED') && got.some((e) => e.kind === 'BALANCE' && e.balance.balance.available !== '0.00'),
        'the deposit completed and the balance after it',
      );
      expect(statusesOf(events, deposit)).toEqual(['PROCESSING', 'COMPLETED']);
      const balance = events.findLast((e) => e.kind === 'BALANCE');
      expect(balance.balance).toEqual({ wallet: { id: walletId }, balance: { available: simulateDeposit.transaction.destination.amountNet, pending: '0.00' } });

      // 5. Withdraw to a bank.
      const { registerExternalAccount } = await run(to, 'RegisterBankAccount', { sellerId });
      const externalAccountId = registerExternalAccount.externalAccount.id as string;
      const { createQuote } = await run(to, 'CreateQuote', { sellerId, walletId, externalAccountId });
      expect(createQuote.quote).toMatchObject({ source: { asset: 'USDC', amountGross: '100.00' }, destination: { asset: 'USD', network: 'ACH' } });
      const { executeQuote } = await run(to, 'ExecuteQuote', { quoteId: createQuote.quote.id });
      const withdrawal = executeQuote.transaction.id as string;
      await live.until((got) => statusesOf(got, withdrawal).includes('COMPLETED'), 'the withdrawal completed');
      const { transaction } = await run(to, 'Withdrawal', { transactionId: withdrawal });
      expect(transaction).toEqual({
        id: withdrawal,
        status: 'COMPLETED',
        destination: { asset: 'USD', amountNet: createQuote.quote.destination.amountNet, externalAccount: { bankName: 'Chase', accountNumberLast4: '4242' } },
      });
    } finally {
      await live.close();
    }

    // And the last tab: everything at once.
    const { viewer } = await run(to, 'Overview');
    expect(viewer.tenant).toEqual({ id: 'acme', name: 'Acme Market' });

    expect(
      [...operations.keys()].filter((name) => !ran.has(name)),
      'operations of the tour no test ran',
    ).toEqual([]);
  }, 30_000);
});

describe("the tour's deposit against the demo data npm start seeds", () => {
  const key = newApiKey(DEMO_TENANT_ID);
  const log = createMemoryEventLog();
  const sandbox = createSandbox({ completionDelayMs: 5, followUpDelayMs: 5, webhooks: { fetch: deliveriesInOrder() } });
  let gateway: Gateway;
  beforeAll(async () => {
    // As src/main.ts does without TENANTS_FILE: the demo tenant on an embedded sandbox, then seedDemo.
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SESSION_SECRET: 'test-session-secret-of-at-least-32-chars' });
    const embedded = embeddedAccount('sandbox', sandbox, { timeoutMs: config.omsTimeoutMs });
    gateway = await startGateway({
      config,
      tenants: demoTenants(key),
      logger: pino({ level: 'silent' }),
      accounts: [embedded],
      events: log,
      playgroundToken: key,
    });
    await seedDemo(embedded.client, sandbox);
  }, 30_000);
  afterAll(async () => {
    await gateway?.close();
    sandbox.close();
  });

  it("finds a demo seller's virtual account, and its dashboard (a seller token) sees the deposit arrive live", async () => {
    const tenant = { url: gateway.url, token: key };
    const { sellers } = await run(tenant, 'VirtualAccounts');
    const ada = sellers.nodes.find((s: { firstName: string }) => s.firstName === 'Ada');
    expect(ada.virtualAccounts).toHaveLength(1);

    // Ada's dashboard: a session of hers, watching her activity (no sellerId: a seller token sees itself).
    const session = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: 'mutation($id: ID!) { createSellerSession(input: { sellerId: $id }) { session { token } } }', variables: { id: ada.id } }),
    });
    const token = ((await session.json()) as any).data.createSellerSession.session.token as string;
    const dashboard = await watch({ url: gateway.url, token, log, tenantId: DEMO_TENANT_ID }, ada.id, { sellerId: null });
    try {
      const { simulateDeposit } = await run(tenant, 'SimulateDeposit', { virtualAccountId: ada.virtualAccounts[0].id });
      const deposit = simulateDeposit.transaction.id as string;
      const events = await dashboard.until((got) => statusesOf(got, deposit).includes('COMPLETED'), "the deposit completed on Ada's dashboard");
      expect(statusesOf(events, deposit)).toEqual(['PROCESSING', 'COMPLETED']);
    } finally {
      await dashboard.close();
    }
  });
});
