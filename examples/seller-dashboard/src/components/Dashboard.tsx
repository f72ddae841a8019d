import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { createHttpClient, GatewayRequestError } from '../client.js';
import { type DashboardConfig, socketUrl } from '../config.js';
import { DashboardDocument, DashboardSignOutDocument } from '../generated/graphql.js';
import { type LiveStatus, watchActivity } from '../live.js';
import { emptyState, reduce, type Transaction } from '../state.js';
import { Balances } from './Balances.js';
import { DepositInstructions } from './DepositInstructions.js';
import { LiveIndicator } from './LiveIndicator.js';
import { Transactions } from './Transactions.js';
import { Withdraw } from './Withdraw.js';

const SESSION_ENDED = 'Your session has ended. Open the dashboard again from your marketplace to get a new one.';

/**
 * The signed-in page. The activity stream starts first; once its socket is acknowledged the snapshot is
 * read (and read again after a reconnect that has no cursor to resume from), so an event logged while
 * the page opens is in the snapshot, in the stream, or in both, which the merge (state.ts) makes harmless.
 */
export function Dashboard({ config, token, onSignedOut }: { config: DashboardConfig; token: string; onSignedOut(why: string): void }) {
  const [state, dispatch] = useReducer(reduce, emptyState);
  const [live, setLive] = useState<LiveStatus>({ state: 'connecting' });
  const [problem, setProblem] = useState<string | null>(null);
  const http = useMemo(() => createHttpClient({ endpoint: config.endpoint, token, trustedDocuments: config.trustedDocuments }), [config, token]);

  const refused = useCallback((error: unknown) => error instanceof GatewayRequestError && error.code === 'UNAUTHENTICATED', []);
  // Set once the seller clicks Sign out: the revocation that click makes also closes the socket (4403),
  // which may land after the answer; the page then says the seller signed out, not that the session ended.
  const leaving = useRef(false);
  const ended = useCallback(() => {
    if (!leaving.current) onSignedOut(SESSION_ENDED);
  }, [onSignedOut]);

  useEffect(() => {
    let read = false;
    const readSnapshot = () => {
      read = true;
      http.request(DashboardDocument, {}).then(
        (data) => {
          if (data.viewer.role !== 'SELLER' || !data.viewer.seller) return onSignedOut('This page takes a seller session token, never a tenant API key.');
          setProblem(null);
          dispatch({ type: 'snapshot', viewer: data.viewer });
        },
        (error: unknown) => (refused(error) ? ended() : setProblem(`Could not load your account: ${(error as Error).message}`)),
      );
    };
    return watchActivity({
      url: socketUrl(config.endpoint, window.location.href),
      token,
      trustedDocuments: config.trustedDocuments,
      onEvent: (event) => dispatch({ type: 'event', event }),
      onStatus: (status) => {
        if (status.state === 'signed-out') return ended();
        setLive(status);
        // No socket yet: show what HTTP can read meanwhile.
        if (status.state === 'reconnecting' && !read) readSnapshot();
      },
      onConnected: (resuming) => {
        if (!read || !resuming) readSnapshot();
      },
    });
  }, [config, token, http, onSignedOut, refused, ended]);

  const signOut = async () => {
    leaving.current = true;
    const sessionId = state.snapshot?.sessionId;
    try {
      if (sessionId) await http.request(DashboardSignOutDocument, { sessionId });
    } finally {
      onSignedOut('You are signed out.');
    }
  };

  const viewer = state.snapshot;
  const seller = viewer?.seller;
  const name = seller ? [seller.firstName, seller.lastName].filter(Boolean).join(' ') || seller.email || seller.id : '';
  return (
    <>
      <header className="top">
        <div>
          <h1>{seller ? name : 'Seller dashboard'}</h1>
          {viewer && <p className="muted">Seller dashboard · {viewer.tenant.name}</p>}
        </div>
        <div className="top-actions">
          <LiveIndicator status={live} cursor={state.cursor} />
          <button type="button" className="secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main className="dashboard" aria-busy={!seller}>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {!seller && !problem && <p className="muted">Loading your account…</p>}
        {seller && (
          <>
            <div className="columns">
              <div className="column">
                <Balances wallets={seller.wallets} balances={state.balances} />
                <DepositInstructions seller={seller} tenantName={viewer.tenant.name} />
              </div>
              <div className="column">
                <Withdraw
                  http={http}
                  seller={seller}
                  balances={state.balances}
                  transactions={state.transactions}
                  onStarted={(transaction: Transaction) => dispatch({ type: 'transaction', transaction })}
                  onSessionEnded={ended}
                />
              </div>
            </div>
            <Transactions state={state} wallets={seller.wallets} />
          </>
        )}
      </main>
    </>
  );
}
