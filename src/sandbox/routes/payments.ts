import { createQuoteRequest, executeTransactionRequest, listParams, listTransactionsParams } from '../../oms/schemas/index.js';
import { formatAmount, rescale, type MoneyAsset } from '../../money.js';
import type { SandboxApp, SandboxDeps } from '../context.js';
import { invalid, SandboxError, unprocessable } from '../errors.js';
import { developerFeesView, effectiveRate, feesFor, feesView, grossForNet, NO_FEES } from '../fees.js';
import { outcomeHeader, readBody, readQuery } from '../http.js';
import { chooseOutcome, createLifecycle } from '../lifecycle.js';
import { paginate } from '../pagination.js';
import type { Ledger, QuoteRecord, TransactionRecord } from '../store.js';
import { amount, developerFees } from '../quote-fees.js';
import { resolveTarget } from '../targets.js';
import { requireEndorsement } from './customers.js';

/** Quotes lock a price for a short window; executing one creates the transaction that moves the money. */
export function paymentRoutes(app: SandboxApp, deps: SandboxDeps): void {
  const { clock, newId, options } = deps;
  const lifecycle = createLifecycle(deps);

  /** An open quote past its window becomes expired the first time anyone looks. */
  function current(record: QuoteRecord): QuoteRecord {
    if (record.view.status === 'open' && Date.parse(record.view.expiresAt) <= clock.now()) record.view.status = 'expired';
    return record;
  }

  app.post('/quotes', (c) => {
    const ledger = c.get('ledger');
    const body = readBody(c, createQuoteRequest);
    const customer = ledger.customer(body.customerId, 'customerId');
    requireEndorsement(customer, 'basic');
    const source = ledger.wallet(body.source.walletId, 'source.walletId').view;
    if (source.customerId !== customer.id) throw invalid('source.walletId', `wallet ${source.id} belongs to another customer`);
    if (source.asset !== body.source.asset || source.chain !== body.source.network) {
      throw unprocessable('unsupported_asset_network', `wallet ${source.id} holds ${source.asset} on ${source.chain}`, 'source.walletId');
    }
    const { destination } = body;
    const target = resolveTarget(ledger, customer.id, destination.wallet, destination.asset, destination.network, 'destination.wallet', true);
    const type = destination.asset === 'usd' ? 'cryptoToFiat' : 'cryptoToCrypto';
    const fixedAmountSide = body.source.amount != null ? 'source' : 'destination';
    if (body.fixedAmountSide && body.fixedAmountSide !== fixedAmountSide) {
      throw invalid('fixedAmountSide', `fixedAmountSide is ${body.fixedAmountSide} but the amount was set on the ${fixedAmountSide}`);
    }
    const sourceAsset: MoneyAsset = source.asset;
    const destinationAsset: MoneyAsset = destination.asset;
    const schedule = options.fees[type];
    const sponsorGas = body.sponsorGas ?? false;
    // A fiat payout is paid in whole cents, so its amounts may not carry crypto's extra decimals.
    const amountScale = type === 'cryptoToFiat' ? 'usd' : sourceAsset;
    const developer = developerFees(ledger, body.developerFees ?? [], schedule.percentage, amountScale, sourceAsset);
    const fees =
      fixedAmountSide === 'source'
        ? feesFor(amount(body.source.amount!, amountScale, sourceAsset, 'source.amount'), sourceAsset, schedule, 'source.amount', developer.lines, sponsorGas)
        : grossForNet(
            amount(body.destination.amount!, destinationAsset, sourceAsset, 'destination.amount'),
            sourceAsset,
            schedule,
            'destination.amount',
            sponsorGas,
            developer.lines,
          );
    const destinationNet = rescale(fees.net, sourceAsset, destinationAsset);
    const now = clock.now();
    const record: QuoteRecord = {
      sourceGross: fees.gross,
      destinationNet,
      creditWalletId: target.creditWalletId,
      // Each developer fee is paid into its wallet when the transaction completes (the fee wallets hold crypto at 1:1).
      developerCredits: developer.wallets.flatMap((walletId, i) => (walletId ? [{ walletId, amount: fees.developerLines[i]! }] : [])),
      developerCharges: developerFeesView(fees, developer.wallets, sourceAsset, developer.kinds),
      view: {
        id: newId('qt'),
        object: 'quote',
        type,
        status: 'open',
        customerId: customer.id,
        source: {
          walletId: source.id,
          asset: sourceAsset,
          network: source.chain!,
          amountGross: formatAmount(fees.gross, sourceAsset),
          amountNet: formatAmount(fees.net, sourceAsset),
          feesDeducted: feesView(fees, sourceAsset),
        },
        destination: {
          wallet: target.wire,
          asset: destinationAsset,
          network: destination.network,
          amountGross: formatAmount(destinationNet, destinationAsset),
          amountNet: formatAmount(destinationNet, destinationAsset),
          feesDeducted: NO_FEES,
        },
        rates: {
          pair: `${sourceAsset.toUpperCase()}/${destinationAsset.toUpperCase()}`,
          exchangeRate: '1.0000',
          effectiveRate: effectiveRate(destinationNet, destinationAsset, fees.gross, sourceAsset),
        },
        fixedAmountSide,
        developerFees: developer.view,
        sponsorGas,
        sponsorGasCost: formatAmount(fees.sponsoredGas, sourceAsset),
        metadata: body.metadata ?? {},
        expiresAt: new Date(now + options.quoteTtlMs).toISOString(),
        createdAt: new Date(now).toISOString(),
      },
    };
    ledger.quotes.set(record.view.id, record);
    return c.json(record.view, 201);
  });

  app.get('/quotes/:id', (c) => c.json(current(c.get('ledger').quote(c.req.param('id'))).view));

  /** Executes a quote: checks the balance, debits the source at once, and starts the transaction. */
  app.post('/transactions', (c) => {
    const ledger = c.get('ledger');
    const body = readBody(c, executeTransactionRequest);
    const quote = current(ledger.quote(body.quoteId, 'quoteId'));
    if (quote.view.status === 'expired')
      throw unprocessable('quote_expired', `quote ${quote.view.id} expired at ${quote.view.expiresAt}; create a new one`, 'quoteId');
    if (quote.view.status === 'accepted') throw new SandboxError(409, 'quote_already_accepted', `quote ${quote.view.id} was already executed`, 'quoteId');
    const { source, destination } = quote.view;
    // Everything that can refuse the call comes before anything moves.
    const outcome = chooseOutcome(outcomeHeader(c), source.amountGross!);
    const wallet = ledger.wallet(source.walletId!, 'quoteId');
    if (wallet.available < quote.sourceGross) {
      throw unprocessable(
        'insufficient_balance',
        `wallet ${wallet.view.id} holds ${formatAmount(wallet.available, wallet.view.asset)} ${wallet.view.asset}, the quote needs ${source.amountGross}`,
        'quoteId',
      );
    }
    wallet.available -= quote.sourceGross;
    wallet.view.updatedAt = clock.iso();
    quote.view.status = 'accepted';
    const recipient = quote.creditWalletId ? ledger.wallet(quote.creditWalletId).view.customerId : null;
    const now = clock.iso();
    const record: TransactionRecord = {
      debit: { walletId: wallet.view.id, amount: quote.sourceGross },
      credits: [...(quote.creditWalletId ? [{ walletId: quote.creditWalletId, amount: quote.destinationNet }] : []), ...quote.developerCredits],
      view: {
        id: newId('txn'),
        object: 'transaction',
        type: quote.view.type,
        status: 'processing',
        subStatus: null,
        customerId: quote.view.customerId,
        senderCustomerId: quote.view.customerId,
        recipientCustomerId: recipient,
        quoteId: quote.view.id,
        virtualAccount: null,
        depositAddress: null,
        cashIn: null,
        source: { ...source, txHash: null },
        destination: { ...destination, txHash: null },
        rail: quote.view.type === 'cryptoToFiat' ? (destination.network as string) : 'crypto',
        fixedAmountSide: quote.view.fixedAmountSide,
        sponsorGas: quote.view.sponsorGas ?? false,
        sponsorGasCost: quote.view.sponsorGasCost ?? '0.00',
        rates: quote.view.rates,
        // What each developer fee charged and where it is paid, as a deposit's transaction shows it.
        developerFees: structuredClone(quote.developerCharges),
        // A payout lands when the bank rail settles: here, when the sandbox completes it.
        estimatedArrival: quote.view.type === 'cryptoToFiat' ? new Date(clock.now() + options.completionDelayMs).toISOString() : null,
        error: null,
        metadata: body.metadata ?? structuredClone(quote.view.metadata ?? {}),
        createdAt: now,
        updatedAt: now,
        completedAt: null,
      },
    };
    lifecycle.start(ledger, record, outcome);
    return c.json(record.view, 201);
  });

  app.get('/transactions/:id', (c) => c.json(c.get('ledger').transaction(c.req.param('id')).view));

  app.get('/transactions', (c) => c.json(listTransactions(c.get('ledger'), readQuery(c, listParams.extend(listTransactionsParams.shape)))));

  app.get('/customers/:id/transactions', (c) => {
    const ledger = c.get('ledger');
    const customerId = ledger.customer(c.req.param('id')).id;
    return c.json(listTransactions(ledger, { ...readQuery(c, listParams.extend(listTransactionsParams.shape)), customerId }));
  });
}

type TransactionQuery = ReturnType<typeof listTransactionsParams.parse> & { limit?: number; startingAfter?: string; endingBefore?: string; cursor?: string };

/** Newest first; date bounds are inclusive; a customer sees transactions it sent or received. */
function listTransactions(ledger: Ledger, query: TransactionQuery) {
  const after = query.createdAfter ? new Date(query.createdAfter).toISOString() : undefined;
  const before = query.createdBefore ? new Date(query.createdBefore).toISOString() : undefined;
  const matches = [...ledger.transactions.values()]
    .map((record) => record.view)
    .filter(
      (t) =>
        (!query.type || t.type === query.type) &&
        (!query.status || t.status === query.status) &&
        (!query.customerId || t.customerId === query.customerId || t.recipientCustomerId === query.customerId) &&
        (!after || t.createdAt >= after) &&
        (!before || t.createdAt <= before),
    );
  return paginate(matches, query);
}
