import type { OmsClient } from './oms/index.js';
import type { Sandbox } from './sandbox/app.js';
import { hashApiKey } from './tenancy/api-keys.js';
import { TENANT_METADATA_KEY } from './tenancy/ownership.js';
import { parseTenantsFile, type OmsAccountInput, type TenantsFile } from './tenancy/tenants-file.js';

export const DEMO_TENANT_ID = 'demo';

/** One tenant, "Demo Marketplace", on the given OMS account (the embedded sandbox by default). */
export function demoTenants(apiKey: string, account: OmsAccountInput = { kind: 'sandbox', id: 'sandbox' }): TenantsFile {
  return parseTenantsFile({
    omsAccounts: [account],
    tenants: [{ id: DEMO_TENANT_ID, name: 'Demo Marketplace', omsAccount: account.id, apiKeyHashes: [hashApiKey(apiKey)] }],
  });
}

const SELLERS = [
  { firstName: 'Ada', lastName: 'Lovelace', deposits: ['50000', '125000'] },
  { firstName: 'Grace', lastName: 'Hopper', deposits: ['30000', '7777'] },
  { firstName: 'Alan', lastName: 'Turing', deposits: ['9900', '1313'] },
];

/**
 * Demo data in the sandbox, so the playground has something to show: three sellers with wallets and
 * virtual accounts (1% developer fee to the platform's wallet), deposits that complete, one held for
 * compliance and one that fails, a send from one seller to another, and a withdrawal to a bank.
 */
export async function seedDemo(oms: OmsClient, sandbox: Sandbox): Promise<{ sellerIds: string[] }> {
  const metadata = { [TENANT_METADATA_KEY]: DEMO_TENANT_ID };
  const platform = await oms.customers.create({ firstName: 'Demo', lastName: 'Platform', email: 'platform@demo.example', externalId: 'platform', metadata });
  const feeWallet = await oms.wallets.create(platform.id, { asset: 'usdc', chain: 'polygon' });
  const sellers = [];
  for (const [i, seller] of SELLERS.entries()) {
    const customer = await oms.customers.create({
      firstName: seller.firstName,
      lastName: seller.lastName,
      email: `${seller.firstName.toLowerCase()}@demo.example`,
      externalId: `seller-${i + 1}`,
      metadata: { ...metadata, shop: `${seller.firstName}'s shop` },
    });
    const wallet = await oms.wallets.create(customer.id, { asset: 'usdc', chain: 'polygon' });
    const va = await oms.virtualAccounts.create(customer.id, {
      source: { asset: 'usd', network: 'usBank' },
      destination: { wallet: { wallet: wallet.id }, asset: 'usdc', network: 'polygon' },
      developerFees: [{ type: 'percentage', rate: '0.010', wallet: feeWallet.id }],
      label: `${seller.firstName}'s USD account`,
      metadata: { shop: `${seller.firstName}'s shop` },
    });
    for (const cents of seller.deposits) await oms.virtualAccounts.simulate(va.id, { rail: 'ach_in', amount: { currency: 'USD', value: cents } });
    sellers.push({ customer, wallet });
  }
  await sandbox.idle();
  const [ada, grace] = sellers;
  const quote = await oms.quotes.create({
    customerId: ada!.customer.id,
    source: { walletId: ada!.wallet.id, asset: 'usdc', network: 'polygon', amount: '120.00' },
    destination: { wallet: { wallet: grace!.wallet.id }, asset: 'usdc', network: 'polygon' },
  });
  await oms.transactions.create({ quoteId: quote.id, metadata: { note: 'demo send' } });
  await seedWithdrawal(oms, ada!.customer.id, ada!.wallet.id);
  return { sellerIds: sellers.map((s) => s.customer.id) };
}

/** A US bank account for the seller and a 100.00 withdrawal to it (98.50 USD arrives: 0.5% + 1.00 OMS), completing like a deposit. */
async function seedWithdrawal(oms: OmsClient, customerId: string, walletId: string): Promise<void> {
  const bank = await oms.externalAccounts.create(customerId, {
    type: 'usBank',
    bankName: 'Chase',
    routingNumber: '021000021',
    accountNumber: '000123454242',
    label: 'Payouts',
  });
  const quote = await oms.quotes.create({
    customerId,
    source: { walletId, asset: 'usdc', network: 'polygon', amount: '100.00' },
    destination: { wallet: { externalAccount: bank.id }, asset: 'usd', network: 'ach' },
  });
  await oms.transactions.create({ quoteId: quote.id, metadata: { note: 'demo withdrawal' } });
}
