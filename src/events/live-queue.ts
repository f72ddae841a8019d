import { compareCursors } from './cursor.js';

/**
 * A replay followed by live events as one async iterable: live events that arrive while the replay
 * is read are held back, and anything at or before the last replayed cursor is dropped, so the seam
 * has no gap and no repeat. Ends when `signal` aborts.
 */
export function liveQueue<T extends { cursor: string }>(signal: AbortSignal) {
  const pending: T[] = [];
  let wake: (() => void) | undefined;
  signal.addEventListener('abort', () => wake?.(), { once: true });
  return {
    push: (event: T) => {
      pending.push(event);
      wake?.();
    },
    async *iterate(replay: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
      let last: string | undefined;
      for await (const event of replay) {
        if (signal.aborted) return;
        last = event.cursor;
        yield event;
      }
      while (!signal.aborted) {
        const event = pending.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
          continue;
        }
        if (last !== undefined && compareCursors(event.cursor, last) <= 0) continue;
        last = event.cursor;
        yield event;
      }
    },
  };
}
