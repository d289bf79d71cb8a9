import type { NotificationSetting } from '../../domain/settings.js';
import { adaptiveCard, plainText, textBlock, type AdaptiveCard } from './adaptive-card.js';
import { notificationLabels } from './run-labels.js';

/** What the welcome card says about the tenant: null when it is not linked to Roster yet. */
export interface WelcomeTenant {
  readonly name: string;
  readonly notifications: NotificationSetting;
}

/**
 * The message the bot sends when an admin installs Roster: what it will post, when, and
 * what its buttons do. `openRosterUrl` links the tab, when the bot knows its deep link.
 */
export function welcomeCard(context: {
  readonly tenant: WelcomeTenant | null;
  readonly openRosterUrl?: string;
}): AdaptiveCard {
  const { tenant, openRosterUrl } = context;
  const directory = tenant === null ? 'your organisation' : plainText(tenant.name);
  const when =
    tenant === null
      ? 'Link your organisation in Roster first: the cards start with its first sync.'
      : `You get a card ${notificationLabels[tenant.notifications]}. Admins change this in Roster's settings.`;
  return adaptiveCard({
    fallbackText: `Roster is installed. It will post a summary after syncs of ${directory}.`,
    body: [
      textBlock('Roster is installed', { size: 'large', weight: 'bolder', style: 'heading' }),
      textBlock(
        `After a directory sync of ${directory}, Roster posts a summary here: who it added, updated and removed, how many people it skipped and why, and any removals it held for your review.`,
      ),
      textBlock(
        'Sync Now and Confirm removals work right from the card, for Roster admins of the organisation.',
      ),
      textBlock(when, { isSubtle: true }),
    ],
    ...(openRosterUrl === undefined
      ? {}
      : { actions: [{ type: 'Action.OpenUrl', title: 'Open Roster', url: openRosterUrl }] }),
  });
}
