import type { Caller } from '../caller.js';
import type { SocketClaim, SocketSlots } from './limits.js';

/** The open sockets of one tenant, all together and per seller, by socket id. */
interface TenantSockets {
  all: Set<string>;
  bySeller: Map<string, Set<string>>;
}

/**
 * Socket caps for one process: the sockets held, by tenant and seller. A process that dies takes
 * its slots with it, so nothing here expires. A socket id may hold one slot at a time.
 */
export function createMemorySocketSlots(): SocketSlots {
  const tenants = new Map<string, TenantSockets>();
  const holding = new Set<string>();
  let closed = false;

  function release(tenantId: string, sellerId: string | undefined, socketId: string): void {
    const held = tenants.get(tenantId);
    holding.delete(socketId);
    if (!held) return;
    held.all.delete(socketId);
    if (sellerId !== undefined) {
      const seller = held.bySeller.get(sellerId);
      seller?.delete(socketId);
      if (seller?.size === 0) held.bySeller.delete(sellerId);
    }
    if (held.all.size === 0) tenants.delete(tenantId);
  }

  return {
    async claim(caller: Caller, socketId: string): Promise<SocketClaim> {
      if (closed) throw new Error('socket slots used after close');
      const { id, limits } = caller.tenant;
      const held = tenants.get(id) ?? { all: new Set<string>(), bySeller: new Map<string, Set<string>>() };
      if (holding.has(socketId)) throw new Error(`expected a socket id without a slot, got ${socketId}, which holds one`);
      const sellerId = caller.role === 'seller' ? caller.sellerId : undefined;
      const seller = sellerId === undefined ? undefined : (held.bySeller.get(sellerId) ?? new Set<string>());
      if (seller && seller.size >= limits.socketsPerSeller) return { ok: false, scope: 'seller', limit: limits.socketsPerSeller };
      if (held.all.size >= limits.socketsPerTenant) return { ok: false, scope: 'tenant', limit: limits.socketsPerTenant };
      holding.add(socketId);
      held.all.add(socketId);
      tenants.set(id, held);
      if (sellerId !== undefined && seller) {
        seller.add(socketId);
        held.bySeller.set(sellerId, seller);
      }
      let released = false;
      return {
        ok: true,
        slot: {
          async release() {
            if (released) return;
            released = true;
            release(id, sellerId, socketId);
          },
        },
      };
    },
    async close() {
      closed = true;
      tenants.clear();
      holding.clear();
    },
  };
}
