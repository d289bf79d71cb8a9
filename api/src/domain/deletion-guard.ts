import type { Removal } from './plan.js';

/** The most a run may remove without an admin's confirmation. */
export interface DeletionThreshold {
  /** Percent of the stored directory (0–100). */
  readonly percent: number;
  /** Absolute number of employees. */
  readonly absolute: number;
}

/** Removals a run may apply now, and removals it must hold until an admin confirms them. */
export interface GuardedRemovals {
  readonly apply: readonly Removal[];
  readonly held: readonly Removal[];
  /** Why the removals are held, for the run record and the card; null when none are. */
  readonly heldBecause: string | null;
}

/**
 * The deletion guard. With Clean Up off nothing is removed (and nothing is held: there is
 * nothing to confirm). Over the threshold (more than `percent` of the directory or more
 * than `absolute` employees) every removal of the run is held, not just the excess: a
 * mass deletion is one decision for an admin, not a race to the limit.
 */
export function guardRemovals(
  removals: readonly Removal[],
  storedCount: number,
  cleanUp: boolean,
  threshold: DeletionThreshold,
): GuardedRemovals {
  if (!cleanUp || removals.length === 0) return { apply: [], held: [], heldBecause: null };
  const percentLimit = (storedCount * threshold.percent) / 100;
  if (removals.length > threshold.absolute) {
    return {
      apply: [],
      held: removals,
      heldBecause: `${removals.length} removals exceed the limit of ${threshold.absolute} employees`,
    };
  }
  if (removals.length > percentLimit) {
    const share = storedCount === 0 ? 100 : Math.round((removals.length / storedCount) * 1000) / 10;
    return {
      apply: [],
      held: removals,
      heldBecause: `${removals.length} removals are ${share}% of the directory, over the limit of ${threshold.percent}%`,
    };
  }
  return { apply: removals, held: [], heldBecause: null };
}
