import { authCommitRequest, barcodeAuthRequest, createCashInRequest, listCashInsParams, listCashLocationsParams, listParams } from '../../oms/schemas/index.js';
import { formatAmount, formatUnits, MoneyError, parseAmount } from '../../money.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { invalid, notFound } from '../errors.js';
import { depositTransaction } from '../deposits.js';
import { feesFor, publishedSchedule } from '../fees.js';
import { assertSandbox, outcomeHeader, readBody, readQuery } from '../http.js';
import { randomDigits, randomHex, randomLetters } from '../ids.js';
import { chooseOutcome, createLifecycle } from '../lifecycle.js';
import { paginate } from '../pagination.js';
import type { CashInRecord, Ledger } from '../store.js';
import { resolveTarget } from '../targets.js';
import { CASH_LOCATIONS, distanceInHundredthsOfKm } from './cash-locations.js';
import { requireEndorsement } from './customers.js';

/** The provider's per-deposit maximum. */
const MAX_CASH = parseAmount('1000.00', 'usd');

/**
 * Cash-ins: a deposit code for a retail counter. pending -> (code expires: expired) | (cash deposited:
 * processing -> completed | failed). The deposit becomes a fiatToCrypto transaction. Every status change
 * is a webhook (cashIn.created, .processing, .completed, .failed, .expired), and so is a refresh
 * (cashIn.refreshed, a decision of ours: OMS names none), which may turn an expired code pending again.
 */
