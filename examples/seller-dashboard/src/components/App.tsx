import { useCallback, useEffect, useState } from 'react';
import type { DashboardConfig } from '../config.js';
import { forgetToken, storeToken, takeToken } from '../session.js';
import { Dashboard } from './Dashboard.js';
import { SignIn } from './SignIn.js';

/** Signed in (a seller session token) or not: the dashboard, or the sign-in card with why the last session ended. */
export function App({ config }: { config: DashboardConfig }) {
  const [token, setToken] = useState<string | null>(() => takeToken(window));
  const [notice, setNotice] = useState<string | null>(null);

  const signIn = useCallback((next: string) => {
    storeToken(window, next);
    setNotice(null);
    setToken(next);
  }, []);
  const signOut = useCallback((why: string) => {
    forgetToken(window);
    setNotice(why);
    setToken(null);
  }, []);

  // A token handed over while the page is open (the marketplace links here again, same document): taken
  // at once, as on load, so it never lingers in the address bar and the page shows whose it is.
  useEffect(() => {
    const handedOver = () => {
      if (!new URLSearchParams(window.location.hash.slice(1)).has('token')) return;
      const next = takeToken(window);
      setNotice(null);
      setToken(next);
    };
    window.addEventListener('hashchange', handedOver);
    return () => window.removeEventListener('hashchange', handedOver);
  }, []);

  if (token === null) return <SignIn config={config} notice={notice} onToken={signIn} />;
  return <Dashboard key={token} config={config} token={token} onSignedOut={signOut} />;
}
