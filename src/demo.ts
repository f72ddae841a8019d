import { ensureTreasury } from './graphql/treasury/treasury.js';
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

/** The demo tenant's treasury and its USDC wallet, where the sellers' developer fees go (its fee income). */
async function seedTreasury(oms: OmsClient): Promise<string> {
  const treasury = await ensureTreasury(oms, DEMO_TENANT_ID);
  return (await oms.wallets.create(treasury.id, { asset: 'usdc', chain: 'polygon' })).id;
}

/**
 * Demo data in the sandbox, so the playground has something to show: three sellers with wallets and
 * virtual accounts (1% developer fee to the tenant's treasury), deposits that complete, one held for
 * compliance and one that fails, and a send from one seller to another.
 */
export async function seedDemo(oms: OmsClient, sandbox: Sandbox): Promise<{ sellerIds: string[] }> {
  const metadata = { [TENANT_METADATA_KEY]: DEMO_TENANT_ID };
  const feeWallet = await seedTreasury(oms);
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
      developerFees: [{ type: 'percentage', rate: '0.010', wallet: feeWallet }],
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
  return { sellerIds: sellers.map((s) => s.customer.id) };
}
