import { describe, expect, it } from 'vitest';
import { keepAliveRounds } from '../../src/graphql/ws-sockets.js';

/**
 * The keep-alive's rounds: each socket is pinged once per period, and one that has not answered by its
 * next ping is terminated, so the time between two visits of a socket is the time its pong has. Driven
 * tick by tick (no timers): the ticks at which each item is visited.
 */

const TICKS = 120;

function visits<T>(items: Set<T>, ticks: number, periods: number, during?: (tick: number) => void): Map<T, number[]> {
  const due = keepAliveRounds(items, ticks);
  const seen = new Map<T, number[]>();
  for (let tick = 0; tick < ticks * periods; tick += 1) {
    during?.(tick);
    for (const item of due()) seen.set(item, [...(seen.get(item) ?? []), tick]);
  }
  return seen;
}

describe('keepAliveRounds', () => {
  it('visits a lone socket once per period, not at every tick (a pong has the whole period)', () => {
    expect(visits(new Set(['a']), TICKS, 3)).toEqual(new Map([['a', [0, 120, 240]]]));
  });

  it('visits each of a few sockets once per period', () => {
    const seen = visits(new Set(['a', 'b', 'c']), TICKS, 2);
    expect(seen).toEqual(
      new Map([
        ['a', [0, 120]],
        ['b', [1, 121]],
        ['c', [2, 122]],
      ]),
    );
  });

  it('spreads many sockets over the period, each visited once a period, a period apart', () => {
    for (const size of [120, 121, 250, 1000]) {
      const items = new Set(Array.from({ length: size }, (_, i) => i));
      const seen = visits(items, TICKS, 3);
      expect(seen.size, `${size}`).toBe(size);
      for (const [item, ticks] of seen) {
        expect(ticks, `${size}: ${item}`).toHaveLength(3);
        expect(ticks[1]! - ticks[0]!, `${size}: ${item}`).toBe(TICKS);
        expect(ticks[2]! - ticks[1]!, `${size}: ${item}`).toBe(TICKS);
      }
      const perTick = new Map<number, number>();
      for (const ticks of seen.values()) for (const t of ticks) perTick.set(t, (perTick.get(t) ?? 0) + 1);
      expect(Math.max(...perTick.values()), `${size}`).toBe(Math.ceil(size / TICKS));
    }
  });

  it('takes sockets that join during a round in it or the next, and never visits one that left', () => {
    const items = new Set(['a', 'b']);
    const seen = visits(items, TICKS, 2, (tick) => {
      if (tick === 1) items.delete('b');
      if (tick === 60) items.add('c');
    });
    expect(seen).toEqual(
      new Map([
        ['a', [0, 120]],
        ['c', [121]],
      ]),
    );
  });
});
