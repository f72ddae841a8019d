import type { DashboardWalletFragment } from '../generated/graphql.js';
import { isZero, money } from '../money.js';
import type { Balance } from '../state.js';
import { networkName, shortAddress } from '../words.js';
import { CopyButton } from './CopyButton.js';

/** Each wallet's balance, live: the snapshot's, replaced by every newer BALANCE event. */
export function Balances({ wallets, balances }: { wallets: DashboardWalletFragment[]; balances: Record<string, Balance> }) {
  return (
    <section className="card" aria-labelledby="balances-heading">
      <h2 id="balances-heading">Balance</h2>
      {wallets.length === 0 && <p className="muted">No wallet yet.</p>}
      <ul className="wallets">
        {wallets.map((wallet) => {
          const balance = balances[wallet.id] ?? wallet.balance;
          return (
            <li key={wallet.id} className="wallet" data-wallet-id={wallet.id}>
              <p className="available">
                <span className="amount">{money(balance.available, balance.asset)}</span>
                <span className="muted"> available</span>
              </p>
              {!isZero(balance.pending) && <p className="pending">{money(balance.pending, balance.asset)} on its way in</p>}
              <p className="muted small">
                {wallet.asset} on {networkName(wallet.network)} · <span title={wallet.address}>{shortAddress(wallet.address)}</span>{' '}
                <CopyButton text={wallet.address} label={`${wallet.asset} wallet address`} />
                {wallet.status !== 'ACTIVE' && <strong> · {wallet.status === 'SUSPENDED' ? 'Suspended' : 'Closed'}</strong>}
              </p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
