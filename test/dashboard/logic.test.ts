import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { operationPayload } from '../../examples/seller-dashboard/src/client.js';
import * as documents from '../../examples/seller-dashboard/src/generated/graphql.js';
import persisted from '../../examples/seller-dashboard/src/generated/persisted-documents.json' with { type: 'json' };
import type { ActivityEvent } from '../../examples/seller-dashboard/src/live.js';
import { formatAmount, isAmountInput, isZero } from '../../examples/seller-dashboard/src/money.js';
import { emptyState, reduce, type Transaction, transactionsNewestFirst } from '../../examples/seller-dashboard/src/state.js';
import { statusWords } from '../../examples/seller-dashboard/src/words.js';

/** The dashboard's logic without a browser: money shown as text, the merge of snapshots and events, status words, what is sent. */

const leg = {
  asset: 'USD' as const,
  network: 'ACH' as const,
  amountGross: '500.00',
  amountNet: '494.00',
  blockchainAddress: null,
  fees: null,
  wallet: null,
  externalAccount: null,
};
function txn(id: string, status: Transaction['status'], updatedAt: string | null, more: Partial<Transaction> = {}): Transaction {
  return {
    id,
    type: 'FIAT_TO_CRYPTO',
    status,
    subStatus: null,
    rail: 'ACH_IN',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt,
    completedAt: null,
    estimatedArrival: null,
    error: null,
    source: leg,
    destination: { ...leg, asset: 'USDC', network: 'POLYGON' },
    virtualAccount: null,
    depositAddress: null,
    ...more,
  };
}
const balance = (available: string, updatedAt: string | null) => ({ asset: 'USDC' as const, available, pending: '0.00', updatedAt });
const activity = (event: ActivityEvent) => ({ type: 'event' as const, event });
const transactionEvent = (cursor: string, transaction: Transaction) => activity({ cursor, kind: 'TRANSACTION', occurredAt: '', transaction, balance: null });
const balanceEvent = (cursor: string, walletId: string, b: ReturnType<typeof balance>) =>
  activity({ cursor, kind: 'BALANCE', occurredAt: '', transaction: null, balance: { wallet: { id: walletId }, balance: b } });
function snapshot(transactions: Transaction[], walletBalance: ReturnType<typeof balance>) {
  return {
    type: 'snapshot' as const,
    viewer: {
      role: 'SELLER' as const,
      sessionId: 'ses_1',
      tenant: { name: 'Acme' },
      seller: {
        id: 'cst_1',
        firstName: 'Ada',
        lastName: 'Seller',
        email: null,
        wallets: [{ id: 'wlt_1', asset: 'USDC' as const, network: 'POLYGON' as const, address: '0x1', status: 'ACTIVE' as const, balance: walletBalance }],
        virtualAccounts: [],
        depositAddresses: [],
        externalAccounts: [],
        transactions: { nodes: transactions },
      },
    },
  };
}

describe('amounts', () => {
  it('are shown from their digits, never through a float', () => {
    expect(formatAmount('494.00')).toBe('494.00');
    expect(formatAmount('494.000000')).toBe('494.00');
    expect(formatAmount('0.123400')).toBe('0.1234');
    expect(formatAmount('1234567.5')).toBe('1,234,567.50');
    // Past 2^53: a float would print 9007199254740993 as ...992.
    expect(formatAmount('9007199254740993.000001')).toBe('9,007,199,254,740,993.000001');
    expect(formatAmount('0.1')).toBe('0.10');
    expect(formatAmount('-12.30')).toBe('-12.30');
    expect(formatAmount('007')).toBe('7.00');
    expect(formatAmount('1e3')).toBe('1e3');
  });

  it('typed into the withdraw form must be positive decimals within the asset’s places', () => {
    expect(isAmountInput('100.00', 2)).toBe(true);
    expect(isAmountInput('0.000001', 6)).toBe(true);
    expect(isAmountInput('0.001', 2)).toBe(false);
    for (const bad of ['0', '0.00', '-1', '1e3', '1,000', ' 1', '', '.5', '12345678901234']) expect(isAmountInput(bad, 6), bad).toBe(false);
    // The gateway takes at most a trillion; leading zeros count for nothing.
    expect(isAmountInput('1000000000000', 2)).toBe(true);
    expect(isAmountInput('1000000000000.00', 2)).toBe(true);
    expect(isAmountInput('00000000000001', 2)).toBe(true);
    for (const over of ['1000000000000.01', '1000000000001', '9999999999999']) expect(isAmountInput(over, 2), over).toBe(false);
    expect(isZero('0.000')).toBe(true);
    expect(isZero('0.001')).toBe(false);
  });
});

