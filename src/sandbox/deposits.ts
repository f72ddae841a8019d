import { formatAmount, rescale, type MoneyAsset } from '../money.js';
import { developerFeesView, effectiveRate, feesView, NO_FEES, type Fees } from './fees.js';
import type { TransactionRecord, TransactionView } from './store.js';

/** A deposit OMS turns into a transaction by itself: through a virtual account, a deposit address or a cash-in. */
export interface Deposit {
  type: 'fiatToCrypto' | 'cryptoToCrypto';
  customerId: string;
  /** What the deposit arrived through (the seed's link fields). */
  via: { virtualAccount: string } | { depositAddress: string } | { cashIn: string };
  source: { asset: MoneyAsset; network: TransactionView['source']['network']; txHash: string | null };
  destination: { wallet: TransactionView['destination']['wallet']; asset: 'usdc' | 'usdt'; network: TransactionView['destination']['network'] };
  gross: bigint;
  fees: Fees;
  /** The wallet each developer fee line is paid into, if any, in the order of `fees.developerLines`. */
  developerWallets: (string | null | undefined)[];
  rail: string;
  metadata: Record<string, unknown>;
}

/**
 * The transaction of a deposit, processing, with the credits its completion applies: the net to the
 * destination wallet and each developer fee to its wallet, all in the destination asset (rate 1:1).
 */
export function depositTransaction(deposit: Deposit, id: string, now: string): TransactionRecord {
  const { source, destination, fees, gross } = deposit;
  const net = rescale(fees.net, source.asset, destination.asset);
  const walletId = (destination.wallet as { wallet?: string } | null | undefined)?.wallet;
  const credits = [
    ...(walletId ? [{ walletId, amount: net }] : []),
    ...deposit.developerWallets.flatMap((wallet, i) =>
      wallet ? [{ walletId: wallet, amount: rescale(fees.developerLines[i]!, source.asset, destination.asset) }] : [],
    ),
  ];
  return {
    credits,
    view: {
      id,
      object: 'transaction',
      type: deposit.type,
      status: 'processing',
      subStatus: 'processing.fundsDetected',
      customerId: deposit.customerId,
      quoteId: null,
      virtualAccount: null,
      depositAddress: null,
      cashIn: null,
      ...deposit.via,
      source: {
        ...source,
        amountGross: formatAmount(gross, source.asset),
        amountNet: formatAmount(fees.net, source.asset),
        feesDeducted: feesView(fees, source.asset),
      },
      destination: {
        ...destination,
        amountGross: formatAmount(net, destination.asset),
        amountNet: formatAmount(net, destination.asset),
        feesDeducted: NO_FEES,
        txHash: null,
      },
      rail: deposit.rail,
      fixedAmountSide: 'source',
      sponsorGas: false,
      sponsorGasCost: '0.00',
      developerFees: developerFeesView(fees, deposit.developerWallets, source.asset),
      rates: {
        pair: `${source.asset.toUpperCase()}/${destination.asset.toUpperCase()}`,
        exchangeRate: '1.0000',
        effectiveRate: effectiveRate(net, destination.asset, gross, source.asset),
      },
      estimatedArrival: null,
      error: null,
      metadata: structuredClone(deposit.metadata),
      createdAt: now,
      updatedAt: now,
      completedAt: null,
    },
  };
}
