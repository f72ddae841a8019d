import { describe, expect, it } from 'vitest';
import { seller, world } from '../support/sandbox.js';

const usBank = { asset: 'usd', network: 'usBank' } as const;
const toWallet = (wallet: string) => ({ wallet: { wallet }, asset: 'usdc', network: 'polygon' }) as const;

describe('virtual accounts', () => {
  it('refuses creation without the usd endorsement, a name, a valid wallet or sane fees', async () => {
    const w = await world();
    const bare = await w.client.customers.create({ firstName: 'No', lastName: 'Usd', endorsements: ['basic', 'cryptoCustody'] });
    const bareWallet = await w.client.wallets.create(bare.id, { asset: 'usdc', chain: 'polygon' });
    await expect(w.client.virtualAccounts.create(bare.id, { source: usBank, destination: toWallet(bareWallet.id) })).rejects.toMatchObject({
      status: 403,
      code: 'endorsement_required',
    });

    const nameless = await w.client.customers.create({});
    const namelessWallet = await w.client.wallets.create(nameless.id, { asset: 'usdc', chain: 'polygon' });
    await expect(w.client.virtualAccounts.create(nameless.id, { source: usBank, destination: toWallet(namelessWallet.id) })).rejects.toMatchObject({
      status: 422,
      code: 'provider_account_not_provisioned',
    });

    const { customer, wallet } = await seller(w.client);
    const other = await seller(w.client);
    const create = (destination: object, extra: object = {}) =>
      w.client.virtualAccounts.create(customer.id, { source: usBank, destination, ...extra } as never).catch((e: unknown) => e);
    expect(await create(toWallet('wlt_missing'))).toMatchObject({ status: 404, param: 'destination.wallet.wallet' });
    expect(await create(toWallet(other.wallet.id))).toMatchObject({ status: 400, param: 'destination.wallet.wallet' });
    expect(await create({ ...toWallet(wallet.id), asset: 'usdt' })).toMatchObject({ status: 422, code: 'unsupported_asset_network' });
    expect(await create(toWallet(wallet.id), { developerFees: [{ type: 'percentage', rate: '1.5' }] })).toMatchObject({
      status: 400,
      param: 'developerFees.0.rate',
    });
    expect(
      await create(toWallet(wallet.id), {
        developerFees: [
          { type: 'percentage', rate: '0.6' },
          { type: 'percentage', rate: '0.5' },
        ],
      }),
    ).toMatchObject({ status: 400, param: 'developerFees' });
    expect(await create(toWallet(wallet.id), { metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) })).toMatchObject({
      status: 400,
      param: 'metadata',
    });
    expect(await create(toWallet(wallet.id), { surprise: true })).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('pauses, resumes, redirects, lists by status and soft-deletes', async () => {
    const w = await world();
    const { customer, wallet } = await seller(w.client);
    const second = await w.client.wallets.create(customer.id, { asset: 'usdc', chain: 'polygon' });
    const va = await w.client.virtualAccounts.create(customer.id, { source: usBank, destination: toWallet(wallet.id), accountholderName: 'customer' });
    expect(va.bankDetails.ownerName).toBe(`${customer.firstName} Example`);
    const other = await w.client.virtualAccounts.create(customer.id, { source: usBank, destination: toWallet(wallet.id) });

    expect((await w.client.virtualAccounts.update(va.id, { status: 'paused' })).status).toBe('paused');
    expect((await w.client.virtualAccounts.list(customer.id, { status: 'paused' })).data.map((v) => v.id)).toEqual([va.id]);
    expect((await w.client.virtualAccounts.update(va.id, { status: 'active' })).status).toBe('active');

    const redirected = await w.client.virtualAccounts.update(va.id, { destination: { wallet: { wallet: second.id } } });
    expect(redirected.destination.wallet.walletId).toBe(second.id);
    expect(redirected.bankDetails.accountNumber).toBe(va.bankDetails.accountNumber);
    await w.client.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: '10100' } });
    await w.sandbox.idle();
    expect((await w.client.wallets.balance(second.id)).balance).toBe('100.00');
    expect((await w.client.wallets.balance(wallet.id)).balance).toBe('0.00');

    await w.client.virtualAccounts.delete(va.id);
    await w.client.virtualAccounts.delete(va.id); // deleting again is harmless
    expect((await w.client.virtualAccounts.get(va.id)).status).toBe('deleted');
    expect((await w.client.virtualAccounts.list(customer.id)).data.map((v) => v.id)).toEqual([other.id]);
    expect((await w.client.virtualAccounts.list(customer.id, { status: 'deleted' })).data.map((v) => v.id)).toEqual([va.id]);
    await expect(w.client.virtualAccounts.update(va.id, { status: 'active' })).rejects.toMatchObject({ status: 400 });
    await expect(w.client.virtualAccounts.get('va_unknown')).rejects.toMatchObject({ status: 404, code: 'resource_not_found' });
  });

  it('keeps each account to its own ledger: another API key sees none of it', async () => {
    const w = await world({
      accounts: [
        { apiKey: 'sk_sdbx_one', apiSecret: 'secret-one-0123456789' },
        { apiKey: 'sk_sdbx_two', apiSecret: 'secret-two-0123456789' },
      ],
    });
    const { customer, wallet } = await seller(w.client);
    const { createOmsClient } = await import('../../src/oms/index.js');
    const stranger = createOmsClient({ baseUrl: w.sandbox.baseUrl, ...w.sandbox.accounts[1]!, fetch: w.sandbox.fetch });
    await expect(stranger.customers.get(customer.id)).rejects.toMatchObject({ status: 404 });
    await expect(stranger.wallets.balance(wallet.id)).rejects.toMatchObject({ status: 404 });
    expect((await stranger.customers.list()).data).toHaveLength(0);
  });
});

