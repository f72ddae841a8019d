import { createWalletRequest, listParams, simulateWalletDepositRequest } from '../../oms/schemas/index.js';
import { formatAmount, MoneyError, parseAmount } from '../../money.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { invalid } from '../errors.js';
import { assertSandbox, readBody, readQuery } from '../http.js';
import { randomHex } from '../ids.js';
import { cursorPage, paginate } from '../pagination.js';
import type { Ledger, WalletRecord, WalletView } from '../store.js';
import { requireEndorsement } from './customers.js';

/** Custodial wallets: one asset on one chain each; balances move when transactions complete. */
export function walletRoutes(app: SandboxApp, { clock, newId, options, events }: SandboxDeps): void {
  app.post('/customers/:id/wallets', (c) => {
    const ledger = c.get('ledger');
    const customer = ledger.customer(c.req.param('id'));
    requireEndorsement(customer, 'cryptoCustody');
    const { asset, chain } = readBody(c, createWalletRequest);
    const now = clock.iso();
    const record: WalletRecord = {
      view: {
        id: newId('wlt'),
        object: 'wallet',
        customerId: customer.id,
        address: `0x${randomHex(20)}`,
        asset,
        chain,
        status: 'active',
        createdAt: now,
        updatedAt: now,
      },
      available: 0n,
    };
    ledger.wallets.set(record.view.id, record);
    return c.json(record.view, 201);
  });

  app.get('/customers/:id/wallets', (c) => {
    const ledger = c.get('ledger');
    const customerId = ledger.customer(c.req.param('id')).id;
    const query = readQuery(c, listParams);
    const wallets = [...ledger.wallets.values()].filter((w) => w.view.customerId === customerId).map((w) => w.view);
    return c.json(cursorPage(paginate(wallets, query)));
  });

  app.get('/wallets/:id', (c) => c.json(c.get('ledger').wallet(c.req.param('id')).view));

  app.get('/wallets/:id/balance', (c) => {
    const ledger = c.get('ledger');
    const wallet = ledger.wallet(c.req.param('id'));
    const currency = c.req.query('estimatedBalanceCurrencyCode') ?? 'USD';
    if (currency !== 'USD') throw invalid('estimatedBalanceCurrencyCode', 'only USD estimates are supported');
    const asset = wallet.view.asset;
    return c.json({
      object: 'walletBalance',
      walletId: wallet.view.id,
      asset,
      chain: wallet.view.chain!,
      balance: formatAmount(wallet.available, asset),
      pendingBalance: formatAmount(pendingCredits(ledger, wallet.view.id), asset),
      // Stablecoins are valued one to one in USD.
      estimatedBalance: formatAmount(wallet.available, asset),
      estimatedBalanceCurrencyCode: 'USD',
      updatedAt: wallet.view.updatedAt ?? wallet.view.createdAt,
    });
  });

  /**
   * Sandbox only: someone sends the wallet's own asset straight to its address (no deposit address,
   * so no conversion, no fees, no transaction). OMS credits it and fires `wallet.depositDetected`.
   */
  app.post('/sandbox/wallets/:id/simulate-deposit', (c) => {
    assertSandbox(c, options.production);
    const ledger = c.get('ledger');
    const wallet = ledger.wallet(c.req.param('id'));
    const body = readBody(c, simulateWalletDepositRequest);
    if (wallet.view.status !== 'active') throw invalid('id', `wallet ${wallet.view.id} is ${wallet.view.status}: it cannot receive`);
    const asset = wallet.view.asset;
    const amount = depositAmount(body.amount.value, asset);
    const now = clock.iso();
    wallet.available += amount;
    wallet.view.updatedAt = now;
    const deposit = {
      amount: { value: formatAmount(amount, asset), currency: asset.toUpperCase() },
      asset,
      network: wallet.view.chain!,
      transactionHash: `0x${randomHex(32)}`,
      detectedAt: now,
    };
    const detected: WalletView & { deposit: typeof deposit } = { ...wallet.view, deposit };
    events.publish(ledger, 'wallet.depositDetected', detected);
    return c.json({ object: 'walletDeposit', walletId: wallet.view.id, status: 'detected', ...deposit }, 201);
  });
}

function depositAmount(value: string, asset: 'usdc' | 'usdt'): bigint {
  try {
    const amount = parseAmount(value, asset);
    if (amount <= 0n) throw invalid('amount.value', 'amount.value must be greater than zero');
    return amount;
  } catch (error) {
    throw error instanceof MoneyError ? invalid('amount.value', `amount.value: ${error.message}`) : error;
  }
}

/** Money on its way into the wallet: credits of transactions still processing. */
function pendingCredits(ledger: Ledger, walletId: string): bigint {
  let pending = 0n;
  for (const txn of ledger.transactions.values()) {
    if (txn.view.status !== 'processing') continue;
    for (const credit of txn.credits) if (credit.walletId === walletId) pending += credit.amount;
  }
  return pending;
}
