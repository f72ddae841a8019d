import type { LoggedEvent } from './event-log.js';

export type Listener = (event: LoggedEvent) => void;

/**
 * Whether an event may concern a subscription limited to `sellerIds` (undefined: the whole tenant).
 * Subscriptions promise that their own filter refuses every event naming none of them.
 */
export function concerns(event: LoggedEvent, sellerIds: readonly string[] | undefined): boolean {
  return sellerIds === undefined || event.sellerIds.some((id) => sellerIds.includes(id));
}

/**
 * One tenant's listeners, indexed by the sellers they are limited to, so an event is handed only to
 * the listeners of its sellers and to the whole-tenant ones: with 20,000 subscriptions of a tenant,
 * calling every listener for every event was a quarter of the busy time (issue 10). Each listener
 * gets an event at most once, also when it is limited to several of the event's sellers.
 */
export function createListenerIndex() {
  const wholeTenant = new Set<Listener>();
  const bySeller = new Map<string, Set<Listener>>();
  let size = 0;

  return {
    get size() {
      return size;
    },
    /** Adds `listener` for the events of `sellerIds` (every event when undefined); answers its removal. */
    add(listener: Listener, sellerIds?: readonly string[]): () => void {
      const ids = sellerIds === undefined ? undefined : [...new Set(sellerIds)];
      if (ids === undefined) wholeTenant.add(listener);
      for (const id of ids ?? []) {
        const listeners = bySeller.get(id) ?? new Set();
        bySeller.set(id, listeners.add(listener));
      }
      size += 1;
      let listening = true;
      return () => {
        if (!listening) return;
        listening = false;
        size -= 1;
        if (ids === undefined) wholeTenant.delete(listener);
        for (const id of ids ?? []) {
          const listeners = bySeller.get(id);
          listeners?.delete(listener);
          if (listeners?.size === 0) bySeller.delete(id);
        }
      };
    },
    dispatch(event: LoggedEvent): void {
      for (const listener of wholeTenant) listener(event);
      const [only, ...more] = event.sellerIds;
      if (only === undefined) return;
      if (more.length === 0) {
        for (const listener of bySeller.get(only) ?? []) listener(event);
        return;
      }
      // A send names its sender and recipient: a listener limited to both still gets it once.
      const reached = new Set<Listener>();
      for (const id of event.sellerIds) {
        for (const listener of bySeller.get(id) ?? []) {
          if (reached.has(listener)) continue;
          reached.add(listener);
          listener(event);
        }
      }
    },
  };
}

export type ListenerIndex = ReturnType<typeof createListenerIndex>;
