import type { NotificationSetting } from '../../domain/settings.js';
import type { SyncRun } from '../../ports/store.js';

/** Whether a run changed the directory or left removals for an admin to answer. */
export function runChanged(run: SyncRun): boolean {
  const { added, updated, removed, held } = run.counts;
  return added + updated + removed + held > 0;
}

/** Whether a run failed: whole (`failed`) or part way, after writing some of its changes. */
export function runFailed(run: SyncRun): boolean {
  return run.status === 'failed' || run.status === 'partial';
}

/**
 * Whether the bot posts a run's card to the tenant's admins, by the tenant's notification
 * setting. A run still going is never posted: its card comes when it ends. Held removals
 * always are: nothing else tells an admin that employees wait for their decision.
 */
export function shouldNotify(setting: NotificationSetting, run: SyncRun): boolean {
  if (run.status === 'running') return false;
  switch (setting) {
    case 'always':
      return true;
    case 'changesOrFailures':
      return runChanged(run) || runFailed(run);
    case 'failuresOnly':
      return runFailed(run) || run.status === 'held';
  }
}
