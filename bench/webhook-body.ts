import { transaction as transactionSchema } from '../src/oms/schemas/index.js';

/** A signed-ready webhook body: an OMS transaction event whose transaction parses as OMS's and belongs to `customerId`. */
export function transactionWebhook(eventId: string, transactionId: string, customerId: string, status: 'processing' | 'completed', sequence: number): string {
  const createdAt = new Date().toISOString();
  const data = {
    id: transactionId,
    object: 'transaction',
    type: 'fiatToCrypto',
    status,
    subStatus: null,
    customerId,
    quoteId: null,
    virtualAccount: null,
    source: { asset: 'usd', network: 'usBank', amountGross: '10.00', amountNet: '9.50' },
    destination: { wallet: { wallet: 'wlt_bench' }, asset: 'usdc', network: 'polygon', amountGross: '9.50', amountNet: '9.50' },
    metadata: null,
    createdAt,
    ...(status === 'completed' ? { completedAt: createdAt } : {}),
  };
  const parsed = transactionSchema.safeParse(data);
  if (!parsed.success || parsed.data.customerId !== customerId) throw new Error(`the bench's transaction does not parse: ${String(parsed.error)}`);
  return JSON.stringify({ id: eventId, event: `transaction.fiatToCrypto.${status}`, createdAt, sequence, data });
}
