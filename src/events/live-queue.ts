import { compareCursors } from './cursor.js';
import type { HandOver } from './event-log.js';

/** How a queue hands its subscription over (see HandOver): `handOver` asked, `start` the position before anything was yielded. */
export interface Handing {
  handOver: HandOver;
  /** Where the subscription started (undefined while unknown); its position until it yields an event. */
  start(): string | undefined;
}

/**
 * A replay followed by live events as one async iterable: live events that arrive while the replay
 * is read are held back, and anything at or before the last replayed cursor is dropped, so the seam
 * has no gap and no repeat. Ends when `signal` aborts, or when `handing` takes it over while idle.
 */
export function liveQueue<T extends { cursor: string }>(signal: AbortSignal) {
  const pending: T[] = [];
  let wake: (() => void) | undefined;
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    push: (event: T) => {
      pending.push(event);
      wake?.();
    },
    async *iterate(replay: Iterable<T> | AsyncIterable<T>, handing?: Handing): AsyncGenerator<T> {
      let last: string | undefined;
      try {
        for await (const event of replay) {
          if (signal.aborted) return;
          last = event.cursor;
          yield event;
        }
        while (!signal.aborted) {
          const event = pending.shift();
          if (!event) {
            // Idle: everything that arrived has been yielded, so the position is exact.
            const position = last ?? handing?.start();
            if (handing && position !== undefined && handing.handOver(position)) return;
            await new Promise<void>((resolve) => (wake = resolve));
            wake = undefined;
            continue;
          }
          if (last !== undefined && compareCursors(event.cursor, last) <= 0) continue;
          last = event.cursor;
          yield event;
        }
      } finally {
        // A signal made by AbortSignal.any is kept alive by Node while it has abort listeners: one left
        // behind would keep this queue, and what its subscription holds, as long as the signal's sources live.
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
