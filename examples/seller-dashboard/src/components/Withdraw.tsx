import { type FormEvent, useEffect, useId, useState } from 'react';
import { GatewayRequestError, type HttpClient } from '../client.js';
import { DashboardCreateQuoteDocument, type DashboardCreateQuoteMutation, DashboardExecuteQuoteDocument } from '../generated/graphql.js';
import { decimalsOf, isAmountInput, money } from '../money.js';
import type { Balance, Seller, Transaction } from '../state.js';
import { destinationName, statusWords } from '../words.js';
import { feeLines } from './Transactions.js';

type Quote = NonNullable<DashboardCreateQuoteMutation['createQuote']['quote']>;

type Step =
  | { kind: 'form' }
  | { kind: 'quoting' }
  | { kind: 'quoted'; quote: Quote }
  | { kind: 'executing'; quote: Quote }
  | { kind: 'submitted'; quote: Quote; transactionId: string };

interface WithdrawProps {
  http: HttpClient;
  seller: Seller;
  balances: Record<string, Balance>;
  transactions: Record<string, Transaction>;
  onStarted(transaction: Transaction): void;
  onSessionEnded(): void;
}

/**
 * Withdrawing: pick where to (a verified bank account or saved address of the seller's), an amount, see
 * the quote (fees, what arrives, the time left to accept it), confirm, and watch the transaction
 * complete (it is followed through the live state, like every other). The quote and the execution each
 * carry an idempotency key, so a retried click moves money once.
 */