describe('the page state', () => {
  it('keeps the newer of a snapshot and an event, whichever came first', () => {
    // The event (completed) arrived before the snapshot (which read the transaction while processing).
    let state = reduce(emptyState, transactionEvent('1-0', txn('txn_a', 'COMPLETED', '2025-01-01T00:00:02.000Z')));
    state = reduce(state, snapshot([txn('txn_a', 'PROCESSING', '2025-01-01T00:00:01.000Z')], balance('494.00', '2025-01-01T00:00:02.000Z')));
    expect(state.transactions.txn_a?.status).toBe('COMPLETED');
    expect(state.cursor).toBe('1-0');
    // A replayed older balance does not undo the snapshot's.
    state = reduce(state, balanceEvent('1-1', 'wlt_1', balance('0.00', '2025-01-01T00:00:00.500Z')));
    expect(state.balances.wlt_1?.available).toBe('494.00');
    expect(state.cursor).toBe('1-1');
    state = reduce(state, balanceEvent('2-0', 'wlt_1', balance('740.50', '2025-01-01T00:00:03.000Z')));
    expect(state.balances.wlt_1?.available).toBe('740.50');
  });

  it('never moves a transaction back, and takes a later change of the same status (a refund after a failure)', () => {
    let state = reduce(emptyState, transactionEvent('1-0', txn('txn_b', 'FAILED', '2025-01-01T00:00:02.000Z')));
    state = reduce(state, transactionEvent('1-1', txn('txn_b', 'PROCESSING', '2025-01-01T00:00:05.000Z')));
    expect(state.transactions.txn_b?.status).toBe('FAILED');
    state = reduce(state, transactionEvent('1-2', txn('txn_b', 'FAILED', '2025-01-01T00:00:03.000Z', { subStatus: 'failed.refunded' })));
    expect(state.transactions.txn_b?.subStatus).toBe('failed.refunded');
    state = reduce(state, transactionEvent('1-3', txn('txn_b', 'FAILED', '2025-01-01T00:00:02.500Z', { subStatus: 'failed.bankRejected' })));
    expect(state.transactions.txn_b?.subStatus).toBe('failed.refunded');
  });

  it('lists transactions newest first, a new one from an event among those of the snapshot, each once', () => {
    let state = reduce(emptyState, snapshot([txn('txn_1', 'COMPLETED', null, { createdAt: '2025-01-01T00:00:01.000Z' })], balance('1.00', null)));
    state = reduce(state, transactionEvent('1-0', txn('txn_2', 'PROCESSING', null, { createdAt: '2025-01-02T00:00:00.000Z' })));
    state = reduce(state, transactionEvent('1-1', txn('txn_2', 'COMPLETED', null, { createdAt: '2025-01-02T00:00:00.000Z' })));
    expect(transactionsNewestFirst(state).map((t) => [t.id, t.status])).toEqual([
      ['txn_2', 'COMPLETED'],
      ['txn_1', 'COMPLETED'],
    ]);
  });
});

describe('status words', () => {
  it('say why, in plain words', () => {
    expect(statusWords(txn('t', 'PROCESSING', null, { subStatus: 'processing.underReview' }))).toMatchObject({ label: 'Held', tone: 'held' });
    expect(statusWords(txn('t', 'PROCESSING', null)).reason).toBe('On its way to your wallet.');
    const failed = statusWords(txn('t', 'FAILED', null, { error: { code: 'bankRejected', message: 'ACH return' }, subStatus: 'failed.refunded' }));
    expect(failed).toEqual({ label: 'Failed', tone: 'failed', reason: 'The bank returned the transfer. The money was returned.' });
    expect(statusWords(txn('t', 'FAILED', null, { error: { code: 'somethingNew', message: 'Limits exceeded' } })).reason).toBe('Limits exceeded.');
    expect(statusWords(txn('t', 'FAILED', null, { subStatus: 'failed.refundFailed' })).reason).toContain('contact support');
  });
});

describe('what the page sends for a document', () => {
  const all = Object.entries(documents).filter(([name]) => name.endsWith('Document')) as unknown as [string, { __meta__: { hash: string } }][];

  it('is the registered text while trusted documents are off, and the hash of that very text when on', () => {
    expect(all.map(([name]) => name).sort()).toEqual([
      'DashboardActivityDocument',
      'DashboardCreateQuoteDocument',
      'DashboardDocument',
      'DashboardExecuteQuoteDocument',
      'DashboardSignOutDocument',
    ]);
    const texts = persisted as Record<string, string>;
    for (const [name, document] of all) {
      const text = texts[document.__meta__.hash];
      expect(text, name).toBeTruthy();
      expect(operationPayload(document as never, { a: 1 }, false), name).toEqual({ query: text, variables: { a: 1 } });
      const hex = createHash('sha256').update(text!).digest('hex');
      expect(document.__meta__.hash).toBe(`sha256:${hex}`);
      expect(operationPayload(document as never, { a: 1 }, true), name).toEqual({
        variables: { a: 1 },
        extensions: { persistedQuery: { version: 1, sha256Hash: hex } },
      });
    }
  });

  it('refuses a document codegen did not register', () => {
    expect(() => operationPayload({ __meta__: { hash: 'sha256:00' } } as never, {}, false)).toThrow(/npm run codegen/);
  });
});
