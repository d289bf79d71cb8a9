import { describe, expect, it } from 'vitest';
import { guardRemovals } from './deletion-guard.js';
import type { Removal } from './plan.js';

const removals = (n: number): Removal[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `u${i}`,
    reason: { code: 'not-in-entra', text: 'no longer returned by Entra ID' },
  }));
const threshold = { percent: 10, absolute: 500 };

describe('guardRemovals', () => {
  it.each([
    // removals, stored, cleanUp, applied, held
    [0, 1000, true, 0, 0],
    [100, 1000, true, 100, 0], // exactly 10%: allowed
    [101, 1000, true, 0, 101], // over 10%: all held
    [500, 10_000, true, 500, 0], // exactly the absolute limit
    [501, 10_000, true, 0, 501], // over the absolute limit, under 10%
    [50, 1000, false, 0, 0], // Clean Up off: nothing removed, nothing to confirm
    [3, 3, true, 0, 3], // a whole small directory vanishing
  ])(
    '%i removals of %i stored, Clean Up %s → %i applied, %i held',
    (n, stored, cleanUp, applied, held) => {
      const result = guardRemovals(removals(n), stored, cleanUp, threshold);
      expect(result.apply).toHaveLength(applied);
      expect(result.held).toHaveLength(held);
      expect(result.heldBecause === null).toBe(held === 0);
    },
  );

  it('says why removals are held', () => {
    expect(guardRemovals(removals(101), 1000, true, threshold).heldBecause).toBe(
      '101 removals are 10.1% of the directory, over the limit of 10%',
    );
    expect(guardRemovals(removals(501), 10_000, true, threshold).heldBecause).toBe(
      '501 removals exceed the limit of 500 employees',
    );
  });
});
