import type { AcceptGuard, StaleReason } from './event-log.js';

/**
 * The order guard of the event log, as a pure function: the memory log runs it as it is, and the
 * Redis log's accept script is its line-by-line translation (one contract suite holds both to it).
 */

/** What the log keeps of one object (a transaction, a cash-in, a wallet's balance, a seller) to judge its next event. */
export interface ObjectOrder {
  /** The lifecycle step the object is at (lifecycle rule). */
  step?: string;
  /** The position of the object's last taken event (position rule). */
  position?: number;
  /** The highest OMS sequence taken, and every sequence taken: a sequence seen again is a duplicate. */
  sequence?: number;
  sequences: ReadonlySet<number>;
}

export type Judgement = { outcome: 'append'; next: ObjectOrder } | { outcome: 'duplicate' } | { outcome: 'stale'; reason: StaleReason };

/** Whether the event `guard` describes may follow what was taken of its object (`last`), and if so what is kept after it. */
export function judge(last: ObjectOrder | undefined, guard: AcceptGuard): Judgement {
  const { sequence } = guard;
  if (sequence !== undefined && last?.sequences.has(sequence)) return { outcome: 'duplicate' };
  // Sequences are compared only with sequences: a status rank, a time or a step is another scale.
  const bySequence = sequence !== undefined && last?.sequence !== undefined;
  if (bySequence && sequence < last.sequence!) return { outcome: 'stale', reason: 'sequence' };
  if ('step' in guard) {
    // Status never moves backwards, so the lifecycle holds with sequences too; the same step again
    // is news only when a higher sequence says so.
    if (last?.step === guard.step) {
      if (!bySequence) return { outcome: 'duplicate' };
    } else if (last?.step !== undefined && !guard.after.includes(last.step)) {
      return { outcome: 'stale', reason: 'lifecycle' };
    }
  } else if (!bySequence && last?.position !== undefined && guard.position < last.position) {
    // A position only orders what no sequence does (a refreshed cash-in goes from expired back to pending, by sequence).
    return { outcome: 'stale', reason: 'position' };
  }
  const sequences = new Set(last?.sequences);
  if (sequence !== undefined) sequences.add(sequence);
  return {
    outcome: 'append',
    next: {
      ...last,
      ...('step' in guard ? { step: guard.step } : { position: guard.position }),
      sequence: sequence ?? last?.sequence,
      sequences,
    },
  };
}

/**
 * A lifecycle given as what may directly follow each step (a graph without cycles), turned into
 * each step's order rule: the steps it may follow are all those it can be reached from. Delivery is
 * unordered and some steps are never sent (a send has no processing event), so a step may follow any
 * earlier one, not only its direct predecessor.
 */
export function lifecycle<Step extends string>(next: Readonly<Record<Step, readonly Step[]>>): (step: Step) => { step: Step; after: readonly Step[] } {
  const steps = Object.keys(next) as Step[];
  const reaches = (from: Step, to: Step): boolean => next[from].some((n) => n === to || reaches(n, to));
  const rules = new Map(steps.map((step) => [step, { step, after: steps.filter((from) => reaches(from, step)) }]));
  return (step) => rules.get(step)!;
}
