/** The sandbox's notion of now: real time plus a skew that tests move forward to expire quotes and tokens. */
export interface SandboxClock {
  now(): number;
  /** Moves the sandbox's time forward (never back), e.g. past a quote's expiry. */
  advance(ms: number): void;
  iso(): string;
}

export function createClock(): SandboxClock {
  let skew = 0;
  const now = () => Date.now() + skew;
  return {
    now,
    advance(ms) {
      if (ms < 0) throw new Error(`the sandbox clock only moves forward; got ${ms} ms`);
      skew += ms;
    },
    iso: () => new Date(now()).toISOString(),
  };
}
