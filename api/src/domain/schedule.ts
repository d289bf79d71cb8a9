/** What the scheduler knows of a tenant's recent runs, newest first. */
export interface RunOutcome {
  readonly startedAt: string;
  readonly status: 'running' | 'succeeded' | 'failed' | 'held' | 'partial';
  /** The run failed because Roster is not authorized in the tenant (consent revoked). */
  readonly unauthorized: boolean;
  /** Still marked running, or ended because its instance stopped. */
  readonly interrupted: boolean;
}

/** A tenant's sync health, as an admin sees it. */
export type SyncHealth =
  /** Syncing on schedule. */
  | 'healthy'
  /** The last runs failed; retrying, more slowly each time. */
  | 'retrying'
  /** Consent was revoked or runs keep failing: retried once a day until an admin acts. */
  | 'quarantined';

export interface ScheduleDecision {
  readonly health: SyncHealth;
  /** When the next scheduled run is due (ISO), or now if never synced. */
  readonly dueAt: string;
}

const minute = 60_000;
const day = 24 * 60 * minute;
/** Consecutive failures after which a tenant is quarantined. */
export const quarantineAfter = 5;

/**
 * A number in [0, 1) from a string, stable across instances: every instance computes the
 * same jitter for a tenant and run, so they agree on when it is due.
 */
export function stableFraction(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 2 ** 32;
}

/**
 * When a tenant is next due and how healthy its sync is. After a success: the interval,
 * jittered by ±1/3 so tenants spread out (3 hours → 2–4 hours). After failures: the interval
 * doubled per consecutive failure, capped at a day; a revoked consent or `quarantineAfter`
 * failures in a row quarantine the tenant (once a day), like Entra's provisioning quarantine.
 */
export function scheduleAfter(
  tenantId: string,
  runs: readonly RunOutcome[],
  intervalMinutes: number,
): ScheduleDecision {
  const last = runs[0];
  if (last === undefined) return { health: 'healthy', dueAt: new Date(0).toISOString() };
  if (last.interrupted) {
    // A run still marked running is either going on (its lease will turn a second sync
    // away at no cost) or was cut off with its instance: either way, try again now.
    const before = scheduleAfter(tenantId, runs.slice(1), intervalMinutes);
    return { health: before.health, dueAt: last.startedAt };
  }
  const failures = runs.findIndex((run) => run.status !== 'failed');
  const consecutive = failures === -1 ? runs.length : failures;
  const base = Date.parse(last.startedAt);
  const interval = intervalMinutes * minute;
  if (consecutive === 0) {
    const jitter = (stableFraction(`${tenantId}/${last.startedAt}`) * 2 - 1) / 3;
    return { health: 'healthy', dueAt: new Date(base + interval * (1 + jitter)).toISOString() };
  }
  if (last.unauthorized || consecutive >= quarantineAfter) {
    return { health: 'quarantined', dueAt: new Date(base + day).toISOString() };
  }
  const backoff = Math.min(day, interval * 2 ** (consecutive - 1));
  return { health: 'retrying', dueAt: new Date(base + backoff).toISOString() };
}
