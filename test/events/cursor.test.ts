import fc from 'fast-check';
import { it, expect } from 'vitest';
import { compareCursors } from '../../src/events/cursor.js';
it('compareCursors matches BigInt ordering', () => {
  const id = fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 0n, max: 10n ** 6n }));
  fc.assert(
    fc.property(id, id, ([am, as], [bm, bs]) => {
      const want = am === bm ? (as === bs ? 0 : as > bs ? 1 : -1) : am > bm ? 1 : -1;
      expect(Math.sign(compareCursors(`${am}-${as}`, `${bm}-${bs}`))).toBe(want);
    }),
    { numRuns: 20000 },
  );
});
