import { randomUUID } from 'node:crypto';
import { AppError, syncInProgress } from '../app-error.js';
import type { Clock } from '../ports/clock.js';
import type { HeldResolution, RosterStore, SyncRun, TenantAdmin } from '../ports/store.js';

export interface ResolveDeps {
  readonly store: RosterStore;
  readonly clock: Clock;
}

/** Ids removed per write: one transaction (or a few Cosmos batches) each. */
const removalsPerWrite = 500;

/**
 * An admin's answer to a run's held removals (Clean Up over its threshold).
 *
 * Confirm removes the held employees now. Discard keeps them; a run that holds removals
 * leaves no delta link, so the next sync reads every user and holds them again if Entra ID
 * still lacks them: the admin fixes the filter or the directory, or confirms then.
 *
 * Only the tenant's latest run can be answered: any later run has decided afresh. Confirm
 * takes the tenant's sync lease, so no sync writes while it removes.
 */
export async function resolveHeldRemovals(
  deps: ResolveDeps,
  tenantId: string,
  runId: string,
  action: HeldResolution['action'],
  by: TenantAdmin,
): Promise<SyncRun> {
  const { store, clock } = deps;
  const run = await store.runs.get(tenantId, runId);
  if (run === undefined) throw new AppError('run_not_found', 404, `No run ${runId}.`);
  if (run.status !== 'held') {
    throw new AppError('no_held_removals', 409, `Run ${runId} held no removals.`);
  }
  if (run.resolution !== undefined) {
    throw new AppError(
      'held_removals_resolved',
      409,
      `${run.resolution.by.name} already ${run.resolution.action} these removals at ${run.resolution.at}.`,
      { details: { resolution: run.resolution } },
    );
  }
  const holder = `resolve-${randomUUID()}`;
  const lease = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  if (!(await store.leases.acquire(tenantId, holder, clock.now().toISOString(), lease(60_000)))) {
    throw syncInProgress(tenantId);
  }
  try {
    // Checked under the lease: no sync can start (or end) between the check and the writes.
    const [latest] = await store.runs.list(tenantId, { limit: 1 });
    if (latest !== undefined && latest.id !== run.id) {
      throw new AppError(
        'held_removals_superseded',
        409,
        `A later sync (run ${latest.id}) decided again; answer its held removals, if any.`,
        { details: { runId: latest.id } },
      );
    }
    let removed = 0;
    if (action === 'confirmed') {
      const held = await heldIds(store, tenantId, runId);
      for (let i = 0; i < held.length; i += removalsPerWrite) {
        const removals = held.slice(i, i + removalsPerWrite);
        removed += await store.employees.apply(tenantId, { upserts: [], removals });
        await store.leases.renew(tenantId, holder, lease(60_000));
      }
    }
    const resolved: SyncRun = {
      ...run,
      resolution: { action, by, at: clock.now().toISOString(), removed },
    };
    await store.runs.update(resolved);
    return resolved;
  } finally {
    await store.leases.release(tenantId, holder);
  }
}

/** The ids of a run's held removals, every page. */
async function heldIds(store: RosterStore, tenantId: string, runId: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await store.runs.changes(tenantId, runId, {
      kind: 'held',
      limit: 1000,
      ...(after === undefined ? {} : { after }),
    });
    ids.push(...page.items.map((change) => change.employeeId));
    after = page.next;
  } while (after !== undefined);
  return ids;
}
