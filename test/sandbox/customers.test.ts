import { describe, expect, it } from 'vitest';
import { seller, world } from '../support/sandbox.js';

describe('customers and endorsements', () => {
  it('approves requested endorsements at once by default and announces each grant', async () => {
    const w = await world();
    const customer = await w.client.customers.create({ firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', metadata: { tenantId: 't1' } });
    expect(customer.endorsements).toEqual([
      { name: 'basic', status: 'active' },
      { name: 'cryptoCustody', status: 'active' },
      { name: 'usd', status: 'active' },
    ]);
    expect(customer).toMatchObject({ status: 'active', metadata: { tenantId: 't1' } });
    await w.sandbox.idle();
    expect(w.eventsFor(customer.id)).toEqual(Array(3).fill('customer.endorsement.granted'));
  });

  it('reviews after a delay when configured, and can be forced to reject', async () => {
    const w = await world({ endorsements: { delayMs: 5 } });
    const pending = await w.client.customers.create({ firstName: 'Slow', endorsements: ['basic'] });
    expect(pending.endorsements).toEqual([{ name: 'basic', status: 'pending' }]);
    await expect(
      w.client.quotes.create({
        customerId: pending.id,
        source: { walletId: 'wlt_x', asset: 'usdc', network: 'polygon', amount: '1.00' },
        destination: { wallet: { blockchainAddress: `0x${'1'.repeat(40)}` }, asset: 'usdc', network: 'polygon' },
      }),
    ).rejects.toMatchObject({ status: 403, code: 'endorsement_required' });
    await w.sandbox.idle();
    expect((await w.client.customers.get(pending.id)).endorsements).toEqual([{ name: 'basic', status: 'active' }]);

    const rejected = await w.client.customers.create({ firstName: 'Rex' }, { sandboxOutcome: 'kycRejected' });
    await w.sandbox.idle();
    expect((await w.client.customers.get(rejected.id)).endorsements.every((e) => e.status === 'rejected')).toBe(true);
    expect(w.eventsFor(rejected.id)).toContain('customer.endorsement.rejected');
    await expect(w.client.wallets.create(rejected.id, { asset: 'usdc', chain: 'polygon' })).rejects.toMatchObject({
      status: 403,
      code: 'endorsement_required',
    });

    const revived = await w.client.customers.simulateKyc(rejected.id, { outcome: 'approved' });
    expect(revived.endorsements.every((e) => e.status === 'active')).toBe(true);
  });

  it('leaves reviews pending when so configured, until simulate-kyc decides them', async () => {
    const w = await world({ endorsements: { outcome: 'pending' } });
    const customer = await w.client.customers.create({ firstName: 'Pat', endorsements: ['basic', 'usd'] });
    await w.sandbox.idle();
    expect((await w.client.customers.get(customer.id)).endorsements.map((e) => e.status)).toEqual(['pending', 'pending']);
    expect(w.eventsFor(customer.id)).toEqual([]);
    expect((await w.client.customers.simulateKyc(customer.id, { outcome: 'approved' })).endorsements.map((e) => e.status)).toEqual(['active', 'active']);
    await w.sandbox.idle();
    expect(w.eventsFor(customer.id)).toEqual(['customer.endorsement.granted', 'customer.endorsement.granted']);
  });

  it('validates input field by field', async () => {
    const w = await world();
    await expect(w.client.customers.create({ email: 'not-an-email' })).rejects.toMatchObject({ status: 400, param: 'email' });
    await expect(w.client.customers.create({ phone: '555-1234' })).rejects.toMatchObject({ status: 400, param: 'phone' });
    await expect(w.client.customers.create({ birthDate: '1990-13-40' })).rejects.toMatchObject({ status: 400, param: 'birthDate' });
  });

  it('filters the list by email, externalId and creation date, and updates with PATCH', async () => {
    const w = await world();
    const a = await seller(w.client, 'Anna');
    const b = await seller(w.client, 'Boris');
    expect((await w.client.customers.list({ email: 'anna@example.com' })).data.map((c) => c.id)).toEqual([a.customer.id]);
    expect((await w.client.customers.list({ externalId: 'ext_Boris' })).data.map((c) => c.id)).toEqual([b.customer.id]);
    expect((await w.client.customers.list({ createdAfter: b.customer.createdAt })).data.map((c) => c.id)).toContain(b.customer.id);
    expect((await w.client.customers.list({ createdBefore: a.customer.createdAt })).data.map((c) => c.id)).toEqual([a.customer.id]);
    const updated = await w.client.customers.update(a.customer.id, { phone: '+12125551234' });
    expect(updated.phone).toBe('+12125551234');
    expect(updated.firstName).toBe('Anna');
  });
});

describe('wallets', () => {
  it('creates, lists, gets and reads a zero balance; refuses unknown ids and currencies', async () => {
    const w = await world();
    const { customer, wallet } = await seller(w.client);
    expect(wallet).toMatchObject({ customerId: customer.id, asset: 'usdc', chain: 'polygon', status: 'active' });
    expect(wallet.address).toMatch(/^0x[0-9a-f]{40}$/);
    const usdt = await w.client.wallets.create(customer.id, { asset: 'usdt', chain: 'ethereum' });
    expect((await w.client.wallets.list(customer.id)).data.map((x) => x.id)).toEqual([usdt.id, wallet.id]);
    expect(await w.client.wallets.get(wallet.id)).toEqual(wallet);
    expect(await w.client.wallets.balance(wallet.id)).toMatchObject({
      walletId: wallet.id,
      balance: '0.00',
      pendingBalance: '0.00',
      estimatedBalanceCurrencyCode: 'USD',
    });
    await expect(w.client.wallets.get('wlt_nope')).rejects.toMatchObject({ status: 404 });
    await expect(w.client.wallets.create(customer.id, { asset: 'btc', chain: 'polygon' } as never)).rejects.toMatchObject({ status: 400, param: 'asset' });
  });
});
