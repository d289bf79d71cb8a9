import { scheduleAfter, type ScheduleDecision } from '../domain/schedule.js';
import type { SyncDeps } from './run-directory-sync.js';

/** When a tenant is due, from its recent runs and its settings' interval. */
export async function tenantSchedule(
  deps: Pick<SyncDeps, 'store'>,
  tenantId: string,
  intervalMinutes: number,
): Promise<ScheduleDecision> {
  const runs = await deps.store.runs.list(tenantId, { limit: 8 });
  return scheduleAfter(
    tenantId,
    runs.map((run) => ({
      startedAt: run.startedAt,
      status: run.status,
      unauthorized: run.failure === 'not-authorized',
      interrupted: run.status === 'running' || run.failure === 'interrupted',
    })),
    intervalMinutes,
  );
}
