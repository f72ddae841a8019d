import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/app.js';
import { verifyWebhookSignature } from '../../src/webhooks/signature.js';

// Written here from the contract, independently of the sandbox's signer, so the two cannot share a bug.
const hmacHex = (secret: string, t: number, body: string | Buffer) =>
  createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.concat([Buffer.from(`${t}.`, 'utf8'), Buffer.from(body)]))
    .digest('hex');
const header = (secret: string, t: number, body: string) => `t=${t},v1=${hmacHex(secret, t, body)}`;

const SECRET = `whsec_${'ab'.repeat(32)}`;
const OTHER = `whsec_${'cd'.repeat(32)}`;
const NOW = 1_760_000_000;
const BODY = JSON.stringify({
  id: 'whk_evt_01K0000000000000000000000',
  event: 'cashIn.completed',
  createdAt: '2025-10-09T08:53:20.000Z',
  data: { id: 'ci_1', amount: '12.34' },
});

describe('verifyWebhookSignature', () => {
  it('accepts a correct signature and returns its timestamp', () => {
    expect(verifyWebhookSignature({ header: header(SECRET, NOW, BODY), rawBody: BODY, secret: SECRET, nowSeconds: NOW })).toEqual({ ok: true, timestamp: NOW });
  });

  it('accepts the raw body as bytes', () => {
    const result = verifyWebhookSignature({ header: header(SECRET, NOW, BODY), rawBody: Buffer.from(BODY), secret: SECRET, nowSeconds: NOW });
    expect(result.ok).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyWebhookSignature({ header: header(OTHER, NOW, BODY), rawBody: BODY, secret: SECRET, nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a body with one changed byte', () => {
    const tampered = BODY.replace('12.34', '12.35');
    expect(tampered).not.toBe(BODY);
    expect(verifyWebhookSignature({ header: header(SECRET, NOW, BODY), rawBody: tampered, secret: SECRET, nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });

  it('rejects a correctly signed message 6 minutes old or 6 minutes ahead', () => {
    for (const t of [NOW - 360, NOW + 360]) {
      expect(verifyWebhookSignature({ header: header(SECRET, t, BODY), rawBody: BODY, secret: SECRET, nowSeconds: NOW })).toEqual({
        ok: false,
        reason: 'timestamp_out_of_range',
      });
    }
  });

  it('accepts timestamps exactly at the tolerance and honours a custom tolerance', () => {
    for (const t of [NOW - 300, NOW + 300]) {
      expect(verifyWebhookSignature({ header: header(SECRET, t, BODY), rawBody: BODY, secret: SECRET, nowSeconds: NOW }).ok).toBe(true);
    }
    const result = verifyWebhookSignature({ header: header(SECRET, NOW - 61, BODY), rawBody: BODY, secret: SECRET, nowSeconds: NOW, toleranceSeconds: 60 });
    expect(result).toEqual({ ok: false, reason: 'timestamp_out_of_range' });
  });

  it('reports a missing header', () => {
    for (const missing of [undefined, null, '', '   ']) {
      expect(verifyWebhookSignature({ header: missing, rawBody: BODY, secret: SECRET, nowSeconds: NOW })).toEqual({ ok: false, reason: 'missing' });
    }
  });

  it('reports malformed headers', () => {
    const good = hmacHex(SECRET, NOW, BODY);
    const malformed = [
      good,
      `v1=${good}`,
      `t=${NOW}`,
      `t=abc,v1=${good}`,
      `t=-5,v1=${good}`,
      `t=${NOW},t=${NOW},v1=${good}`,
      `t=${NOW},v1=${good.slice(2)}`,
      `t=${NOW},v1=${'zz'.repeat(32)}`,
      `t=${NOW};v1=${good}`,
      `t=${NOW},${good}`,
    ];
    for (const value of malformed) {
      expect(verifyWebhookSignature({ header: value, rawBody: BODY, secret: SECRET, nowSeconds: NOW }), value).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('accepts any of several v1 entries (secret rotation) and ignores unknown schemes', () => {
    const value = `t=${NOW}, v0=deadbeef, v1=${hmacHex(OTHER, NOW, BODY)}, v1=${hmacHex(SECRET, NOW, BODY)}`;
    expect(verifyWebhookSignature({ header: value, rawBody: BODY, secret: SECRET, nowSeconds: NOW })).toEqual({ ok: true, timestamp: NOW });
    const neither = `t=${NOW},v1=${hmacHex(OTHER, NOW, BODY)},v1=${hmacHex('whsec_third', NOW, BODY)}`;
    expect(verifyWebhookSignature({ header: neither, rawBody: BODY, secret: SECRET, nowSeconds: NOW })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts a signature under any of several configured secrets', () => {
    const result = verifyWebhookSignature({ header: header(OTHER, NOW, BODY), rawBody: BODY, secret: [SECRET, OTHER], nowSeconds: NOW });
    expect(result).toEqual({ ok: true, timestamp: NOW });
  });

  it('binds the timestamp: a signature moved to another t fails', () => {
    const moved = `t=${NOW + 1},v1=${hmacHex(SECRET, NOW, BODY)}`;
    expect(verifyWebhookSignature({ header: moved, rawBody: BODY, secret: SECRET, nowSeconds: NOW })).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('verifyWebhookSignature on deliveries the sandbox sends', () => {
  it('verifies every real delivery, and only under the subscription secret', async () => {
    const received: { signature: string; body: string }[] = [];
    const sandbox = createSandbox({
      webhooks: {
        retryDelaysMs: [0],
        fetch: async (_url, init) => {
          const headers = new Headers(init?.headers);
          received.push({ signature: headers.get('webhook-signature') ?? '', body: String(init?.body) });
          return new Response(null, { status: 204 });
        },
      },
    });
    const { apiKey, apiSecret } = sandbox.accounts[0]!;
    const tokenRes = await sandbox.fetch(`${sandbox.baseUrl}/auth/token`, { method: 'POST', body: JSON.stringify({ apiKey, apiSecret }) });
    const { accessToken } = (await tokenRes.json()) as { accessToken: string };
    const post = (path: string, key: string, body: unknown) =>
      sandbox.fetch(`${sandbox.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'idempotency-key': key, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const hook = (await (await post('/webhooks', 'hook-1', { url: 'https://receiver.test/oms' })).json()) as { secret: string };
    expect((await post('/customers', 'cst-1', { firstName: 'Ada' })).status).toBe(201);
    await sandbox.idle();

    expect(received).toHaveLength(3);
    const nowSeconds = Math.floor(sandbox.clock.now() / 1000);
    for (const { signature, body } of received) {
      const t = Number(/t=(\d+)/.exec(signature)?.[1]);
      expect(signature).toBe(header(hook.secret, t, body));
      expect(verifyWebhookSignature({ header: signature, rawBody: body, secret: hook.secret, nowSeconds })).toEqual({ ok: true, timestamp: t });
      expect(verifyWebhookSignature({ header: signature, rawBody: body, secret: OTHER, nowSeconds })).toEqual({ ok: false, reason: 'mismatch' });
      expect(verifyWebhookSignature({ header: signature, rawBody: body, secret: hook.secret, nowSeconds: nowSeconds + 301 }).ok).toBe(false);
    }
    sandbox.close();
  });
});
