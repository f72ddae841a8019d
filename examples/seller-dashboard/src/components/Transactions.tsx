import type { DashboardLegFragment, DashboardWalletFragment } from '../generated/graphql.js';
import { isZero, money } from '../money.js';
import { type DashboardState, type Transaction, transactionsNewestFirst } from '../state.js';
import { describe, shortDate, statusWords } from '../words.js';

/** The seller's transactions, newest first and live: gross, each fee, net, and the status in plain words. */
export function Transactions({ state, wallets }: { state: DashboardState; wallets: DashboardWalletFragment[] }) {
  const own = new Set(wallets.map((w) => w.id));
  const rows = transactionsNewestFirst(state);
  return (
    <section className="card" aria-labelledby="transactions-heading">
      <h2 id="transactions-heading">Transactions</h2>
      {rows.length === 0 ? (
        <p className="muted">No transactions yet. Deposits appear here the moment they arrive.</p>
      ) : (
        <div className="table-scroll">
          <table className="transactions">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">What</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Fees</th>
                <th scope="col" className="num">
                  Net
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((txn) => (
                <Row key={txn.id} txn={txn} own={own} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Row({ txn, own }: { txn: Transaction; own: ReadonlySet<string> }) {
  const { title, incoming } = describe(txn, own);
  const status = statusWords(txn);
  const fees = feeLines(txn);
  return (
    <tr data-transaction-id={txn.id} data-status={txn.status}>
      <td className="nowrap">{shortDate(txn.createdAt)}</td>
      <td>{title}</td>
      <td className="num nowrap">{money(txn.source.amountGross, txn.source.asset)}</td>
      <td className="fees">
        {fees.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <ul>
            {fees.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </td>
      <td className={`num nowrap ${incoming ? 'in' : 'out'}`}>
        {txn.destination.amountNet === null ? '—' : `${incoming ? '+' : '−'}${money(txn.destination.amountNet, txn.destination.asset)}`}
      </td>
      <td className="status-cell">
        <span className={`badge badge-${status.tone}`}>{status.label}</span>
        {status.reason && <span className="reason">{status.reason}</span>}
      </td>
    </tr>
  );
}

/** Every fee taken, on either side, in that side's asset: "OMS fee 1.00 USD", "Marketplace fee 5.00 USD", "Network fee 0.01 USDC". */
export function feeLines(txn: { source: DashboardLegFragment; destination: DashboardLegFragment }): string[] {
  const lines: string[] = [];
  for (const leg of [txn.source, txn.destination]) {
    if (!leg.fees) continue;
    const parts: [string, string][] = [
      ['OMS fee', leg.fees.oms],
      ['Marketplace fee', leg.fees.developer],
      ['Network fee', leg.fees.gas],
    ];
    for (const [name, amount] of parts) if (!isZero(amount)) lines.push(`${name} ${money(amount, leg.asset)}`);
  }
  return lines;
}
