import type { TurnContext } from '@microsoft/agents-hosting';
import { AppError } from '../app-error.js';
import { resolveHeldRemovals } from '../sync/resolve-held-removals.js';
import type { BotServices } from './bot-deps.js';
import { actionFailedCard, type ActionFailure } from './cards/action-failed-card.js';
import type { AdaptiveCard } from './cards/adaptive-card.js';
import { cardActionSchema, type CardVerb } from './cards/card-action.js';
import { notAllowedCard } from './cards/not-allowed-card.js';
import { runCard, syncSummaryCard, type RunCardContext } from './cards/sync-summary-card.js';
import { callerOf } from './conversation-references.js';

/** What the tenant is called on a card before Roster knows its name. */
const unknownTenantName = 'your organisation';

/**
 * The answer to an `Action.Execute` click: the card that replaces the clicked one. The
 * action is parsed like any request body; the tenant and the user come from the activity,
 * and only an admin Roster recorded for that tenant may act. `answered` settles once the
 * answer has gone back (see `WaitingCard`).
 */
export async function answerCardAction(
  deps: BotServices,
  context: TurnContext,
  action: unknown,
  answered: Promise<void>,
): Promise<AdaptiveCard> {
  const caller = callerOf(context.activity);
  const tenant = caller === undefined ? undefined : await deps.store.tenants.get(caller.tenantId);
  const tenantName = tenant?.displayName ?? null;
  const parsed = cardActionSchema.safeParse(action);
  if (!parsed.success) {
    return actionFailedCard({ tenantName, attempted: null, failure: { kind: 'unreadable' } });
  }
  const { data } = parsed.data;
  const admin =
    caller === undefined ? undefined : await deps.store.admins.get(caller.tenantId, caller.userId);
  if (caller === undefined || admin === undefined) {
    return notAllowedCard({ tenantName: tenantName ?? unknownTenantName, attempted: data.action });
  }
  const refused = (failure: ActionFailure) =>
    actionFailedCard({ tenantName, attempted: data.action, failure });
  if (tenant === undefined) {
    return refused({ kind: 'refused', code: 'tenant_not_linked', message: '' });
  }
  const cardContext: RunCardContext = {
    tenantName: tenant.displayName,
    runDeepLink: deps.runDeepLink,
  };
  try {
    if (data.action === 'syncNow') {
      // A sync already running is shown rather than a second one started.
      const run = await deps.launcher.launch(tenant.tenantId, 'card');
      const activityId = context.activity.replyToId;
      if (run.status === 'running' && activityId !== undefined && activityId !== '') {
        deps.waiting.add(run.id, {
          reference: context.activity.getConversationReference(),
          activityId,
          answered,
        });
      }
      return runCard(run, cardContext);
    }
    const resolved = await resolveHeldRemovals(deps, tenant.tenantId, data.runId, 'confirmed', {
      userId: admin.userId,
      name: admin.name,
    });
    return syncSummaryCard(resolved, cardContext);
  } catch (error) {
    return refused(failureOf(deps, data.action, caller.tenantId, error));
  }
}

/** What a thrown error tells the admin: Roster's own errors by code, anything else in general. */
function failureOf(
  deps: BotServices,
  attempted: CardVerb,
  tenantId: string,
  error: unknown,
): ActionFailure {
  if (error instanceof AppError) {
    return { kind: 'refused', code: error.code, message: error.message };
  }
  deps.logger.error({ tenantId, attempted, err: error }, 'card action failed');
  return { kind: 'refused', code: 'internal', message: '' };
}
