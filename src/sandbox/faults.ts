/**
 * Faults injected on demand, for tests and benchmarks: added latency, failing routes (before the work,
 * or after it with the answer lost), and misbehaving webhook delivery.
 */

export interface RouteFault {
  /** Any method when absent. */
  method?: string;
  /** Path below the base path; `*` matches one segment, e.g. "/customers/*\/wallets". */
  path: string;
  status: 429 | 500 | 503 | 'timeout';
  /** before (default): refuse without doing anything. after: do the work, then lose the answer. */
  phase?: 'before' | 'after';
  /** Fail the next `times` matching calls, then stop. */
  times?: number;
  /** Without `times`: fail this fraction of matching calls. */
  rate?: number;
  /** Sent as Retry-After: on a 429 always (default 1), on other statuses only when set. */
  retryAfterSeconds?: number;
}

export interface WebhookFaults {
  /** Fraction of deliveries sent twice. */
  duplicateRate?: number;
  /** Extra delay before every delivery. */
  delayMs?: number;
  /** Hold deliveries for this long and send each batch in reverse order. */
  reorderWindowMs?: number;
}

interface ActiveFault extends RouteFault {
  pattern: RegExp;
  remaining: number;
}

export class Faults {
  latencyMs = 0;
  webhooks: WebhookFaults = {};
  private rules: ActiveFault[] = [];

  constructor(private readonly random: () => number) {}

  /** Adds a rule; the returned function removes it. */
  add(rule: RouteFault): () => void {
    const pattern = new RegExp(`^${rule.path.split('*').map(escapeRegExp).join('[^/]+')}$`);
    const active: ActiveFault = { ...rule, pattern, remaining: rule.times ?? Infinity };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((r) => r !== active);
    };
  }

  clear(): void {
    this.rules = [];
    this.latencyMs = 0;
    this.webhooks = {};
  }

  /** The fault to apply to this call, if any; counts it against the rule's `times`. */
  match(method: string, path: string): RouteFault | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (!rule.pattern.test(path) || rule.remaining <= 0) continue;
      if (rule.times === undefined && this.random() >= (rule.rate ?? 1)) continue;
      rule.remaining -= 1;
      return rule;
    }
    return undefined;
  }

  chance(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.random() < rate;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** A small seeded generator (mulberry32), so a run with faults can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
