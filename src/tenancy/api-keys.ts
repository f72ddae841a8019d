import { hash, randomBytes } from 'node:crypto';

/**
 * Tenant API keys. Only their hashes are stored; a presented key is hashed and looked up. The keys
 * are 32 random bytes, so a plain SHA-256 (no slow KDF) is enough: there is nothing to brute-force.
 */
export function hashApiKey(key: string): string {
  return `sha256:${hash('sha256', key, 'hex')}`;
}

export function newApiKey(tenantId: string): string {
  return `gw_${tenantId.replace(/[^A-Za-z0-9]/g, '')}_${randomBytes(32).toString('base64url')}`;
}