export function Withdraw({ http, seller, balances, transactions, onStarted, onSessionEnded }: WithdrawProps) {
  const wallets = seller.wallets.filter((w) => w.status === 'ACTIVE');
  const destinations = seller.externalAccounts.filter((a) => a.status !== 'DELETED');
  const [walletId, setWalletId] = useState(wallets[0]?.id ?? '');
  const [destinationId, setDestinationId] = useState(destinations.find((a) => a.status === 'VERIFIED')?.id ?? '');
  const [amount, setAmount] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [error, setError] = useState<string | null>(null);
  const ids = { wallet: useId(), destination: useId(), amount: useId(), error: useId() };

  const wallet = wallets.find((w) => w.id === walletId);
  const asset = wallet?.asset ?? 'USDC';

  function failed(err: unknown) {
    if (err instanceof GatewayRequestError && err.code === 'UNAUTHENTICATED') return onSessionEnded();
    setError(err instanceof Error ? err.message : String(err));
  }

  async function quote(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!wallet) return setError('You have no active wallet to withdraw from.');
    if (!destinationId) return setError('Choose where the money goes.');
    if (!isAmountInput(amount.trim(), decimalsOf(asset))) return setError(`Enter an amount like 100.00 (at most ${decimalsOf(asset)} decimals).`);
    setStep({ kind: 'quoting' });
    try {
      const { createQuote } = await http.request(DashboardCreateQuoteDocument, {
        input: {
          sellerId: seller.id,
          sourceWalletId: wallet.id,
          sourceAmount: amount.trim(),
          destinationExternalAccountId: destinationId,
          idempotencyKey: randomKey('quote'),
        },
      });
      if (!createQuote.quote) {
        setStep({ kind: 'form' });
        return setError(createQuote.userErrors.map((e) => e.message).join(' ') || 'No quote was made.');
      }
      setStep({ kind: 'quoted', quote: createQuote.quote });
    } catch (err) {
      setStep({ kind: 'form' });
      failed(err);
    }
  }

  async function confirm(quote: Quote) {
    setError(null);
    setStep({ kind: 'executing', quote });
    try {
      // One key per quote: a second click, or a retry after a lost answer, is the same withdrawal.
      const { executeQuote } = await http.request(DashboardExecuteQuoteDocument, { input: { quoteId: quote.id, idempotencyKey: `withdraw-${quote.id}` } });
      if (!executeQuote.transaction) {
        setStep({ kind: 'quoted', quote });
        return setError(executeQuote.userErrors.map((e) => e.message).join(' ') || 'The withdrawal did not start.');
      }
      onStarted(executeQuote.transaction);
      setStep({ kind: 'submitted', quote, transactionId: executeQuote.transaction.id });
    } catch (err) {
      setStep({ kind: 'quoted', quote });
      failed(err);
    }
  }

  const reset = () => {
    setStep({ kind: 'form' });
    setAmount('');
    setError(null);
  };

  return (
    <section className="card" aria-labelledby="withdraw-heading">
      <h2 id="withdraw-heading">Withdraw</h2>
      {destinations.length === 0 ? (
        <p className="muted">No bank account or address to withdraw to yet. Your marketplace adds them for you.</p>
      ) : step.kind === 'form' || step.kind === 'quoting' ? (
        <form className="withdraw" onSubmit={(e) => void quote(e)} noValidate>
          {wallets.length > 1 && (
            <div className="field">
              <label htmlFor={ids.wallet}>From</label>
              <select id={ids.wallet} value={walletId} onChange={(e) => setWalletId(e.target.value)}>
                {wallets.map((w) => (
                  <option key={w.id} value={w.id}>
                    {w.asset} wallet · {money((balances[w.id] ?? w.balance).available, w.asset)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={ids.destination}>To</label>
            <select id={ids.destination} value={destinationId} onChange={(e) => setDestinationId(e.target.value)}>
              {destinations.map((a) => (
                <option key={a.id} value={a.id} disabled={a.status !== 'VERIFIED'}>
                  {destinationName(a)}
                  {a.type === 'US_BANK' ? ` (US bank, ${a.network === 'WIRE' ? 'wire' : 'ACH'})` : ''}
                  {a.status === 'PENDING' ? ' — being verified' : a.status === 'DECLINED' ? ' — declined' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.amount}>Amount ({asset})</label>
            <input
              id={ids.amount}
              inputMode="decimal"
              autoComplete="off"
              placeholder="100.00"
              value={amount}
              aria-invalid={error !== null}
              aria-describedby={error ? ids.error : undefined}
              onChange={(e) => setAmount(e.target.value)}
            />
            {wallet && <p className="muted small">Available: {money((balances[wallet.id] ?? wallet.balance).available, wallet.asset)}</p>}
          </div>
          <button type="submit" disabled={step.kind === 'quoting'}>
            {step.kind === 'quoting' ? 'Getting a quote…' : 'Get quote'}
          </button>
        </form>
      ) : step.kind === 'submitted' ? (
        <Progress quote={step.quote} transaction={transactions[step.transactionId]} onDone={reset} />
      ) : (
        <QuoteReview quote={step.quote} busy={step.kind === 'executing'} onConfirm={() => void confirm(step.quote)} onCancel={reset} />
      )}
      {error && (
        <p id={ids.error} className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function QuoteReview({ quote, busy, onConfirm, onCancel }: { quote: Quote; busy: boolean; onConfirm(): void; onCancel(): void }) {
  const left = useSecondsLeft(quote.expiresAt);
  const expired = left <= 0;
  const fees = feeLines(quote);
  return (
    <div className="quote" data-quote-id={quote.id}>
      <dl className="summary">
        <div>
          <dt>You send</dt>
          <dd>{money(quote.source.amountGross, quote.source.asset)}</dd>
        </div>
        <div>
          <dt>Fees</dt>
          <dd>
            {fees.length === 0 ? (
              'None'
            ) : (
              <ul>
                {fees.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div className="total">
          <dt>Arrives at {destinationName(quote.destination.externalAccount)}</dt>
          <dd>{money(quote.destination.amountNet, quote.destination.asset)}</dd>
        </div>
      </dl>
      <p className={expired ? 'error' : 'muted'} role="timer" aria-live="off">
        {expired ? 'This quote has expired: get a new one.' : `This price holds for ${clock(left)}.`}
      </p>
      <div className="actions">
        <button type="button" onClick={onConfirm} disabled={busy || expired}>
          {busy ? 'Confirming…' : 'Confirm withdrawal'}
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          {expired ? 'New quote' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}

function Progress({ quote, transaction, onDone }: { quote: Quote; transaction: Transaction | undefined; onDone(): void }) {
  const status = transaction ? statusWords(transaction) : null;
  const to = destinationName(quote.destination.externalAccount);
  return (
    <div className="progress" role="status" data-transaction-id={transaction?.id}>
      <p>
        Withdrawal of {money(quote.source.amountGross, quote.source.asset)} to {to}:{' '}
        <span className={`badge badge-${status?.tone ?? 'pending'}`}>{status?.label ?? 'Processing'}</span>
      </p>
      {transaction?.status === 'COMPLETED' && (
        <p>
          {money(transaction.destination.amountNet ?? quote.destination.amountNet, transaction.destination.asset)} sent to {to}.
        </p>
      )}
      {status?.reason && transaction?.status !== 'COMPLETED' && <p className="muted">{status.reason}</p>}
      <button type="button" className="secondary" onClick={onDone}>
        New withdrawal
      </button>
    </div>
  );
}

/** Seconds until `iso`, ticking each second. */
function useSecondsLeft(iso: string): number {
  const until = new Date(iso).getTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.floor((until - now) / 1000));
}

/** 299 -> "4:59". */
function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** A fresh idempotency key (crypto.getRandomValues works outside secure contexts too, unlike randomUUID). */
function randomKey(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