describe('deposit addresses', () => {
  it('routes an on-chain deposit into the wallet as cryptoToCrypto, with developer fees', async () => {
    const w = await world();
    const { customer, wallet } = await seller(w.client);
    const platform = await seller(w.client);
    const da = await w.client.depositAddresses.create(customer.id, {
      source: { asset: 'usdc', network: 'polygon' },
      destination: toWallet(wallet.id),
      developerFees: [{ type: 'percentage', rate: '0.02', wallet: platform.wallet.id }],
      metadata: { order: 'A-1' },
    });
    expect(da).toMatchObject({ status: 'active', transactionType: 'cryptoToCrypto', source: { depositInstructions: { asset: 'usdc', network: 'polygon' } } });
    expect(da.source.depositInstructions.address).toMatch(/^0x[0-9a-f]{40}$/);

    const deposit = await w.client.depositAddresses.simulate(da.id, { amount: { value: '250.000001' } });
    expect(deposit).toMatchObject({ depositAddressId: da.id, status: 'submitted', network: 'POLYGON', amount: { value: '250.000001', currency: 'USDC' } });
    await w.sandbox.idle();
    const txn = await w.client.transactions.get(deposit.transactionId!);
    // 2% developer = 5.00, 0.1% OMS = 0.25, on 250.000001
    expect(txn).toMatchObject({
      type: 'cryptoToCrypto',
      status: 'completed',
      depositAddressId: da.id,
      source: {
        amountGross: '250.000001',
        amountNet: '244.750001',
        feesDeducted: { developer: '5.00', oms: '0.25', total: '5.25' },
        txHash: deposit.transactionHash,
      },
      metadata: { order: 'A-1' },
    });
    expect((await w.client.wallets.balance(wallet.id)).balance).toBe('244.750001');
    expect((await w.client.wallets.balance(platform.wallet.id)).balance).toBe('5.00');
  });

  it('pauses, redirects, lists and deletes like a virtual account', async () => {
    const w = await world();
    const { customer, wallet } = await seller(w.client);
    const da = await w.client.depositAddresses.create(customer.id, { source: { asset: 'usdc', network: 'polygon' }, destination: toWallet(wallet.id) });
    await w.client.depositAddresses.update(da.id, { status: 'paused' });
    await expect(w.client.depositAddresses.simulate(da.id, { amount: { value: '10' } })).rejects.toMatchObject({ status: 400 });
    expect((await w.client.depositAddresses.list(customer.id, { status: 'paused' })).data).toHaveLength(1);
    await w.client.depositAddresses.delete(da.id);
    expect((await w.client.depositAddresses.get(da.id)).status).toBe('deleted');
    expect((await w.client.depositAddresses.list(customer.id)).data).toHaveLength(0);
  });
});

describe('external accounts', () => {
  it('are created through the sandbox-only endpoint, masked, and listed per customer', async () => {
    const w = await world();
    const { customer } = await seller(w.client);
    const bank = await w.client.externalAccounts.create(customer.id, {
      type: 'usBank',
      bankName: 'Chase',
      accountNumber: '000123454242',
      routingNumber: '021000021',
    });
    expect(bank).toMatchObject({ type: 'usBank', status: 'verified', network: 'ach', bankDetails: { bankName: 'Chase', accountNumber: '******4242' } });
    expect(bank.id).toMatch(/^cpUsBank_/);
    const address = await w.client.externalAccounts.create(customer.id, { type: 'blockchainAddress', address: `0x${'ab'.repeat(20)}` });
    expect(address.id).toMatch(/^cpBcAddr_/);
    expect(await w.client.externalAccounts.get(bank.id)).toEqual(bank);
    expect((await w.client.externalAccounts.list(customer.id)).data.map((a) => a.id)).toEqual([address.id, bank.id]);
    await expect(
      w.client.externalAccounts.create(customer.id, { type: 'usBank', bankName: 'X', accountNumber: '12', routingNumber: '1' }),
    ).rejects.toMatchObject({ status: 400 });
  });
});
