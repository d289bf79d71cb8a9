import { adaptiveCard, plainText, textBlock, type AdaptiveCard } from './adaptive-card.js';
import type { CardVerb } from './card-action.js';

/** What each button would have done, for the sentence that refuses it. */
const attempts = {
  syncNow: 'start a sync',
  confirmRemovals: 'confirm held removals',
} as const satisfies Record<CardVerb, string>;

/**
 * The answer to a card button clicked by someone who is not a recorded Roster admin of the
 * tenant. A card action carries no roles, so the bot trusts only the admins Roster recorded
 * when they used it with an admin role; the card says how to become one.
 */
export function notAllowedCard(context: {
  readonly tenantName: string;
  readonly attempted: CardVerb;
}): AdaptiveCard {
  const tenant = plainText(context.tenantName);
  return adaptiveCard({
    fallbackText: `Only a Roster admin of ${tenant} can ${attempts[context.attempted]}.`,
    body: [
      textBlock(`Roster · ${tenant}`, { size: 'small', isSubtle: true, maxLines: 2 }),
      textBlock('Only Roster admins can do this', {
        size: 'large',
        weight: 'bolder',
        color: 'attention',
        style: 'heading',
        spacing: 'none',
      }),
      textBlock(
        `Only an admin of ${tenant} whom Roster knows can ${attempts[context.attempted]} from this card. Roster knows the admins who opened it in Teams with an Entra ID admin role, such as Global Administrator or Application Administrator.`,
      ),
      textBlock('If you have such a role, open Roster in Teams once, then try again.', {
        isSubtle: true,
      }),
    ],
  });
}
