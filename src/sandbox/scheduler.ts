/**
 * Deferred work (lifecycle steps, webhook deliveries) that tests can wait for: `idle()` resolves once
 * nothing is scheduled or running, so tests wait on an explicit promise instead of sleeping.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private waiters: (() => void)[] = [];
  private closed = false;

  /** Runs `task` after `ms`; an error it throws goes to `onError`, never to an unhandled rejection. */
  after(ms: number, task: () => unknown, onError: (error: unknown) => void = () => {}): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(Promise.resolve().then(task).catch(onError));
    }, ms);
    this.timers.add(timer);
  }

  /** Counts a promise as pending work until it settles. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.running.add(promise);
    const done = () => {
      this.running.delete(promise);
      this.wake();
    };
    promise.then(done, done);
    return promise;
  }

  get pending(): number {
    return this.timers.size + this.running.size;
  }

  /** Resolves when no timer is waiting and no task is running. */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.wake();
  }

  private wake(): void {
    // Let a settled task schedule its follow-up before deciding that all is quiet.
    setImmediate(() => {
      if (this.pending !== 0 && !this.closed) return;
      const waiters = this.waiters;
      this.waiters = [];
      for (const resolve of waiters) resolve();
    });
  }
}
