import { type FormEvent, useId, useState } from 'react';
import * as z from 'zod/mini';
import type { DashboardConfig } from '../config.js';
import { SessionTokenSchema } from '../session.js';

const DemoSessionSchema = z.object({ token: SessionTokenSchema });

/**
 * Signing in. A marketplace sends its seller here with a session token in the URL fragment (see
 * session.ts), so this card shows only when there is none: in the demo, a pick of the demo sellers;
 * always, a field to paste a token into (for developers trying the page).
 */
export function SignIn({ config, notice, onToken }: { config: DashboardConfig; notice: string | null; onToken(token: string): void }) {
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = useId();
  const errorId = useId();

  async function pickDemoSeller(sellerId: string) {
    if (!config.demo) return;
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(config.demo.sessionUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sellerId }),
      });
      const parsed = DemoSessionSchema.safeParse(await response.json().catch(() => undefined));
      if (!response.ok || !parsed.success) throw new Error(`the demo server answered HTTP ${response.status}`);
      onToken(parsed.data.token);
    } catch (err) {
      setError(`Could not sign in: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const valid = SessionTokenSchema.safeParse(pasted.trim());
    if (!valid.success) return setError('That is not a seller session token: paste the token your marketplace gave you.');
    onToken(valid.data);
  }

  return (
    <main className="sign-in">
      <h1>Seller dashboard</h1>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {config.demo && (
        <section className="card" aria-labelledby="demo-heading">
          <h2 id="demo-heading">Demo sellers</h2>
          <p className="muted">This gateway runs in demo mode: pick a seller to open their dashboard.</p>
          <ul className="demo-sellers">
            {config.demo.sellers.map((seller) => (
              <li key={seller.id}>
                <button type="button" disabled={busy} onClick={() => void pickDemoSeller(seller.id)}>
                  Sign in as {seller.name}
                </button>
              </li>
            ))}
          </ul>
          {config.demo.sellers.length === 0 && <p className="muted">No demo sellers yet.</p>}
        </section>
      )}
      <section className="card" aria-labelledby="token-heading">
        <h2 id="token-heading">Seller session token</h2>
        <form onSubmit={submit}>
          <label htmlFor={fieldId}>Paste the token your marketplace issued (createSellerSession)</label>
          <textarea
            id={fieldId}
            rows={3}
            value={pasted}
            spellCheck={false}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setPasted(e.target.value)}
          />
          <button type="submit">Sign in</button>
        </form>
      </section>
      {error && (
        <p id={errorId} className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
