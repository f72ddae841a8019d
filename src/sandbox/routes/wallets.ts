import { createWalletRequest, listParams } from '../../oms/schemas/index.js';
import { formatAmount } from '../../money.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { invalid } from '../errors.js';
import { readBody, readQuery } from '../http.js';
import { randomHex } from '../ids.js';
import { cursorPage, paginate } from '../pagination.js';
import type { Ledger, WalletRecord } from '../store.js';
import { requireEndorsement } from './customers.js';

/** Custodial wallets: one asset on one chain each; balances move when transactions complete. */
export function walletRoutes(app: SandboxApp, { clock, newId }: SandboxDeps): void {
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
