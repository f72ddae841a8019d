import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks OMS's `Webhook-Signature: t=<unix seconds>,v1=<hex>` (contract decision 7): v1 is
 * HMAC-SHA256 keyed with the whole `whsec_...` secret over `<t>.<raw body>`. Several v1 entries may
 * come while OMS rotates its secret, and several secrets may be configured while we rotate ours: any
 * match passes. A pure function: the caller supplies the time.
 */

export type SignatureFailure = 'missing' | 'malformed' | 'timestamp_out_of_range' | 'mismatch';

export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureFailure };

export interface SignatureInput {
  /** The Webhook-Signature header as received; absent counts as missing. */
  header: string | null | undefined;
  /** The body exactly as received: re-serialized JSON would not match. */
  rawBody: string | Uint8Array;
  secret: string | readonly string[];
  nowSeconds: number;
  /** Largest accepted |now - t|, in seconds; older (replayed) and future-dated messages fail alike. */
  toleranceSeconds?: number;
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

export function verifyWebhookSignature({ header, rawBody, secret, nowSeconds, toleranceSeconds = 300 }: SignatureInput): SignatureCheck {
  if (header === null || header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  // The cheap check first: a stale or future-dated message is refused before any HMAC is computed.
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: 'timestamp_out_of_range' };
  const secrets = typeof secret === 'string' ? [secret] : secret;
  // Every comparison runs, so the time taken does not tell which secret or entry matched.
  let matched = false;
  for (const key of secrets) {
    const expected = createHmac('sha256', key).update(`${parsed.timestamp}.`).update(rawBody).digest();
    for (const given of parsed.signatures) {
      if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
    }
  }
  return matched ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'mismatch' };
}

/** `t` exactly once (decimal seconds) and at least one `v1` (64 hex digits); other schemes are ignored. */
function parseHeader(header: string): { timestamp: number; signatures: Buffer[] } | undefined {
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at <= 0) return undefined;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256.test(value)) return undefined;
      signatures.push(Buffer.from(value, 'hex'));
    }
  }
  if (timestamp === undefined || signatures.length === 0) return undefined;
  return { timestamp, signatures };
}
