import * as z from 'zod/mini';

/**
 * Where the page gets its seller session token. The marketplace's backend creates the session
 * (createSellerSession, with its tenant key, which never reaches the browser) and sends the seller here
 * with the token in the URL fragment, `…/dashboard#token=<token>`: a fragment is not sent to any server,
 * so the token stays out of access logs and Referer headers. The page moves it to sessionStorage (a
 * reload keeps the session, closing the tab ends it) and drops it from the address bar.
 */

const STORAGE_KEY = 'seller-dashboard.token';

/** A session token as the gateway issues it (a JWT): checked before it is stored or sent. */
export const SessionTokenSchema = z.string().check(z.minLength(20), z.maxLength(4096), z.regex(/^[A-Za-z0-9._-]+$/, 'not a session token'));

/** The token handed over in the fragment (then taken out of the URL), or the one this tab stored. */
export function takeToken(win: Window): string | null {
  const fragment = new URLSearchParams(win.location.hash.slice(1));
  const handed = fragment.get('token');
  if (handed !== null) {
    fragment.delete('token');
    const rest = fragment.toString();
    win.history.replaceState(null, '', `${win.location.pathname}${win.location.search}${rest ? `#${rest}` : ''}`);
    const valid = SessionTokenSchema.safeParse(handed.trim());
    if (valid.success) {
      storeToken(win, valid.data);
      return valid.data;
    }
  }
  const stored = win.sessionStorage.getItem(STORAGE_KEY);
  return stored !== null && SessionTokenSchema.safeParse(stored).success ? stored : null;
}

export function storeToken(win: Window, token: string): void {
  win.sessionStorage.setItem(STORAGE_KEY, token);
}

export function forgetToken(win: Window): void {
  win.sessionStorage.removeItem(STORAGE_KEY);
}
