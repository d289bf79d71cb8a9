import { adaptiveCard, plainText, textBlock, type AdaptiveCard } from './adaptive-card.js';
import type { CardVerb } from './card-action.js';

/** Why a card button did nothing: a card from an older Roster, or what Roster refused. */
export type ActionFailure =
  | { readonly kind: 'unreadable' }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string };

/**
 * What each refusal means to the admin who clicked, by the error's code. Roster's own
 * messages name tenant and run ids, which a card never shows; codes not listed here get a
 * general sentence.
 */
const refusals: Readonly<Record<string, string>> = {
  tenant_not_linked: 'Your organisation is not linked to Roster any more. Link it again in Roster.',
  sync_in_progress: 'A sync is running or removals are being applied. Try again when it ends.',
  run_not_found: 'Roster no longer has this sync in its history.',
  no_held_removals: 'This sync held no removals.',
  held_removals_superseded:
    'A later sync decided again. Answer its held removals, if any, from its card or in Roster.',
  invalid_settings: "Your organisation's Roster settings need fixing in Roster first.",
};

/** The sentence a refusal shows: by code, or the message Roster wrote for the admin. */
function refusalText(failure: Extract<ActionFailure, { kind: 'refused' }>): string {
  // An answer someone already gave names who and when, which is what the clicker needs.
  if (failure.code === 'held_removals_resolved') return plainText(failure.message);
  return refusals[failure.code] ?? 'Roster could not do this. Try again, or open Roster.';
}

/**
 * The answer to a card button Roster did not act on: the button came from a card it can no
 * longer read (it stays in the chat for months), or Roster refused what it asked.
 */
export function actionFailedCard(context: {
  readonly tenantName: string | null;
  readonly attempted: CardVerb | null;
  readonly failure: ActionFailure;
}): AdaptiveCard {
  const { tenantName, attempted, failure } = context;
  const title =
    attempted === 'syncNow'
      ? 'The sync did not start'
      : attempted === 'confirmRemovals'
        ? 'The removals were not confirmed'
        : 'Roster did not act on this';
  const why =
    failure.kind === 'unreadable'
      ? 'This card comes from an older Roster, or its button was changed. Use the newest card, or open Roster.'
      : refusalText(failure);
  return adaptiveCard({
    fallbackText: `${title}. ${why}`,
    body: [
      textBlock(tenantName === null ? 'Roster' : `Roster · ${plainText(tenantName)}`, {
        size: 'small',
        isSubtle: true,
        maxLines: 2,
      }),
      textBlock(title, {
        size: 'large',
        weight: 'bolder',
        color: 'warning',
        style: 'heading',
        spacing: 'none',
      }),
      textBlock(why),
    ],
  });
}
