import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/app.js';

describe('sandbox smoke', () => {
  it('issues a token and creates a customer with an idempotency key', async () => {
    const sandbox = createSandbox();
    const { apiKey, apiSecret } = sandbox.accounts[0]!;
    const tokenRes = await sandbox.fetch(`${sandbox.baseUrl}/auth/token`, { method: 'POST', body: JSON.stringify({ apiKey, apiSecret }) });
    expect(tokenRes.status).toBe(200);
    const { accessToken } = (await tokenRes.json()) as { accessToken: string };
    const headers = { authorization: `Bearer ${accessToken}`, 'idempotency-key': 'k1', 'content-type': 'application/json' };
    const res = await sandbox.fetch(`${sandbox.baseUrl}/customers`, { method: 'POST', headers, body: JSON.stringify({ firstName: 'Ada' }) });
    expect(res.status).toBe(201);
    const again = await sandbox.fetch(`${sandbox.baseUrl}/customers`, { method: 'POST', headers, body: JSON.stringify({ firstName: 'Ada' }) });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await res.json());
    const other = await sandbox.fetch(`${sandbox.baseUrl}/customers`, { method: 'POST', headers, body: JSON.stringify({ firstName: 'Bob' }) });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
  });
});