export function cashInRoutes(app: SandboxApp, deps: SandboxDeps): void {
  const { clock, newId, options, events } = deps;
  const lifecycle = createLifecycle(deps);

  /** A pending code past its expiry turns expired the first time anyone looks. */
  function current(ledger: Ledger, record: CashInRecord): CashInRecord {
    const view = record.view;
    if (view.status === 'pending' && Date.parse(view.depositInstructions.expiresAt) <= clock.now()) {
      Object.assign(view, { status: 'expired', subStatus: 'cash_deposit_expired', updatedAt: clock.iso() });
      events.publish(ledger, 'cashIn.expired', view);
    }
    return record;
  }

  function byCode(ledger: Ledger, code: string): CashInRecord {
    for (const record of ledger.cashIns.values()) if (record.view.depositInstructions.code === code) return current(ledger, record);
    throw notFound('cash-in with deposit code', code, 'accountNumber');
  }

  function cashAmount(value: string, param: string): bigint {
    try {
      const amount = parseAmount(value, 'usd');
      if (amount <= 0n || amount > MAX_CASH) throw invalid(param, `${param} must be above 0.00 and at most ${formatAmount(MAX_CASH, 'usd')}`);
      return amount;
    } catch (error) {
      throw error instanceof MoneyError ? invalid(param, `${param}: ${error.message}`) : error;
    }
  }

  app.post('/cash-ins', (c) => {
    const ledger = c.get('ledger');
    const body = readBody(c, createCashInRequest);
    const customer = ledger.customer(body.customerId, 'customerId');
    requireEndorsement(customer, 'basic');
    const indicated = cashAmount(body.source?.indicatedAmount ?? '100.00', 'source.indicatedAmount');
    const location = CASH_LOCATIONS.find((l) => l.id === body.cash.cashLocationId);
    if (!location) throw notFound('cash location', body.cash.cashLocationId, 'cash.cashLocationId');
    const { destination } = body;
    const target = resolveTarget(ledger, customer.id, destination.wallet, destination.asset, destination.network, 'destination.wallet');
    const now = clock.now();
    const record: CashInRecord = {
      view: {
        id: newId('ci'),
        object: 'cashIn',
        status: 'pending',
        subStatus: 'order_reserved',
        customerId: customer.id,
        source: { asset: 'usd', network: 'cash', indicatedAmount: formatAmount(indicated, 'usd') },
        destination: { wallet: target.wire, asset: destination.asset, network: destination.network },
        cash: body.cash,
        depositInstructions: depositCode(now),
        omsFeeSchedule: publishedSchedule(options.fees.cashIn, 'usd'),
        transaction: null,
        metadata: body.metadata ?? {},
        createdAt: new Date(now).toISOString(),
        updatedAt: new Date(now).toISOString(),
        completedAt: null,
      },
    };
    Object.assign(record.view.depositInstructions, {
      locationName: location.name,
      locationAddress: `${location.address}, ${location.city}, ${location.state} ${location.zipCode}`,
    });
    ledger.cashIns.set(record.view.id, record);
    events.publish(ledger, 'cashIn.created', record.view);
    return c.json(record.view, 201);
  });

  function depositCode(now: number) {
    return { code: `${randomLetters(3)} ${randomDigits(5)}`, expiresAt: new Date(now + options.cashInCodeTtlMs).toISOString() };
  }

  app.get('/cash-ins/:id', (c) => c.json(current(c.get('ledger'), c.get('ledger').cashIn(c.req.param('id'))).view));

  app.get('/cash-ins', (c) => {
    const ledger = c.get('ledger');
    const query = readQuery(c, listParams.extend(listCashInsParams.shape));
    const after = query.createdAfter && new Date(query.createdAfter).toISOString();
    const before = query.createdBefore && new Date(query.createdBefore).toISOString();
    const matches = [...ledger.cashIns.values()]
      .map((record) => current(ledger, record).view)
      .filter(
        (v) =>
          (!query.status || v.status === query.status) &&
          (!query.customerId || v.customerId === query.customerId) &&
          (!after || v.createdAt >= after) &&
          (!before || v.createdAt <= before),
      );
    return c.json(paginate(matches, query));
  });

  /** A fresh code and expiry, while the cash has not been deposited yet. */
  app.post('/cash-ins/:id/refresh', (c) => {
    const ledger = c.get('ledger');
    const record = current(ledger, ledger.cashIn(c.req.param('id')));
    if (record.view.status !== 'pending' && record.view.status !== 'expired') {
      throw invalid('id', `cash-in ${record.view.id} is ${record.view.status}; only pending or expired codes can be refreshed`);
    }
    Object.assign(record.view.depositInstructions, depositCode(clock.now()));
    Object.assign(record.view, { status: 'pending', subStatus: 'order_reserved', updatedAt: clock.iso() });
    delete record.authorization;
    events.publish(ledger, 'cashIn.refreshed', record.view);
    return c.json(record.view);
  });

  /** Sandbox only: the retail counter scans the code and authorizes an amount. */
  app.post('/cash-ins/simulate/barcode-auth', (c) => {
    assertSandbox(c, options.production);
    const ledger = c.get('ledger');
    const body = readBody(c, barcodeAuthRequest);
    const record = byCode(ledger, body.accountNumber);
    if (record.view.status !== 'pending') throw invalid('accountNumber', `the code of cash-in ${record.view.id} is ${record.view.status}`);
    const amount = cashAmount(body.amount, 'amount');
    record.authorization = { confirmationId: `conf_${randomHex(8)}`, amount };
    return c.json({
      confirmationId: record.authorization.confirmationId,
      authorizedAmount: formatAmount(amount, 'usd'),
      responseCode: '00',
      responseText: 'APPROVED',
    });
  });

  /** Sandbox only: the cash is handed over; the cash-in starts converting into the wallet. */
  app.post('/cash-ins/simulate/auth-commit', (c) => {
    assertSandbox(c, options.production);
    const ledger = c.get('ledger');
    const body = readBody(c, authCommitRequest);
    const record = byCode(ledger, body.accountNumber);
    const authorization = record.authorization;
    if (!authorization || authorization.confirmationId !== body.originalConfirmationId) {
      throw invalid('originalConfirmationId', 'originalConfirmationId does not match a barcode authorization of this code');
    }
    if (record.view.status !== 'pending') throw invalid('accountNumber', `the code of cash-in ${record.view.id} is ${record.view.status}`);
    const gross = cashAmount(body.amount, 'amount');
    if (gross !== authorization.amount) {
      throw invalid('amount', `amount ${formatAmount(gross, 'usd')} differs from the ${formatAmount(authorization.amount, 'usd')} authorized at the counter`);
    }
    const txn = startConversion(ledger, record, gross, chooseOutcome(outcomeHeader(c), formatAmount(gross, 'usd')));
    return c.json({
      authorizedAmount: formatAmount(gross, 'usd'),
      confirmationId: authorization.confirmationId,
      responseCode: '00',
      responseId: txn.view.id,
      responseText: 'APPROVED',
    });
  });

  function startConversion(ledger: Ledger, record: CashInRecord, gross: bigint, outcome: ReturnType<typeof chooseOutcome>) {
    const view = record.view;
    const fees = feesFor(gross, 'usd', options.fees.cashIn, 'amount');
    const now = clock.iso();
    const txn = depositTransaction(
      {
        type: 'fiatToCrypto',
        customerId: view.customerId,
        via: { cashIn: view.id },
        source: { asset: 'usd', network: 'cash', txHash: null },
        destination: { wallet: view.destination.wallet, asset: view.destination.asset as 'usdc' | 'usdt', network: view.destination.network },
        gross,
        fees,
        developerWallets: [],
        rail: 'cash',
        metadata: view.metadata ?? {},
      },
      newId('txn'),
      now,
    );
    Object.assign(view, {
      status: 'processing',
      subStatus: 'order_reserved',
      transaction: txn.view.id,
      updatedAt: now,
      source: { ...view.source, amountGross: txn.view.source.amountGross, amountNet: txn.view.source.amountNet, feesDeducted: txn.view.source.feesDeducted },
      destination: { ...view.destination, amountGross: txn.view.destination.amountGross, amountNet: txn.view.destination.amountNet },
    });
    events.publish(ledger, 'cashIn.processing', view);
    lifecycle.start(ledger, txn, outcome, (settled) => {
      const completed = settled.view.status === 'completed';
      Object.assign(
        view,
        completed
          ? { status: 'completed', subStatus: 'settled', completedAt: clock.iso(), updatedAt: clock.iso() }
          : { status: 'failed', subStatus: 'cash_deposit_failed', updatedAt: clock.iso() },
      );
      events.publish(ledger, `cashIn.${completed ? 'completed' : 'failed'}`, view);
    });
    return txn;
  }

  app.get('/cash-locations', (c) => {
    const query = readQuery(c, listCashLocationsParams);
    const data = CASH_LOCATIONS.filter((l) => l.provider.toLowerCase() === query.provider.toLowerCase())
      .map((l) => ({ ...l, hundredths: distanceInHundredthsOfKm(query.latitude, query.longitude, l.latitude, l.longitude) }))
      .sort((a, b) => a.hundredths - b.hundredths)
      .map(({ latitude: _lat, longitude: _lng, hundredths, ...l }) => ({ ...l, distance: formatUnits(BigInt(hundredths), 2) }));
    return c.json({ data, hasMore: false, nextCursor: null });
  });
}
