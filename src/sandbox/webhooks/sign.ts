import { createHmac } from 'node:crypto';
import { randomHex } from '../ids.js';

/**
 * Contract decision 7: `Webhook-Signature: t=<unix seconds>,v1=<hex>`, where v1 is HMAC-SHA256 keyed
 * with the whole `whsec_...` string (Stripe's convention; OMS does not say which key material) over
 * `<t>.<raw body>`. Receivers check it with src/webhooks/signature.ts.
 */

/** A new signing secret: `whsec_` and 32 random bytes in hex. */
export function newWebhookSecret(): string {
  return `whsec_${randomHex(32)}`;
}

/** The hex HMAC of `<t>.<body>` under `secret`. */
export function sign(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/** The Webhook-Signature header value for `body` sent at `timestampSeconds`. */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${sign(secret, timestampSeconds, body)}`;
}
