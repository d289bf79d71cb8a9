import { z } from 'zod';
import type { ExecuteAction } from './adaptive-card.js';

/**
 * What Roster's card buttons send back. A card carries only what names the action (never a
 * token, a tenant id or anything else the bot must trust): the bot takes the tenant and the
 * user from the authenticated activity, and parses this like any request body.
 */

/** The `Action.Execute` verbs the bot answers. */
export const cardVerbs = ['syncNow', 'confirmRemovals'] as const;

/** A card verb. */
export type CardVerb = (typeof cardVerbs)[number];

/**
 * The version of the data below. Cards stay in chats for months; a click on a card whose data
 * a later Roster no longer reads is refused, and the bot answers with a fresh card.
 */
export const cardActionVersion = 1;

/** The `data` of a card button; unknown fields are refused, a run id is a UUID. */
export const cardActionDataSchema = z.discriminatedUnion('action', [
  z.strictObject({ version: z.literal(cardActionVersion), action: z.literal('syncNow') }),
  z.strictObject({
    version: z.literal(cardActionVersion),
    action: z.literal('confirmRemovals'),
    runId: z.uuid(),
  }),
]);

/** The `data` of a card button. */
export type CardActionData = z.infer<typeof cardActionDataSchema>;

/**
 * An `Action.Execute` as the bot receives it (`{ type, verb, title, data }`, maybe with an
 * id): only the verb and the data count, and they must name the same action, so a verb
 * cannot borrow another action's data.
 */
export const cardActionSchema = z
  .object({ verb: z.enum(cardVerbs), data: cardActionDataSchema })
  .refine(({ verb, data }) => verb === data.action, {
    error: 'The verb and the data name different actions',
    path: ['verb'],
  });

/** A validated card action. */
export type CardActionRequest = z.infer<typeof cardActionSchema>;

/** Sync Now: starts a sync of the clicker's tenant (or shows the one running). */
export function syncNowAction(): ExecuteAction {
  return {
    type: 'Action.Execute',
    title: 'Sync Now',
    verb: 'syncNow',
    data: { version: cardActionVersion, action: 'syncNow' },
    style: 'positive',
  };
}

/**
 * Confirm removals: removes the employees a run held. Parsed as it is built, so a card can
 * never carry a run id its own button would be refused for.
 */
export function confirmRemovalsAction(runId: string): ExecuteAction {
  const data = cardActionDataSchema.parse({
    version: cardActionVersion,
    action: 'confirmRemovals',
    runId,
  });
  return {
    type: 'Action.Execute',
    title: 'Confirm removals',
    verb: 'confirmRemovals',
    data,
    style: 'destructive',
    tooltip: 'Removes the employees this sync held from the directory',
  };
}
