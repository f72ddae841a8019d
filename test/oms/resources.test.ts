import { afterEach, describe, expect, it } from 'vitest';
import type { OmsClient } from '../../src/oms/index.js';
import { collect, harness, omsError, type Harness } from './support.js';

/** One pass through every endpoint group, through the real client and the sandbox's real routes. */
describe('OMS client: every endpoint group against the sandbox', () => {
  let h: Harness;
  afterEach(() => h.sandbox.close());

  function start() {
    h = harness({
      sandbox: {
        completionDelayMs: 1,
        followUpDelayMs: 1,
        // Subscriptions made here must not reach the network.
        webhooks: { retryDelaysMs: [0], fetch: async () => new Response(null, { status: 204 }) },
      },
    });
    return h.client;
  }

  async function seller(client: OmsClient, name: string) {
    const customer = await client.customers.create({ firstName: name, lastName: 'Example' });
    const wallet = await client.wallets.create(customer.id, { asset: 'usdc', chain: 'polygon' });
    return { customer, wallet };
  }

  /** Puts `cents` into the wallet through a virtual-account deposit and waits for it to settle. */
  async function fund(client: OmsClient, customerId: string, walletId: string, cents: string) {
    const va = await client.virtualAccounts.create(customerId, {
      source: { asset: 'usd', network: 'usBank' },
      destination: { wallet: { wallet: walletId }, asset: 'usdc', network: 'polygon' },
    });
    const deposit = await client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: cents } });
    await h.sandbox.idle();
    return { va, deposit };
  }

  it('customers: create, get, update, list with filters, simulate-kyc', async () => {
    const client = start();
    const ada = await client.customers.create({ firstName: 'Ada', externalId: 'usr_ada' });
    expect(ada.endorsements.every((e) => e.status === 'active')).toBe(true);
    expect(await client.customers.get(ada.id)).toEqual(ada);
    const updated = await client.customers.update(ada.id, { lastName: 'Lovelace' });
    expect(updated.lastName).toBe('Lovelace');
    expect((await client.customers.list({ externalId: 'usr_ada' })).data.map((c) => c.id)).toEqual([ada.id]);
    const rejected = await client.customers.simulateKyc(ada.id, { outcome: 'rejected' });
    expect(rejected.endorsements.map((e) => e.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('wallets: create, list, get, balance', async () => {
    const client = start();
    const { customer, wallet } = await seller(client, 'Ada');
    expect(wallet).toMatchObject({ customerId: customer.id, asset: 'usdc', chain: 'polygon', status: 'active' });
    expect((await client.wallets.list(customer.id)).data).toEqual([wallet]);
    expect(await collect(client.wallets.listAll(customer.id))).toEqual([wallet]);
    expect(await client.wallets.get(wallet.id)).toEqual(wallet);
    expect(await client.wallets.balance(wallet.id)).toMatchObject({ walletId: wallet.id, balance: '0.00', pendingBalance: '0.00' });
  });

  it('virtual accounts: create, get, list by status, pause, simulate (with X-Sandbox-Outcome), delete', async () => {
    const client = start();
    const { customer, wallet } = await seller(client, 'Ada');
    const { va, deposit } = await fund(client, customer.id, wallet.id, '50000');
    expect(deposit).toMatchObject({ virtualAccountId: va.id, status: 'submitted' });
    expect(await client.virtualAccounts.get(va.id)).toEqual(va);
    const paused = await client.virtualAccounts.update(va.id, { status: 'paused' });
    expect(paused.status).toBe('paused');
    expect((await client.virtualAccounts.list(customer.id, { status: 'paused' })).data.map((v) => v.id)).toEqual([va.id]);
    await client.virtualAccounts.update(va.id, { status: 'active' });
    const failing = await client.virtualAccounts.simulate(va.id, { rail: 'wire_in', amount: { currency: 'USD', value: '1000' } }, { sandboxOutcome: 'failed' });
    expect(h.exchanges.at(-1)!.headers.get('x-sandbox-outcome')).toBe('failed');
    await h.sandbox.idle();
    expect((await client.transactions.get(failing.transactionId)).status).toBe('failed');
    await client.virtualAccounts.delete(va.id);
    expect((await client.virtualAccounts.get(va.id)).status).toBe('deleted');
    expect((await client.virtualAccounts.list(customer.id)).data).toEqual([]);
    expect(h.client.stats().byEndpoint['DELETE /virtual-accounts/{id}']).toBe(1);
  });

  it('deposit addresses: create, get, list, update, simulate, delete', async () => {
    const client = start();
    const { customer, wallet } = await seller(client, 'Ada');
    const da = await client.depositAddresses.create(customer.id, {
      source: { asset: 'usdc', network: 'polygon' },
      destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
    });
    expect(da.destination.wallet.walletId).toBe(wallet.id);
    expect(await client.depositAddresses.get(da.id)).toEqual(da);
    expect((await client.depositAddresses.list(customer.id)).data.map((d) => d.id)).toEqual([da.id]);
    const deposit = await client.depositAddresses.simulate(da.id, { amount: { value: '25.00' } });
    expect(deposit).toMatchObject({ depositAddressId: da.id, status: 'submitted' });
    await h.sandbox.idle();
    expect((await client.transactions.get(deposit.transactionId!)).depositAddressId).toBe(da.id);
    expect((await client.depositAddresses.update(da.id, { status: 'paused' })).status).toBe('paused');
    await client.depositAddresses.delete(da.id);
    expect((await client.depositAddresses.list(customer.id, { status: 'deleted' })).data.map((d) => d.id)).toEqual([da.id]);
  });

  it('external accounts: sandbox create, get, list', async () => {
    const client = start();
    const { customer } = await seller(client, 'Ada');
    const bank = await client.externalAccounts.create(customer.id, {
      type: 'usBank',
      bankName: 'Chase',
      accountNumber: '000123454242',
      routingNumber: '021000021',
    });
    expect(bank).toMatchObject({ type: 'usBank', status: 'verified', bankDetails: { accountNumber: '******4242' } });
    expect(await client.externalAccounts.get(bank.id)).toEqual(bank);
    expect((await client.externalAccounts.list(customer.id)).data).toEqual([bank]);
    expect(h.client.stats().byEndpoint['POST /sandbox/customers/{id}/external-accounts']).toBe(1);
  });

  it('quotes and transactions: quote, execute, get, list, list per customer, quote reuse refused', async () => {
    const client = start();
    const alice = await seller(client, 'Alice');
    const bob = await seller(client, 'Bob');
    await fund(client, alice.customer.id, alice.wallet.id, '10000');
    const quote = await client.quotes.create({
      customerId: alice.customer.id,
      source: { walletId: alice.wallet.id, asset: 'usdc', network: 'polygon', amount: '10.00' },
      destination: { wallet: { wallet: bob.wallet.id }, asset: 'usdc', network: 'polygon' },
    });
    expect(quote).toMatchObject({ type: 'cryptoToCrypto', status: 'open', fixedAmountSide: 'source' });
    const txn = await client.transactions.create({ quoteId: quote.id });
    expect(txn).toMatchObject({ quoteId: quote.id, status: 'processing', customerId: alice.customer.id });
    expect((await client.quotes.get(quote.id)).status).toBe('accepted');
    const again = await omsError(client.transactions.create({ quoteId: quote.id }));
    expect(again).toMatchObject({ status: 409, code: 'quote_already_accepted', param: 'quoteId' });
    await h.sandbox.idle();
    expect((await client.transactions.get(txn.id, { senderCustomerId: alice.customer.id })).status).toBe('completed');
    expect((await client.transactions.list({ customerId: bob.customer.id, type: 'cryptoToCrypto' })).data.map((t) => t.id)).toEqual([txn.id]);
    const ofAlice = await collect(client.transactions.listAllForCustomer(alice.customer.id, { limit: 1 }));
    expect(ofAlice).toHaveLength(2); // the funding deposit and the send
    expect((await client.transactions.listForCustomer(alice.customer.id, { type: 'fiatToCrypto' })).data).toHaveLength(1);
  });

  it('cash-ins and cash locations: locate, create, get, list, refresh, barcode-auth, auth-commit', async () => {
    const client = start();
    const { customer, wallet } = await seller(client, 'Ada');
    const [location] = await client.cashLocations.list({ provider: 'greendot', latitude: 38.495133, longitude: -121.505336 });
    expect(location).toMatchObject({ provider: 'GREENDOT', distance: expect.any(String) });
    const cashIn = await client.cashIns.create({
      customerId: customer.id,
      source: { asset: 'usd', indicatedAmount: '100.00' },
      destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
      cash: { cashLocationId: location!.id, cashLocationReference: location!.locationReference },
    });
    expect(cashIn).toMatchObject({ status: 'pending', cash: { locationId: location!.id } });
    expect(await client.cashIns.get(cashIn.id)).toEqual(cashIn);
    expect((await client.cashIns.list({ customerId: customer.id })).data.map((c) => c.id)).toEqual([cashIn.id]);
    const refreshed = await client.cashIns.refresh(cashIn.id);
    const code = refreshed.depositInstructions.code;
    const auth = await client.cashIns.simulateBarcodeAuth({ accountNumber: code, amount: '100.00' });
    expect(auth.responseCode).toBe('00');
    const commit = await client.cashIns.simulateAuthCommit({
      accountNumber: code,
      accountReferenceNumber: 'ref-1',
      amount: '100.00',
      originalConfirmationId: auth.confirmationId,
    });
    await h.sandbox.idle();
    const done = await client.cashIns.get(cashIn.id);
    expect(done).toMatchObject({ status: 'completed', transactionId: commit.responseId });
  });

  it('webhooks: create (with secret), get (without), list, update, delete', async () => {
    const client = start();
    const hook = await client.webhooks.create({ url: 'https://hooks.example.com/oms', events: ['transaction.*'] });
    expect(hook.secret).toMatch(/^whsec_/);
    const { secret: _secret, ...withoutSecret } = hook;
    expect(await client.webhooks.get(hook.id)).toEqual(withoutSecret);
    expect((await client.webhooks.list()).data.map((w) => w.id)).toEqual([hook.id]);
    expect(await collect(client.webhooks.listAll())).toHaveLength(1);
    expect(await client.webhooks.update(hook.id, { enabled: false })).toMatchObject({ enabled: false, status: 'disabled' });
    await client.webhooks.delete(hook.id);
    expect(await omsError(client.webhooks.get(hook.id))).toMatchObject({ status: 404, code: 'resource_not_found' });
  });
});
