/**
 * What the fan-out did, for tests and operators: subscriptions running alone or shared, groups open,
 * and executions of each kind since start. Nothing here is served over HTTP.
 */
export interface FanoutStats {
  /** Groups open now, and the subscriptions in them. */
  groups: number;
  shared: number;
  /** Subscriptions running on a stream of their own now (replaying, catching up, or without a group to join). */
  alone: number;
  /** Executions of an event for a whole group, and for one subscription alone, since start. */
  sharedExecutions: number;
  aloneExecutions: number;
}

export interface FanoutCounters {
  stats(): FanoutStats;
  /** Resolves with the stats once `holds` is true of them; rejects after `withinMs`, naming them. */
  until(holds: (stats: FanoutStats) => boolean, withinMs?: number): Promise<FanoutStats>;
  /** Adds to the counters (the fan-out's side). */
  count(change: Partial<FanoutStats>): void;
}

export function createFanoutCounters(): FanoutCounters {
  const stats: FanoutStats = { groups: 0, shared: 0, alone: 0, sharedExecutions: 0, aloneExecutions: 0 };
  const waiters = new Set<() => void>();
  return {
    stats: () => ({ ...stats }),
    count(change) {
      for (const [name, by] of Object.entries(change) as [keyof FanoutStats, number][]) stats[name] += by;
      for (const check of [...waiters]) check();
    },
    until(holds, withinMs = 5_000) {
      return new Promise((resolve, reject) => {
        const done = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve({ ...stats });
        };
        const check = () => holds(stats) && done();
        const timer = setTimeout(() => done(new Error(`the fan-out's stats did not get there within ${withinMs} ms: ${JSON.stringify(stats)}`)), withinMs);
        waiters.add(check);
        check();
      });
    },
  };
}
