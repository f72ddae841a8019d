import { createHash } from 'node:crypto';

/** The Redis seller index's scripts: each step that must not interleave with another instance's. */

/**
 * Records a seller. KEYS: the tenant's sellers (sorted set, score createdAt ms, ties by id as OMS
 * breaks them), the seller's email set, its externalId key. ARGV: id, score, has email, has
 * externalId, claim token. The externalId is bound when free or held by the token's claim.
 */
export const ADD = `
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
if ARGV[3] == '1' then redis.call('SADD', KEYS[2], ARGV[1]) end
if ARGV[4] == '1' then
  local held = redis.call('GET', KEYS[3])
  if not held or held == 'claim:' .. ARGV[5] then redis.call('SET', KEYS[3], 'seller:' .. ARGV[1]) end
end
return 1
`;

/** Claims an externalId key for a lease, or answers what holds it. ARGV: token, lease (ms). */
export const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held then return held end
redis.call('SET', KEYS[1], 'claim:' .. ARGV[1], 'PX', ARGV[2])
return 'claimed'
`;

/**
 * One page, read at one instant. ARGV: 'first' | 'after' | 'before', the cursor's id, size. One more
 * than asked comes back where there is one, to tell whether more follow; false when the cursor's
 * seller is not in the index.
 */
export const PAGE = `
local size = tonumber(ARGV[3])
if ARGV[1] == 'first' then return redis.call('ZREVRANGE', KEYS[1], 0, size) end
local rank = redis.call('ZREVRANK', KEYS[1], ARGV[2])
if not rank then return false end
if ARGV[1] == 'after' then return redis.call('ZREVRANGE', KEYS[1], rank + 1, rank + size + 1) end
if rank == 0 then return {} end
return redis.call('ZREVRANGE', KEYS[1], math.max(0, rank - size - 1), rank - 1)
`;

/** Deletes a key, or (ARGV[2] given) extends its lease, if it still holds ARGV[1]. */
export const IF_HELD = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('DEL', KEYS[1])
`;

const shas = new Map<string, string>();
/** A script's SHA-1, for EVALSHA. */
export function sha(script: string): string {
  let found = shas.get(script);
  if (!found) shas.set(script, (found = createHash('sha1').update(script).digest('hex')));
  return found;
}
