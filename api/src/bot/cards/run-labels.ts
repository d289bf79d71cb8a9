import type { FilterReasonCode } from '../../domain/filters.js';
import type { noValidEmail } from '../../domain/resolve-email.js';
import type { NotificationSetting } from '../../domain/settings.js';
import type {
  HeldResolution,
  RunFailure,
  RunStatus,
  RunTrigger,
  SyncRun,
} from '../../ports/store.js';
import { plainText, type TextColor } from './adaptive-card.js';
import { compareStrings } from '../../domain/compare-strings.js';

/** A run's status in an admin's words, with the color a card shows it in. */
export const statusLabels = {
  running: { title: 'Sync running', color: 'accent' },
  succeeded: { title: 'Sync finished', color: 'good' },
  held: { title: 'Removals held for your review', color: 'warning' },
  failed: { title: 'Sync failed', color: 'attention' },
  partial: { title: 'Sync stopped part way', color: 'attention' },
} as const satisfies Record<RunStatus, { title: string; color: TextColor }>;

/** A held run's status once an admin answered the hold. */
export const resolvedHoldLabels = {
  confirmed: { title: 'Held removals confirmed', color: 'good' },
  discarded: { title: 'Held removals kept', color: 'default' },
} as const satisfies Record<HeldResolution['action'], { title: string; color: TextColor }>;

/** The status line of a run's card: a hold reads as answered once it was. */
export function runStatusLabel(run: SyncRun): { title: string; color: TextColor } {
  return run.status === 'held' && run.resolution !== undefined
    ? resolvedHoldLabels[run.resolution.action]
    : statusLabels[run.status];
}

/** What started a run. */
export const triggerLabels = {
  schedule: 'Scheduled sync',
  manual: 'Sync Now in Roster',
  card: 'Sync Now from Teams',
  cli: 'Sync from the command line',
} as const satisfies Record<RunTrigger, string>;

/** Why a run failed, and what the admin can do about it. */
export const failureLabels = {
  'not-authorized':
    'Entra ID or Microsoft Graph refused Roster: admin consent was revoked or a permission is missing. Check Connectivity in Roster says which.',
  unavailable:
    'Microsoft Graph kept failing after every retry. The next scheduled sync tries again.',
  interrupted: 'The Roster instance running it stopped before it ended.',
  error: 'Roster hit an unexpected error. The run history has the details.',
} as const satisfies Record<RunFailure, string>;

/** When the bot posts a card, in the words of the settings page. */
export const notificationLabels = {
  always: 'after every sync',
  changesOrFailures: 'when a sync changed the directory, held removals or failed',
  failuresOnly: 'only when a sync fails or holds removals',
} as const satisfies Record<NotificationSetting, string>;

/** The skip reasons a run counts (`counts.skipped`), by code, as a group of people. */
const skipReasonLabels = {
  disabled: 'Disabled accounts',
  guest: 'Guests',
  'shared-mailbox': 'Shared mailboxes',
  'room-or-equipment': 'Rooms and equipment',
  'service-account': 'Service accounts',
  unlicensed: 'No licence assigned',
  rule: 'Left out by a filter rule',
  group: 'Left out by group filters',
  'no-valid-email': 'No valid email address',
} as const satisfies Record<FilterReasonCode | (typeof noValidEmail)['code'], string>;

/** A skip reason code in words; a code this Roster does not know is shown as it is. */
export function skipReasonLabel(code: string): string {
  return Object.hasOwn(skipReasonLabels, code)
    ? skipReasonLabels[code as keyof typeof skipReasonLabels]
    : `Other (${plainText(code)})`;
}

/** One line of a card's skip reasons. */
export interface SkipReasonCount {
  readonly code: string;
  readonly label: string;
  readonly count: number;
}

/** Every reason with a positive count, most first. */
export function skippedByReason(skipped: Readonly<Record<string, number>>): SkipReasonCount[] {
  return Object.entries(skipped)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || compareStrings(a, b))
    .map(([code, count]) => ({ code, label: skipReasonLabel(code), count }));
}

/** How many users a run skipped, whatever the reason. */
export function skippedTotal(skipped: Readonly<Record<string, number>>): number {
  return Object.values(skipped).reduce((sum, count) => sum + Math.max(0, count), 0);
}
