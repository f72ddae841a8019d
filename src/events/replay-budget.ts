/** Hands back the turn `take` gave; calling it again does nothing. */
export type Release = () => void;

/**
 * How many replay reads one gateway instance has in flight: at most `total` at once, and at most
 * `perTenant` for one tenant, so one tenant's flood of resumes always leaves turns for the others.
 * Reads beyond that wait their turn (they are queued, never refused); waiting tenants take turns
 * round robin, and one tenant's reads keep their order.
 */
export interface ReplayBudget {
  /** Resolves with the turn once it is this read's; with undefined if `signal` aborts first (the read leaves the queue). */
  take(tenantId: string, signal: AbortSignal): Promise<Release | undefined>;
  /** Reads in flight and waiting, per instance (observability and tests). */
  usage(): { running: number; waiting: number };
}

export interface ReplayBudgetOptions {
  total: number;
  perTenant: number;
}

interface Waiter {
  grant(release: Release): void;
}

export function createReplayBudget({ total, perTenant }: ReplayBudgetOptions): ReplayBudget {
  if (!(total >= 1 && perTenant >= 1)) throw new Error(`a replay budget needs total and perTenant of at least 1, got ${total} and ${perTenant}`);
  let running = 0;
  const runningOf = new Map<string, number>();
  // Insertion order is the round robin: a tenant that got a turn goes to the back.
  const queues = new Map<string, Waiter[]>();

  function start(tenantId: string): Release {
    running += 1;
    runningOf.set(tenantId, (runningOf.get(tenantId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running -= 1;
      const left = runningOf.get(tenantId)! - 1;
      if (left === 0) runningOf.delete(tenantId);
      else runningOf.set(tenantId, left);
      pump();
    };
  }

  function pump(): void {
    for (const [tenantId, queue] of queues) {
      if (running >= total) return;
      if ((runningOf.get(tenantId) ?? 0) >= perTenant) continue;
      const waiter = queue.shift()!;
      queues.delete(tenantId);
      if (queue.length > 0) queues.set(tenantId, queue);
      waiter.grant(start(tenantId));
    }
  }

  return {
    take(tenantId, signal) {
      if (signal.aborted) return Promise.resolve(undefined);
      if (!queues.has(tenantId) && running < total && (runningOf.get(tenantId) ?? 0) < perTenant) return Promise.resolve(start(tenantId));
      return new Promise((resolve) => {
        const waiter: Waiter = {
          grant(release) {
            signal.removeEventListener('abort', leave);
            resolve(release);
          },
        };
        const leave = () => {
          const queue = queues.get(tenantId);
          const at = queue?.indexOf(waiter) ?? -1;
          if (at < 0) return;
          queue!.splice(at, 1);
          if (queue!.length === 0) queues.delete(tenantId);
          resolve(undefined);
        };
        signal.addEventListener('abort', leave, { once: true });
        const queue = queues.get(tenantId);
        if (queue) queue.push(waiter);
        else queues.set(tenantId, [waiter]);
      });
    },
    usage() {
      let waiting = 0;
      for (const queue of queues.values()) waiting += queue.length;
      return { running, waiting };
    },
  };
}
