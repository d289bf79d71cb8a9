import type { SyncRun } from '../ports/store.js';
import { settingsOf } from '../sync/tenant-settings.js';
import type { BotServices } from './bot-deps.js';
import { shouldNotify } from './cards/should-notify.js';
import { syncSummaryCard } from './cards/sync-summary-card.js';

/**
 * What the bot does when a run ends: the Sync Now cards that showed it running get its
 * summary in place, and, when the tenant's notification setting says so, the summary goes
 * to every recorded admin of the tenant who installed Roster (but not again to a chat whose
 * card was just updated). One failed send does not stop the others.
 */
export async function afterRun(deps: BotServices, run: SyncRun): Promise<void> {
  if (run.status === 'running') return;
  const waiting = deps.waiting.take(run.id);
  const tenant = await deps.store.tenants.get(run.tenantId);
  if (tenant === undefined) return;
  const card = syncSummaryCard(run, {
    tenantName: tenant.displayName,
    runDeepLink: deps.runDeepLink,
  });
  const updated = new Set<string>();
  for (const shown of waiting) {
    await shown.answered;
    try {
      await deps.updateCard(shown.reference, shown.activityId, card);
      updated.add(shown.reference.conversation.id);
    } catch (error) {
      deps.logger.warn({ tenantId: run.tenantId, runId: run.id, err: error }, 'card not updated');
    }
  }
  if (!shouldNotify(settingsOf(tenant).notifications, run)) return;
  for (const ref of await deps.store.conversations.list(run.tenantId)) {
    if (updated.has(ref.conversationId)) continue;
    if ((await deps.store.admins.get(run.tenantId, ref.userId)) === undefined) continue;
    try {
      await deps.sendCard(ref, card);
    } catch (error) {
      deps.logger.warn(
        { tenantId: run.tenantId, runId: run.id, userId: ref.userId, err: error },
        'run card not sent',
      );
    }
  }
}
