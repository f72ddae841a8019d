import type { Seller } from '../state.js';
import { networkName } from '../words.js';
import { CopyButton } from './CopyButton.js';

/** Where money comes in from: the seller's US bank account numbers (virtual accounts) and on-chain deposit addresses. */
export function DepositInstructions({ seller, tenantName }: { seller: Seller; tenantName: string }) {
  const { virtualAccounts, depositAddresses } = seller;
  return (
    <section className="card" aria-labelledby="deposit-heading">
      <h2 id="deposit-heading">Add money</h2>
      {virtualAccounts.length === 0 && depositAddresses.length === 0 && (
        <p className="muted">No deposit details yet: ask {tenantName} to open a deposit account for you.</p>
      )}
      {virtualAccounts.map((account) => {
        const details = account.bankDetails;
        const rows: [string, string][] = [
          ['Bank', details.bankName],
          ['Routing number', details.routingNumber],
          ['Account number', details.accountNumber],
          ['Account type', details.accountType],
          ['Name on the account', details.ownerName],
          ['Reference', details.reference],
        ];
        return (
          <div key={account.id} className="instructions" data-virtual-account-id={account.id}>
            <h3>{account.label ?? 'Bank transfer'}</h3>
            <p className="muted">
              Send US dollars by ACH or wire from any US bank, with the reference below. They arrive as {account.destination.asset} in your wallet.
            </p>
            <dl className="details">
              {rows.map(([label, value]) => (
                <div key={label} className="detail">
                  <dt>{label}</dt>
                  <dd>
                    <span className="value">{value}</span>
                    <CopyButton text={value} label={label.toLowerCase()} />
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        );
      })}
      {depositAddresses.map((address) => {
        const { depositInstructions: send } = address;
        return (
          <div key={address.id} className="instructions" data-deposit-address-id={address.id}>
            <h3>{address.label ?? 'Crypto deposit'}</h3>
            <p className="muted">
              Send only {send.asset} on {networkName(send.network)} to this address; anything else is not forwarded.
            </p>
            <dl className="details">
              <div className="detail">
                <dt>Address</dt>
                <dd>
                  <span className="value address">{send.address}</span>
                  <CopyButton text={send.address} label="deposit address" />
                </dd>
              </div>
            </dl>
          </div>
        );
      })}
    </section>
  );
}
