import { z } from 'zod';
import { describeIssues } from '../oms/errors.js';
import { cashIn as cashInSchema, customer as customerSchema, transaction as transactionSchema, webhookEvent } from '../oms/schemas/index.js';
import type { CashIn, Customer, Transaction, WebhookEvent } from '../oms/schemas/index.js';

/** A verified OMS delivery as the gateway understands it: what it is about, parsed with the OMS schemas. */
export type ReadEvent =
  | { kind: 'invalid'; problem: string }
  /** Nothing a dashboard shows: webhook.test, virtualAccount.*, ... acknowledged and dropped. */
  | { kind: 'other'; envelope: WebhookEvent }
  | { kind: 'transaction'; envelope: WebhookEvent; transaction: Transaction }
  | { kind: 'cashIn'; envelope: WebhookEvent; cashIn: CashIn }
  | { kind: 'seller'; envelope: WebhookEvent; customer: Customer }
  /** A deposit to a wallet's raw address: no transaction, but the wallet's balance moved. */
  | { kind: 'walletDeposit'; envelope: WebhookEvent; walletId: string };

/**
 * OMS does not document wallet.depositDetected's payload: the wallet is taken from `walletId`, a
 * nested `wallet` (id or object), or the data itself when it is a wallet.
 */
const walletId = z.string().startsWith('wlt_');
const depositDetected = z.union([
  z.object({ walletId }).transform((d) => d.walletId),
  z.object({ wallet: z.union([walletId, z.object({ id: walletId })]) }).transform((d) => (typeof d.wallet === 'string' ? d.wallet : d.wallet.id)),
  z.object({ id: walletId }).transform((d) => d.id),
]);

/** The parsed JSON of a verified delivery as an OMS event: the envelope, and the object its `data` carries. */
export function readEvent(body: unknown): ReadEvent {
  const parsed = webhookEvent.safeParse(body);
  if (!parsed.success) return { kind: 'invalid', problem: `expected an OMS event envelope {id, event, createdAt, data}: ${describeIssues(parsed.error)}` };
  const envelope = parsed.data;
  const [family] = envelope.event.split('.');
  const carried = <T>(schema: z.ZodType<T>, what: string, make: (value: T) => ReadEvent): ReadEvent => {
    const data = schema.safeParse(envelope.data);
    return data.success ? make(data.data) : { kind: 'invalid', problem: `expected ${what} in data of ${envelope.event}: ${describeIssues(data.error)}` };
  };
  if (family === 'transaction') return carried(transactionSchema, 'a transaction', (transaction) => ({ kind: 'transaction', envelope, transaction }));
  if (family === 'cashIn') return carried(cashInSchema, 'a cash-in', (cashIn) => ({ kind: 'cashIn', envelope, cashIn }));
  if (envelope.event.startsWith('customer.endorsement.')) return carried(customerSchema, 'a customer', (customer) => ({ kind: 'seller', envelope, customer }));
  if (envelope.event === 'wallet.depositDetected') return carried(depositDetected, 'a wallet id', (id) => ({ kind: 'walletDeposit', envelope, walletId: id }));
  return { kind: 'other', envelope };
}
