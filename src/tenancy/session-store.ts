/**
 * Where the gateway records the seller sessions it issued, until they expire: in Redis when
 * configured (every instance sees a revocation within a second), in memory for one process.
 *
 * A token is accepted only while its session is recorded. The record is written before the token is
 * handed out, and revoking deletes it, so revocation needs no list of revoked tokens kept for a day,
 * a lost record fails closed (the session ends), and a token signed by someone who learnt the secret
 * but could not write here is refused. Use after close is an error.
 */

/** One issued session. */
export interface SessionRecord {
  /** The session's id, the token's `jti` (ses_…). */
  id: string;
  tenantId: string;
  sellerId: string;
  expiresAt: Date;
}

/**
 * Sessions ended on some instance (this one included), by tenant; or 'recheck' when the store may
 * have missed some (its notifications were cut off a while): whoever holds sessions checks them again.
 */
export type Revoked = { tenantId: string; sessionIds: string[] } | 'recheck';

export interface SessionStore {
  /** Records a session until it expires. */
  record(session: SessionRecord): Promise<void>;
  /**
   * Whether the tenant's session is recorded and unexpired. May answer from a short cache (under a
   * second), which a revocation announced to this instance clears at once.
   */
  isLive(tenantId: string, sessionId: string): Promise<boolean>;
  /**
   * Ends one of the tenant's sessions (only if it is `sellerId`'s, when given). False when there is no
   * such live session: another tenant's id, another seller's, and an id never issued answer alike.
   */
  revoke(tenantId: string, sessionId: string, sellerId?: string): Promise<boolean>;
  /** Ends every live session of one of the tenant's sellers; answers their ids. Sessions recorded after it live. */
  revokeSeller(tenantId: string, sellerId: string): Promise<string[]>;
  /** Calls `listener` with each revocation of any instance; returns a function that stops it. */
  onRevoked(listener: (revoked: Revoked) => void): () => void;
  close(): Promise<void>;
}
