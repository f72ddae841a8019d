import { describe, expect, it } from 'vitest';
import { createReplayBudget, type Release } from '../../src/events/replay-budget.js';

/** The replay budget alone: turns counted as they are given and handed back, no Redis, no timers. */

/** Takes a turn for each tenant in `tenants`, in order; `granted` lists "<tenant><n>" as turns are given. */
function queueUp(budget: ReturnType<typeof createReplayBudget>, tenants: string[], signal = new AbortController().signal) {
  const granted: string[] = [];
  const releases = new Map<string, Release>();
  const seen = new Map<string, number>();
  const turns = tenants.map((tenant) => {
    const n = (seen.get(tenant) ?? 0) + 1;
    seen.set(tenant, n);
    return budget.take(tenant, signal).then((release) => {
      if (!release) return undefined;
      granted.push(`${tenant}${n}`);
      releases.set(`${tenant}${n}`, release);
      return release;
    });
  });
  return { granted, releases, turns };
}

const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('the replay budget', () => {
  it('gives at most `total` turns at once and at most `perTenant` to one tenant, queues the rest, and gives every queued one its turn', async () => {
    const budget = createReplayBudget({ total: 3, perTenant: 2 });
    const { granted, releases, turns } = queueUp(budget, ['a', 'a', 'a', 'a', 'a', 'b', 'b', 'b']);
    await settled();
    expect(granted).toEqual(['a1', 'a2', 'b1']);
    expect(budget.usage()).toEqual({ running: 3, waiting: 5 });
    // Round robin among waiting tenants: a turn handed back goes to whoever is next in the rotation and under its cap.
    releases.get('a1')!();
    await settled();
    expect(granted).toEqual(['a1', 'a2', 'b1', 'a3']);
    releases.get('b1')!();
    await settled();
    expect(granted.at(-1)).toBe('b2');
    // Handing back every turn given so far, round after round, until each queued read has had one.
    for (let round = 0; granted.length < 8 && round < 8; round += 1) {
      for (const release of releases.values()) release();
      await settled();
      expect(budget.usage().running).toBeLessThanOrEqual(3);
    }
    expect(granted.filter((g) => g.startsWith('a'))).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
    expect(granted.filter((g) => g.startsWith('b'))).toEqual(['b1', 'b2', 'b3']);
    for (const release of releases.values()) release();
    expect((await Promise.all(turns)).every((release) => release !== undefined)).toBe(true);
    expect(budget.usage()).toEqual({ running: 0, waiting: 0 });
  });

  it('keeps turns for a second tenant while one tenant has a thousand queued: its first read starts at once', async () => {
    const budget = createReplayBudget({ total: 8, perTenant: 4 });
    const flood = queueUp(
      budget,
      Array.from({ length: 1_000 }, () => 'a'),
    );
    await settled();
    expect(budget.usage()).toEqual({ running: 4, waiting: 996 });
    const other = queueUp(budget, ['b', 'b', 'b', 'b', 'b']);
    await settled();
    expect(other.granted).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(flood.granted).toHaveLength(4);
  });

  it('drops a queued read whose subscriber left, without giving it a turn, and ignores a turn handed back twice', async () => {
    const budget = createReplayBudget({ total: 1, perTenant: 1 });
    const first = await budget.take('a', new AbortController().signal);
    const leaving = new AbortController();
    const left = budget.take('a', leaving.signal);
    const staying = budget.take('a', new AbortController().signal);
    expect(budget.usage()).toEqual({ running: 1, waiting: 2 });
    leaving.abort();
    expect(await left).toBeUndefined();
    expect(budget.usage()).toEqual({ running: 1, waiting: 1 });
    first!();
    first!();
    const second = await staying;
    expect(second).toBeTypeOf('function');
    expect(budget.usage()).toEqual({ running: 1, waiting: 0 });
    second!();
    expect(budget.usage()).toEqual({ running: 0, waiting: 0 });
    const aborted = new AbortController();
    aborted.abort();
    expect(await budget.take('a', aborted.signal)).toBeUndefined();
  });
});
