import type { TurnContext } from '@microsoft/agents-hosting';
import { welcomeCard } from './cards/welcome-card.js';
import { settingsOf } from '../sync/tenant-settings.js';
import type { BotServices } from './bot-deps.js';
import { cardMessage } from './card-message.js';
import { callerOf, isPersonal, referenceOf } from './conversation-references.js';

/**
 * Someone installed Roster in a personal chat: remember where to reach them, and say what
 * the bot will do. Every user's chat is kept, not only admins': whether a card goes there is
 * decided when a run ends, by the admins Roster knows then.
 */
export async function installed(deps: BotServices, context: TurnContext): Promise<void> {
  const { activity } = context;
  const caller = callerOf(activity);
  if (caller === undefined || !isPersonal(activity)) return;
  const ref = referenceOf(activity, caller, deps.clock.now().toISOString());
  if (ref === undefined) return;
  const known = (await deps.store.conversations.list(caller.tenantId)).find(
    (saved) => saved.userId === caller.userId,
  );
  await deps.store.conversations.save(caller.tenantId, ref);
  // Teams announces one install twice (installationUpdate and conversationUpdate): welcome once.
  if (known?.conversationId === ref.conversationId) return;
  const tenant = await deps.store.tenants.get(caller.tenantId);
  const card = welcomeCard({
    tenant:
      tenant === undefined
        ? null
        : { name: tenant.displayName, notifications: settingsOf(tenant).notifications },
    ...(deps.openRosterUrl === undefined ? {} : { openRosterUrl: deps.openRosterUrl }),
  });
  await context.sendActivity(cardMessage(card));
}

/** Someone removed Roster from their chat: the bot forgets it and posts there no more. */
export async function uninstalled(deps: BotServices, context: TurnContext): Promise<void> {
  const caller = callerOf(context.activity);
  if (caller === undefined) return;
  await deps.store.conversations.remove(caller.tenantId, caller.userId);
}
