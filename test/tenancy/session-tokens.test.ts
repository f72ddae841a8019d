import { describe, expect, it } from 'vitest';
import { createSessionTokens, keyId, MAX_SESSION_SECONDS } from '../../src/tenancy/session-tokens.js';
import { mintToken } from '../support/session-tokens.js';

/** Seller session tokens alone: signature, key, claims and lifetime (whether the session is on record is sessions.test.ts's). */

const SECRET = 'a-session-secret-that-is-long-enough-0123';
const NEW_SECRET = 'the-secret-after-the-rotation-0123456789';
const T0 = Date.parse('2026-01-01T00:00:00Z');
const claims = { tenantId: 'acme', sellerId: 'cst_1', sessionId: 'ses_1' };

const kidOf = keyId;
/** Minted at T0 unless said. */
const mint = (secret: string, change: { iat?: number; exp?: number; kid?: string | null; jti?: string | null } = {}) =>
  mintToken(secret, { iat: T0 / 1000, ...change, ...(change.jti === undefined ? {} : { sessionId: change.jti }) });

describe('session tokens', () => {
  it('round-trip tenant, seller and session id, and die at expiry', async () => {
    let now = T0;
    const tokens = createSessionTokens({ secret: SECRET, now: () => now });
    const { token, expiresAt } = await tokens.sign(claims, 600);
    expect(expiresAt.toISOString()).toBe('2026-01-01T00:10:00.000Z');
    expect(await tokens.verify(token)).toEqual({ ...claims, expiresAt });
    now += 599_999;
    expect(await tokens.verify(token)).not.toBeNull();
    now += 1;
    expect(await tokens.verify(token)).toBeNull();
  });

  it('accept a token minted outside the gateway with the right key (so each refusal below is for its one change)', async () => {
    const tokens = createSessionTokens({ secret: SECRET, now: () => T0 });
    expect(await tokens.verify(await mint(SECRET))).toEqual({ ...claims, expiresAt: new Date(T0 + 3_600_000) });
  });

  it('refuse a token living longer than a day, signed with the right key: ten years, and a day and a second', async () => {
    const tokens = createSessionTokens({ secret: SECRET, now: () => T0 });
    const iat = T0 / 1000;
    expect(await tokens.verify(await mint(SECRET, { exp: iat + 10 * 365 * 86_400 }))).toBeNull();
    expect(await tokens.verify(await mint(SECRET, { exp: iat + MAX_SESSION_SECONDS + 1 }))).toBeNull();
    expect(await tokens.verify(await mint(SECRET, { exp: iat + MAX_SESSION_SECONDS }))).not.toBeNull();
  });

  it('refuse a token issued in the future (beyond a little clock skew), which would stretch its lifetime', async () => {
    const tokens = createSessionTokens({ secret: SECRET, now: () => T0 });
    const iat = T0 / 1000;
    expect(await tokens.verify(await mint(SECRET, { iat: iat + 3600, exp: iat + 3600 + MAX_SESSION_SECONDS }))).toBeNull();
    expect(await tokens.verify(await mint(SECRET, { iat: iat + 5 }))).not.toBeNull();
  });

  it('refuse a token without a session id, without a key id, or naming a key it was not signed with', async () => {
    const tokens = createSessionTokens({ secret: SECRET, now: () => T0 });
    expect(await tokens.verify(await mint(SECRET, { jti: null }))).toBeNull();
    expect(await tokens.verify(await mint(SECRET, { kid: null }))).toBeNull();
    expect(await tokens.verify(await mint(NEW_SECRET, { kid: kidOf(SECRET) }))).toBeNull();
  });

  it('refuse a token changed in any claim, and anything that is not a token', async () => {
    const tokens = createSessionTokens({ secret: SECRET });
    const { token } = await tokens.sign(claims, 600);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'cst_2' })).toString('base64url');
    expect(await tokens.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(await tokens.verify('not-a-jwt')).toBeNull();
  });

  it('refuse to sign a lifetime over a day', async () => {
    const tokens = createSessionTokens({ secret: SECRET });
    await expect(tokens.sign(claims, MAX_SESSION_SECONDS + 1)).rejects.toThrow(/1 to 86400 seconds/);
  });

  describe('rotation', () => {
    const before = createSessionTokens({ secret: SECRET, now: () => T0 });
    const during = createSessionTokens({ secret: NEW_SECRET, previousSecret: SECRET, now: () => T0 });
    const after = createSessionTokens({ secret: NEW_SECRET, now: () => T0 });

    it('during it, tokens of the old secret and of the new one are accepted, and only the new one signs', async () => {
      const old = await before.sign(claims, 600);
      const fresh = await during.sign(claims, 600);
      expect(await during.verify(old.token)).toEqual({ ...claims, expiresAt: old.expiresAt });
      expect(await during.verify(fresh.token)).toEqual({ ...claims, expiresAt: fresh.expiresAt });
      expect(await before.verify(fresh.token), 'signed with the new secret').toBeNull();
      expect(await after.verify(fresh.token)).not.toBeNull();
    });

    it('after it (the old secret unset), the old tokens are refused', async () => {
      expect(await after.verify((await before.sign(claims, 600)).token)).toBeNull();
    });

    it('a token signed with a key neither current nor previous is refused, whatever kid it names', async () => {
      const stranger = 'a-third-secret-nobody-configured-012345678';
      expect(await during.verify(await mint(stranger))).toBeNull();
      expect(await during.verify(await mint(stranger, { kid: kidOf(NEW_SECRET) }))).toBeNull();
      expect(await during.verify(await mint(stranger, { kid: kidOf(SECRET) }))).toBeNull();
    });
  });
});
