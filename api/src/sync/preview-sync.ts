import { guardRemovals } from '../domain/deletion-guard.js';
import { RoundPlanner, type Removal } from '../domain/plan.js';
import type { SkipReason } from '../domain/employee.js';
import { notLinked } from '../app-error.js';
import type { DirectoryConnector } from '../ports/directory-source.js';
import type { RosterStore } from '../ports/store.js';
import { mappedRound } from './mapped-rounds.js';
import type { TenantSettings } from '../domain/settings.js';
import { loadSettings } from './tenant-settings.js';
import { compareStrings } from '../domain/compare-strings.js';

export interface PreviewDeps {
  readonly store: RosterStore;
  readonly directory: DirectoryConnector;
}

/** A sample of users per outcome, so a preview of 100k users stays readable. */
export interface PreviewResult {
  readonly add: string[];
  readonly update: string[];
  readonly unchanged: number;
  readonly skip: { id: string; name: string | null; reason: SkipReason }[];
  readonly remove: Removal[];
  readonly hold: Removal[];
  readonly heldBecause: string | null;
  readonly counts: { add: number; update: number; skip: number; remove: number; hold: number };
  /**
   * Every reason users are left out, with how many: exact, where `skip` is a sample. Each
   * rule counts apart (`rule` is its id).
   */
  readonly skipReasons: SkipReasonCount[];
}

export interface SkipReasonCount {
  readonly code: string;
  readonly rule?: string | undefined;
  /** One user's reason as an admin reads it. */
  readonly text: string;
  readonly count: number;
}

export interface PreviewOptions {
  /** Settings an admin has not saved yet; the tenant's saved settings otherwise. */
  readonly settings?: TenantSettings;
  readonly sampleSize?: number;
}

/**
 * A dry run: reads a full round and plans it against the stored directory, writing nothing
 * (not even the delta link), so the next real sync is unaffected. With draft settings it
 * answers "what would these settings do" before they are saved.
 */
export async function previewSync(
  deps: PreviewDeps,
  tenantId: string,
  options: PreviewOptions = {},
): Promise<PreviewResult> {
  const sampleSize = options.sampleSize ?? 50;
  const tenant = await deps.store.tenants.get(tenantId);
  if (tenant === undefined) throw notLinked(tenantId);
  const settings = options.settings ?? loadSettings(tenant.settings);
  const reasons = new Map<string, { reason: SkipReason; count: number }>();
  const stored = await deps.store.employees.hashes(tenantId);
  const storedCount = stored.size; // the planner takes the map over and adds to it
  const planner = new RoundPlanner(stored, 'full');
  const result = {
    add: [] as string[],
    update: [] as string[],
    unchanged: 0,
    skip: [] as PreviewResult['skip'],
    counts: { add: 0, update: 0, skip: 0, remove: 0, hold: 0 },
  };
  const source = deps.directory.connect(tenantId);
  for await (const page of mappedRound(source, settings, undefined)) {
    for (const { user, incoming } of page.items) {
      const decision = planner.accept(incoming);
      const name = typeof user?.['displayName'] === 'string' ? user['displayName'] : null;
      const label =
        name === null
          ? incoming.kind === 'employee'
            ? incoming.employee.id
            : incoming.id
          : `${name} (${user?.id ?? ''})`;
      if (decision.kind === 'add') {
        result.counts.add += 1;
        if (result.add.length < sampleSize) result.add.push(label);
      } else if (decision.kind === 'update') {
        result.counts.update += 1;
        if (result.update.length < sampleSize) result.update.push(label);
      } else if (decision.kind === 'unchanged') {
        result.unchanged += 1;
      }
      if (incoming.kind === 'skipped') {
        result.counts.skip += 1;
        const { reason } = incoming;
        const rule = ruleOf(reason);
        const key = rule === undefined ? reason.code : `${reason.code}:${rule}`;
        const seen = reasons.get(key);
        if (seen === undefined) reasons.set(key, { reason, count: 1 });
        else seen.count += 1;
        if (result.skip.length < sampleSize) {
          result.skip.push({ id: incoming.id, name, reason: incoming.reason });
        }
      }
    }
  }
  const guarded = guardRemovals(
    planner.finish(),
    storedCount,
    settings.cleanUp,
    settings.deletionThreshold,
  );
  return {
    ...result,
    remove: guarded.apply.slice(0, sampleSize),
    hold: guarded.held.slice(0, sampleSize),
    heldBecause: guarded.heldBecause,
    counts: { ...result.counts, remove: guarded.apply.length, hold: guarded.held.length },
    skipReasons: [...reasons.values()]
      .map(({ reason, count }): SkipReasonCount => {
        const rule = ruleOf(reason);
        return {
          code: reason.code,
          ...(rule === undefined ? {} : { rule }),
          text: reason.text,
          count,
        };
      })
      .sort((x, y) => y.count - x.count || compareStrings(x.code, y.code)),
  };
}

/** The id of the rule that left a user out, when a rule did (filters' reasons carry it). */
function ruleOf(reason: SkipReason): string | undefined {
  const rule: unknown = (reason as { rule?: unknown }).rule;
  return typeof rule === 'string' ? rule : undefined;
}
