import type { Employee, FieldDiff, SkipReason } from './employee.js';

/** A full round enumerates every user; a delta round only what changed since the last one. */
export type RoundKind = 'full' | 'delta';

/** One user as a round delivers it, already mapped and filtered. */
export type Incoming =
  | { kind: 'employee'; employee: Employee }
  | { kind: 'skipped'; id: string; reason: SkipReason }
  /** Graph's `@removed` in a delta round: `changed` is a soft delete, `deleted` a permanent one. */
  | { kind: 'removed'; id: string; reason: 'changed' | 'deleted' };

/** A stored employee Roster would remove, and why. */
export interface Removal {
  readonly id: string;
  readonly reason: SkipReason;
}

/** What to do with one incoming user now; removals wait for the end of the round. */
export type Decision =
  | { kind: 'add'; employee: Employee }
  | { kind: 'update'; employee: Employee }
  | { kind: 'unchanged'; id: string }
  | { kind: 'skip'; id: string; reason: SkipReason }
  /** Stored, and the round says it should go: decided by `finish()`, not now. */
  | { kind: 'pending-removal'; removal: Removal }
  /** An `@removed` for someone Roster never stored. */
  | { kind: 'ignore'; id: string };

export const removalReasons = {
  deleted: { code: 'deleted-in-entra', text: 'deleted in Entra ID' },
  notReturned: { code: 'not-in-entra', text: 'no longer returned by Entra ID' },
} as const satisfies Record<string, SkipReason>;

/**
 * Plans one round page by page, so memory holds the stored hashes and the ids seen, never
 * the users themselves. Adds and updates may be applied as they are decided; removals are
 * only known once the round is complete (`finish()`), because a removal must never be
 * decided from a partial enumeration.
 *
 * Replays (Graph may repeat a user within a round) are idempotent: the last state wins.
 */
export class RoundPlanner {
  private readonly hashes: Map<string, string>;
  private readonly seen = new Set<string>();
  private readonly removals = new Map<string, Removal>();

  /**
   * `stored` maps stored employees' ids to their content hashes, and becomes the planner's
   * (it is updated as the round goes; no copy of a 100k-entry map). A full round needs every
   * stored employee; a delta round may start empty and learn each page's with `know()`.
   */
  constructor(
    stored: Map<string, string>,
    private readonly round: RoundKind,
  ) {
    this.hashes = stored;
  }

  /** Stored hashes of ids about to be accepted; ids the round already decided are kept. */
  know(stored: ReadonlyMap<string, string>): void {
    for (const [id, hash] of stored) if (!this.seen.has(id)) this.hashes.set(id, hash);
  }

  accept(item: Incoming): Decision {
    const id = item.kind === 'employee' ? item.employee.id : item.id;
    this.seen.add(id);
    const storedHash = this.hashes.get(id);
    switch (item.kind) {
      case 'employee': {
        this.removals.delete(id);
        if (storedHash === item.employee.hash) return { kind: 'unchanged', id };
        this.hashes.set(id, item.employee.hash);
        return storedHash === undefined
          ? { kind: 'add', employee: item.employee }
          : { kind: 'update', employee: item.employee };
      }
      case 'skipped': {
        if (storedHash === undefined) return { kind: 'skip', id, reason: item.reason };
        const removal = { id, reason: item.reason };
        this.removals.set(id, removal);
        return { kind: 'pending-removal', removal };
      }
      case 'removed': {
        if (storedHash === undefined) return { kind: 'ignore', id };
        const removal = { id, reason: removalReasons.deleted };
        this.removals.set(id, removal);
        return { kind: 'pending-removal', removal };
      }
    }
  }

  /**
   * Call once the round has been read to its end. A full round also removes every stored
   * employee it did not see; a delta round only what it was told about.
   */
  finish(): Removal[] {
    const removals = [...this.removals.values()];
    if (this.round === 'full') {
      for (const id of this.hashes.keys()) {
        if (!this.seen.has(id)) removals.push({ id, reason: removalReasons.notReturned });
      }
    }
    return removals;
  }
}

/** The fields that differ between what is stored and what the round brought, in field order. */
export function fieldDiffs(
  before: Pick<Employee, 'fields' | 'email' | 'aliases'>,
  after: Pick<Employee, 'fields' | 'email' | 'aliases'>,
): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  const keys = [...Object.keys(after.fields)];
  for (const key of Object.keys(before.fields)) if (!(key in after.fields)) keys.push(key);
  for (const field of keys) {
    const was = before.fields[field] ?? null;
    const now = after.fields[field] ?? null;
    if (was !== now) diffs.push({ field, before: was, after: now });
  }
  if (before.email !== after.email && !keys.includes('email')) {
    diffs.push({ field: 'email', before: before.email, after: after.email });
  }
  const aliasesBefore = before.aliases.join(', ');
  const aliasesAfter = after.aliases.join(', ');
  if (aliasesBefore !== aliasesAfter) {
    diffs.push({
      field: 'aliases',
      before: aliasesBefore === '' ? null : aliasesBefore,
      after: aliasesAfter === '' ? null : aliasesAfter,
    });
  }
  return diffs;
}
