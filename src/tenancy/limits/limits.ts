import type { Caller } from '../caller.js';

/**
 * The limits every instance shares (in Redis when configured, in memory for one process): the
 * operation budgets of tenants and sellers, and the open-socket caps. The door charges them; no
 * transport touches them. Use after close is an error.
 */

export type Charge = { ok: true } | { ok: false; retryAfterMs: number; scope: 'tenant' | 'seller' };

export interface RequestBudgets {
  /**
   * Takes one operation from the caller's budgets: the tenant's (requestsPerMinute, every token of
   * the tenant together) and, for a seller token, the seller's own (sellerShare of it) first. A
   * refusal says which budget is spent and when it has room again; a seller refused by its own
   * budget takes nothing from the tenant's.
   */
  charge(caller: Caller): Promise<Charge>;
  close(): Promise<void>;
}

/** One open socket's hold on its caps; released when the socket closes. */
export interface SocketSlot {
  release(): Promise<void>;
}

export type SocketClaim = { ok: true; slot: SocketSlot } | { ok: false; scope: 'tenant' | 'seller'; limit: number };

export interface SocketSlots {
  /**
   * Claims a slot for one socket under the tenant's cap (socketsPerTenant) and, for a seller token,
   * the seller's (socketsPerSeller). Both or neither. Slots of an instance that died free themselves
   * after a while (Redis: lease expiry), never while their socket is open.
   */
  claim(caller: Caller, socketId: string): Promise<SocketClaim>;
  close(): Promise<void>;
}
