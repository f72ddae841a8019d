import { createVirtualAccountRequest, simulateVirtualAccountRequest } from '../../oms/schemas/index.js';
import { formatAmount } from '../../money.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { invalid, unprocessable } from '../errors.js';
import { depositTransaction } from '../deposits.js';
import { feesFor, percentagesBelowWhole, publishedSchedule } from '../fees.js';
import { assertSandbox, outcomeHeader, readBody } from '../http.js';
import { randomDigits, randomHex } from '../ids.js';
import { chooseOutcome, createLifecycle } from '../lifecycle.js';
import type { VirtualAccountView } from '../store.js';
import { checkFeeWallets, resolveTarget } from '../targets.js';
import { requireEndorsement } from './customers.js';
import { routingManagementRoutes } from './manage-routing.js';

const OWNER_NAMES = { oms: 'Polygon OMS Payments Inc.', developer: 'OMS Developer Platform' } as const;

/** Virtual accounts: a US bank account number whose deposits turn into crypto in a wallet. */
export function virtualAccountRoutes(app: SandboxApp, deps: SandboxDeps): void {
  const { clock, newId, options } = deps;
  const lifecycle = createLifecycle(deps);

  app.post('/customers/:id/virtual-accounts', (c) => {
    const ledger = c.get('ledger');
    const customer = ledger.customer(c.req.param('id'));
    requireEndorsement(customer, 'usd');
    if (!customer.firstName || !customer.lastName) {
      throw unprocessable('provider_account_not_provisioned', 'provider account not provisioned: the customer needs a first and last name', 'customerId');
    }
    const body = readBody(c, createVirtualAccountRequest);
    const { destination } = body;
    const target = resolveTarget(ledger, customer.id, destination.wallet, destination.asset, destination.network, 'destination.wallet');
    checkFeeWallets(ledger, body.developerFees, 'developerFees');
    const rates = [options.fees.virtualAccount.percentage, ...(body.developerFees ?? []).map((fee) => fee.rate)];
    if (!percentagesBelowWhole(rates)) throw invalid('developerFees', 'developer and OMS percentages together must stay below 100%');

    const id = newId('va');
    const holder = body.accountholderName ?? 'oms';
    const now = clock.iso();
    const account: VirtualAccountView = {
      id,
      object: 'virtualAccount',
      customerId: customer.id,
      status: 'active',
      source: body.source,
      bankDetails: {
        bankName: 'OMS Trust Bank',
        accountNumber: randomDigits(10),
        routingNumber: '021000021',
        accountType: 'checking',
        ownerName: holder === 'customer' ? `${customer.firstName} ${customer.lastName}` : OWNER_NAMES[holder],
        reference: `VA-${id.slice(3, 9)}-${randomHex(3).toUpperCase()}`,
      },
      destination: { wallet: target.wire, asset: destination.asset, network: destination.network },
      developerFees: body.developerFees ?? [],
      omsFeeSchedule: publishedSchedule(options.fees.virtualAccount, 'usd'),
      label: body.label ?? null,
      bankMemo: body.bankMemo ?? null,
      accountholderName: holder,
      metadata: body.metadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    ledger.virtualAccounts.set(id, account);
    return c.json(account, 201);
  });

  routingManagementRoutes(app, deps, {
    path: 'virtual-accounts',
    what: 'virtual account',
    all: (ledger) => ledger.virtualAccounts,
    one: (ledger, id) => ledger.virtualAccount(id),
  });

  /** Sandbox only: an inbound bank transfer, amount in cents; it becomes a fiatToCrypto transaction. */
  app.post('/virtual-accounts/:id/simulate', (c) => {
    assertSandbox(c, options.production);
    const ledger = c.get('ledger');
    const account = ledger.virtualAccount(c.req.param('id'));
    const body = readBody(c, simulateVirtualAccountRequest);
    if (account.status !== 'active') throw invalid('id', `virtual account ${account.id} is ${account.status}: deposits are not processed`);
    const gross = BigInt(body.amount.value);
    const outcome = chooseOutcome(outcomeHeader(c), formatAmount(gross, 'usd'));
    const developerFees = account.developerFees ?? [];
    const rates = developerFees.map((fee) => (fee.type === 'percentage' ? fee.rate : '0'));
    const fees = feesFor(gross, 'usd', options.fees.virtualAccount, 'amount.value', rates);
    const now = clock.iso();
    const record = depositTransaction(
      {
        type: 'fiatToCrypto',
        customerId: account.customerId,
        via: { virtualAccount: account.id },
        source: { asset: 'usd', network: account.source.network, txHash: null },
        destination: account.destination,
        gross,
        fees,
        developerWallets: developerFees.map((fee) => fee.wallet),
        rail: body.rail.replace('_in', ''),
        metadata: account.metadata ?? {},
      },
      newId('txn'),
      now,
    );
    lifecycle.start(ledger, record, outcome);
    return c.json(
      {
        object: 'simulatedDeposit',
        rail: body.rail,
        virtualAccountId: account.id,
        amount: body.amount,
        status: 'submitted',
        transactionId: record.view.id,
        submittedAt: now,
      },
      201,
    );
  });
}
