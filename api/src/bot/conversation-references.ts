import type { CloudAdapter, TurnContext } from '@microsoft/agents-hosting';
import type { ConversationReference } from '../ports/store.js';

/** A conversation reference as the SDK's `continueConversation` takes it. */
export type BotConversationReference = Parameters<CloudAdapter['continueConversation']>[1];

/** An activity as the SDK hands it to a handler. */
export type BotActivity = TurnContext['activity'];

/** Who an activity comes from, as Roster keys its records: tenant and Entra object id. */
export interface ActivityCaller {
  readonly tenantId: string;
  readonly userId: string;
}

/**
 * The tenant and user of an activity, from the fields Teams sets (the activity itself is
 * authenticated by its token); undefined when either is missing.
 */
export function callerOf(activity: BotActivity): ActivityCaller | undefined {
  const tenantId = activity.conversation?.tenantId;
  const userId = activity.from?.aadObjectId;
  if (tenantId === undefined || tenantId === '' || userId === undefined || userId === '') {
    return undefined;
  }
  return { tenantId, userId };
}

/** Whether an activity happens in a one-to-one chat with the bot: Roster's only scope. */
export function isPersonal(activity: BotActivity): boolean {
  const conversation = activity.conversation;
  return (
    conversation !== undefined &&
    conversation.isGroup !== true &&
    (conversation.conversationType === undefined || conversation.conversationType === 'personal')
  );
}

/** What Roster stores to reach the caller later; undefined when the activity lacks a field. */
export function referenceOf(
  activity: BotActivity,
  caller: ActivityCaller,
  savedAt: string,
): ConversationReference | undefined {
  const conversationId = activity.conversation?.id;
  const botId = activity.recipient?.id;
  const { serviceUrl, channelId } = activity;
  if (!conversationId || !botId || !serviceUrl || !channelId) return undefined;
  return {
    userId: caller.userId,
    tenantId: caller.tenantId,
    conversationId,
    serviceUrl,
    channelId,
    botId,
    savedAt,
  };
}

/** A stored reference as the SDK continues it. */
export function botReference(ref: ConversationReference): BotConversationReference {
  return {
    conversation: { id: ref.conversationId, tenantId: ref.tenantId, conversationType: 'personal' },
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    agent: { id: ref.botId },
  };
}
