import { Counter, type Registry } from 'prom-client';
import type { Admitted, Door } from '../door/door.js';
import type { RequestBudgets, SocketSlots } from '../tenancy/limits/limits.js';

export interface LimitMetrics {
  /** The limits, counting their refusals (which budget, which cap, whose tenant). */
  limits<T extends { budgets: RequestBudgets; sockets: SocketSlots }>(limits: T): T;
  /** The door, counting its refusals by transport and code. */
  door(door: Door): Door;
}

/**
 * Refusals, counted where they are decided without changing who decides: the limits (src/tenancy/limits)
 * and the door (src/door) are wrapped, not edited. A budget refusal says whose budget (tenant or
 * seller); a socket-cap refusal whose cap; the door's refusals carry its error code (RATE_LIMITED for
 * those two and for the cap on operations per socket, UNAUTHENTICATED, FORBIDDEN, BAD_REQUEST, ...).
 */
export function limitMetrics(registry: Registry): LimitMetrics {
  const rateLimited = new Counter({
    name: 'gateway_rate_limit_refusals_total',
    help: "Operations refused because a budget was spent, by tenant and whose budget (tenant, or the seller's share)",
    labelNames: ['tenant', 'scope'] as const,
    registers: [registry],
  });
  const capped = new Counter({
    name: 'gateway_socket_cap_refusals_total',
    help: 'WebSocket connections refused by the open-socket caps, by tenant and whose cap (tenant or seller)',
    labelNames: ['tenant', 'scope'] as const,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'gateway_door_refusals_total',
    help: 'Operations and connections the door refused, by transport (http, ws_connect, ws_operation) and error code',
    labelNames: ['transport', 'code'] as const,
    registers: [registry],
  });

  const counted =
    <T>(transport: string) =>
    (admitted: Admitted<T>): Admitted<T> => {
      if (!admitted.ok) refusals.inc({ transport, code: admitted.error.code });
      return admitted;
    };

  return {
    limits(limits) {
      const { budgets, sockets } = limits;
      return {
        ...limits,
        budgets: {
          async charge(caller) {
            const charged = await budgets.charge(caller);
            if (!charged.ok) rateLimited.inc({ tenant: caller.tenant.id, scope: charged.scope });
            return charged;
          },
          close: () => budgets.close(),
        },
        sockets: {
          async claim(caller, socketId) {
            const claim = await sockets.claim(caller, socketId);
            if (!claim.ok) capped.inc({ tenant: caller.tenant.id, scope: claim.scope });
            return claim;
          },
          close: () => sockets.close(),
        },
      };
    },
    door(door) {
      return {
        ...door,
        http: (request) => door.http(request).then(counted('http')),
        connect: (credentials) => door.connect(credentials).then(counted('ws_connect')),
        operation: (request) => door.operation(request).then(counted('ws_operation')),
      };
    },
  };
}
