import { ensureTreasury } from './graphql/treasury/treasury.js';
import type { OmsClient } from './oms/index.js';
import type { Customer, Wallet } from './oms/schemas/index.js';
import type { Sandbox } from './sandbox/app.js';
import { hashApiKey } from './tenancy/api-keys.js';
import { TENANT_METADATA_KEY } from './tenancy/ownership.js';
import { parseTenantsFile, type OmsAccountInput, type TenantInput, type TenantsFile } from './tenancy/tenants-file.js';

export const DEMO_TENANT_ID = 'demo';

/**
 * One tenant, "Demo Marketplace", on the given OMS account (the embedded sandbox by default). With
 * `persistedDocuments`, as in a tenants file: the manifests (paths relative to the working directory,
 * or absolute) whose documents its callers may name by hash, and whether its seller tokens are held to them.
 */
export function demoTenants(
  apiKey: string,
  account: OmsAccountInput = { kind: 'sandbox', id: 'sandbox' },
  persistedDocuments?: TenantInput['persistedDocuments'],
): TenantsFile {
  return parseTenantsFile({
    omsAccounts: [account],
    tenants: [
      {
        id: DEMO_TENANT_ID,
        name: 'Demo Marketplace',
        omsAccount: account.id,
        apiKeyHashes: [hashApiKey(apiKey)],
        ...(persistedDocuments ? { persistedDocuments } : {}),
      },
    ],
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
 * compliance and one that fails, a send from one seller to another, a withdrawal to a bank, a cash-in
 * paid in at a counter, and a deposit address with a deposit.
 */
export async function seedDemo(oms: OmsClient, sandbox: Sandbox): Promise<{ sellerIds: string[]; sellers: { id: string; name: string }[] }> {
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
  await seedDemoCashIn(oms, sandbox, sellers[2]!.customer.id, sellers[2]!.wallet.id);
  await seedDepositAddress(oms, sellers[2]!, feeWallet);
  await seedWithdrawal(oms, ada!.customer.id, ada!.wallet.id);
  return {
    sellerIds: sellers.map((s) => s.customer.id),
    sellers: sellers.map(({ customer }) => ({ id: customer.id, name: `${customer.firstName} ${customer.lastName}` })),
  };
}

/**
 * A completed cash-in: 200.00 USD paid in at a GreenDot counter near the docs' example point, through
 * the sandbox's two counter steps. OMS takes 1.5% + 0.50 (3.50), so 196.50 USDC reach the wallet.
 */
export async function seedDemoCashIn(oms: OmsClient, sandbox: Sandbox, customerId: string, walletId: string): Promise<string> {
  const [location] = await oms.cashLocations.list({ provider: 'greendot', latitude: 38.495133, longitude: -121.505336 });
  if (!location) throw new Error('the sandbox lists no GreenDot location near Sacramento');
  const cashIn = await oms.cashIns.create({
    customerId,
    source: { asset: 'usd', indicatedAmount: '200.00' },
    destination: { wallet: { wallet: walletId }, asset: 'usdc', network: 'polygon' },
    cash: { cashLocationId: location.id, cashLocationReference: location.locationReference },
  });
  const accountNumber = cashIn.depositInstructions.code;
  const auth = await oms.cashIns.simulateBarcodeAuth({ accountNumber, amount: '200.00' });
  await oms.cashIns.simulateAuthCommit({ accountNumber, accountReferenceNumber: cashIn.id, amount: '200.00', originalConfirmationId: auth.confirmationId });
  await sandbox.idle();
  return cashIn.id;
}

/** A deposit address of the seller's (1% developer fee to the platform) with one on-chain deposit of 250.00 USDC. */
async function seedDepositAddress(oms: OmsClient, seller: { customer: Customer; wallet: Wallet }, feeWalletId: string): Promise<void> {
  const usdcOnPolygon = { asset: 'usdc', network: 'polygon' } as const;
  const da = await oms.depositAddresses.create(seller.customer.id, {
    source: usdcOnPolygon,
    destination: { wallet: { wallet: seller.wallet.id }, ...usdcOnPolygon },
    developerFees: [{ type: 'percentage', rate: '0.010', wallet: feeWalletId }],
    label: `${seller.customer.firstName}'s crypto checkout`,
  });
  await oms.depositAddresses.simulate(da.id, { amount: { value: '250.00' } });
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
