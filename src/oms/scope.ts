import { setMaxListeners } from 'node:events';
import type { Call, Transport } from './transport.js';

/** The signal and deadline shared by every OMS call of one GraphQL operation. */
export interface OmsScope {
  /** The operation's cancellation: its client went away, so no call of it should go on. */
  signal?: AbortSignal;
  /** Absolute time on the client's clock (OmsClientOptions.now) by which every call must be answered. */
  deadlineAt?: number;
  /**
   * The customers whose cached OMS objects this operation may be answered from (its caller's own);
   * any other read goes to OMS, so that someone else's object costs what a missing one costs. All when
   * not given. Only a caching transport (src/cache) reads it.
   */
  readable?: (customerId: string) => boolean;
  /** Where a caching transport notes what this operation read through it (src/cache/record.ts). */
  record?: { readonly generations: Map<string, string>; tainted: boolean; oldest?: number | undefined };
}

/**
 * `transport` with the scope's signal and deadline on every call that gives none of its own. A call's
 * own value replaces the scope's rather than combining with it, so one call can be given more time
 * on purpose. Only a thin wrapper: token, stats and the HTTP stack stay those of `transport`.
 */
export function scopedTransport(transport: Transport, scope: OmsScope): Transport {
  // Every call in flight listens on the operation's signal: a page of 20 sellers is 20 at once, up to
  // OMS_MAX_CONCURRENCY (at most 256). More than Node's default of 10 is the design, not a leak.
  if (scope.signal) setMaxListeners(1_000, scope.signal);
  // A decorator keeping per-operation state (the read cache) gives this operation its own view.
  const base = transport.scoped?.(scope) ?? transport;
  const withScope = (call: Call): Call => ({
    ...call,
    options: { ...call.options, signal: call.options?.signal ?? scope.signal, deadlineAt: call.options?.deadlineAt ?? scope.deadlineAt },
  });
  return {
    request: (call, schema) => base.request(withScope(call), schema),
    requestNoContent: (call) => base.requestNoContent(withScope(call)),
    stats: transport.stats,
    resetStats: transport.resetStats,
  };
}
