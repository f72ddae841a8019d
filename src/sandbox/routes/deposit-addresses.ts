import { createDepositAddressRequest, simulateDepositAddressRequest } from '../../oms/schemas/index.js';
import { formatAmount, parseAmount } from '../../money.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { invalid } from '../errors.js';
import { depositTransaction } from '../deposits.js';
import { feesFor, percentagesBelowWhole } from '../fees.js';
import { assertSandbox, outcomeHeader, readBody } from '../http.js';
import { randomHex } from '../ids.js';
import { chooseOutcome, createLifecycle } from '../lifecycle.js';
import type { DepositAddressView } from '../store.js';
import { checkFeeWallets, resolveTarget } from '../targets.js';
import { requireEndorsement } from './customers.js';
import { routingManagementRoutes } from './manage-routing.js';

/** Deposit addresses: an on-chain address whose deposits are routed to a wallet as cryptoToCrypto. */
export function depositAddressRoutes(app: SandboxApp, deps: SandboxDeps): void {
  const { clock, newId, options } = deps;
  const lifecycle = createLifecycle(deps);

  app.post('/customers/:id/deposit-addresses', (c) => {
    const ledger = c.get('ledger');
    const customer = ledger.customer(c.req.param('id'));
    requireEndorsement(customer, 'cryptoCustody');
    const body = readBody(c, createDepositAddressRequest);
    const { source, destination } = body;
    const target = resolveTarget(ledger, customer.id, destination.wallet, destination.asset, destination.network, 'destination.wallet');
    checkFeeWallets(ledger, body.developerFees, 'developerFees');
    const rates = [options.fees.depositAddress.percentage, ...(body.developerFees ?? []).map((fee) => fee.rate)];
    if (!percentagesBelowWhole(rates)) throw invalid('developerFees', 'developer and OMS percentages together must stay below 100%');
    const now = clock.iso();
    const address: DepositAddressView = {
      id: newId('da'),
      object: 'depositAddress',
      customerId: customer.id,
      status: 'active',
      transactionType: 'cryptoToCrypto',
      source: { ...source, depositInstructions: { address: `0x${randomHex(20)}`, ...source } },
      destination: { wallet: target.wire, asset: destination.asset, network: destination.network },
      developerFees: body.developerFees ?? [],
      label: body.label ?? null,
      metadata: body.metadata ?? {},
      createdAt: now,
      updatedAt: now,
    };
    ledger.depositAddresses.set(address.id, address);
    return c.json(address, 201);
  });

  routingManagementRoutes(app, deps, {
    path: 'deposit-addresses',
    what: 'deposit address',
    all: (ledger) => ledger.depositAddresses,
    one: (ledger, id) => ledger.depositAddress(id),
  });

  /** Sandbox only: an on-chain deposit of `amount.value` in the address's asset. */
  app.post('/deposit-addresses/:id/simulate', (c) => {
    assertSandbox(c, options.production);
    const ledger = c.get('ledger');
    const address = ledger.depositAddress(c.req.param('id'));
    const body = readBody(c, simulateDepositAddressRequest);
    if (address.status !== 'active') throw invalid('id', `deposit address ${address.id} is ${address.status}: deposits are not processed`);
    const asset = address.source.asset;
    let gross: bigint;
    try {
      gross = parseAmount(body.amount.value, asset);
    } catch (error) {
      throw invalid('amount.value', `amount.value: ${(error as Error).message}`);
    }
    const developerFees = address.developerFees ?? [];
    const fees = feesFor(
      gross,
      asset,
      options.fees.depositAddress,
      'amount.value',
      developerFees.map((f) => (f.type === 'percentage' ? f.rate : '0')),
    );
    const txHash = `0x${randomHex(32)}`;
    const now = clock.iso();
    const record = depositTransaction(
      {
        type: 'cryptoToCrypto',
        customerId: address.customerId,
        via: { depositAddress: address.id },
        source: { asset, network: address.source.network, txHash },
        destination: address.destination,
        gross,
        fees,
        developerWallets: developerFees.map((fee) => fee.wallet),
        rail: 'crypto',
        metadata: address.metadata ?? {},
      },
      newId('txn'),
      now,
    );
    lifecycle.start(ledger, record, chooseOutcome(outcomeHeader(c), formatAmount(gross, asset)));
    return c.json(
      {
        amount: { value: body.amount.value, currency: asset.toUpperCase() },
        depositAddressId: address.id,
        network: address.source.network.toUpperCase(),
        status: 'submitted',
        submittedAt: now,
        transactionHash: txHash,
        transactionId: record.view.id,
      },
      201,
    );
  });
}
