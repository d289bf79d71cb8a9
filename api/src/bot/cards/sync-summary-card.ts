import type { SyncRun } from '../../ports/store.js';
import {
  adaptiveCard,
  plainText,
  textBlock,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
  type Column,
  type TextColor,
} from './adaptive-card.js';
import { confirmRemovalsAction, syncNowAction } from './card-action.js';
import { durationText, localDateTime } from './card-time.js';
import {
  failureLabels,
  runStatusLabel,
  skippedByReason,
  skippedTotal,
  statusLabels,
  triggerLabels,
} from './run-labels.js';

/** What a run's card needs besides the run. */
export interface RunCardContext {
  /** The tenant's display name, as linked. */
  readonly tenantName: string;
  /** The tab's deep link to a run's details. */
  readonly runDeepLink: (runId: string) => string;
}

/** Skip reasons a card lists by name; the rest are summed on one line. */
export const skipReasonsShown = 3;

/** A run's card as it stands: the running card until it ends, then its summary. */
export function runCard(run: SyncRun, context: RunCardContext): AdaptiveCard {
  return run.status === 'running' ? syncRunningCard(run, context) : syncSummaryCard(run, context);
}

/**
 * The card the bot posts when a run ends: what happened, in numbers, with Sync Now, a link to
 * the run in the tab, and Confirm removals while the run's held removals await an answer.
 */
export function syncSummaryCard(run: SyncRun, context: RunCardContext): AdaptiveCard {
  const status = runStatusLabel(run);
  const skipped = skippedTotal(run.counts.skipped);
  const awaitingAnswer = run.status === 'held' && run.resolution === undefined;
  const actions: CardAction[] = [
    syncNowAction(),
    viewDetailsAction(run.id, context),
    ...(awaitingAnswer ? [confirmRemovalsAction(run.id)] : []),
  ];
  return adaptiveCard({
    fallbackText: `Roster, ${plainText(context.tenantName)}: ${status.title}. Added ${run.counts.added}, updated ${run.counts.updated}, removed ${run.counts.removed}, skipped ${skipped}, held ${run.counts.held}, errors ${run.errors.length}.`,
    body: [
      runHeader(run, context),
      countRow([
        count('Added', run.counts.added),
        count('Updated', run.counts.updated),
        count('Removed', run.counts.removed),
      ]),
      countRow([
        count('Skipped', skipped),
        count('Held', run.counts.held, 'warning'),
        count('Errors', run.errors.length, 'attention'),
      ]),
      ...skipReasons(run.counts.skipped),
    ],
    actions,
  });
}

/**
 * The card Sync Now answers with at once, and that stays until the run ends and the bot
 * replaces it with the summary. No Sync Now on it: a click would only show this run again.
 */
export function syncRunningCard(run: SyncRun, context: RunCardContext): AdaptiveCard {
  return adaptiveCard({
    fallbackText: `Roster, ${plainText(context.tenantName)}: ${statusLabels.running.title}.`,
    body: [
      runHeader({ ...run, status: 'running' }, context),
      textBlock('This card shows the summary when the sync ends.', { isSubtle: true }),
      {
        type: 'FactSet',
        facts: [{ title: 'Run', value: run.id }],
      },
    ],
    actions: [viewDetailsAction(run.id, context)],
  });
}

/** Tenant, status in its color, what it means, and trigger, time and duration. */
function runHeader(run: SyncRun, context: RunCardContext): CardElement {
  const status = runStatusLabel(run);
  const took = durationText(run.startedAt, run.endedAt);
  const when = `${triggerLabels[run.trigger]}, started ${localDateTime(run.startedAt)}${
    took === null ? '' : `, took ${took}`
  }`;
  const meaning = statusMeaning(run);
  return {
    type: 'Container',
    items: [
      textBlock(`Roster · ${plainText(context.tenantName)}`, {
        size: 'small',
        isSubtle: true,
        maxLines: 2,
      }),
      textBlock(status.title, {
        size: 'large',
        weight: 'bolder',
        color: status.color,
        style: 'heading',
        spacing: 'none',
      }),
      ...(meaning === null ? [] : [textBlock(meaning)]),
      textBlock(when, { size: 'small', isSubtle: true }),
    ],
  };
}

/** What the status means for the admin: why removals were held, why the run failed. */
function statusMeaning(run: SyncRun): string | null {
  switch (run.status) {
    case 'running':
    case 'succeeded':
      return null;
    case 'held': {
      const why = run.heldBecause === null ? '' : `${plainText(run.heldBecause)}. `;
      const { resolution } = run;
      if (resolution === undefined) {
        return `${why}Nobody was removed. Confirm the removals, or review them in Roster first.`;
      }
      const by = plainText(resolution.by.name);
      return resolution.action === 'confirmed'
        ? `${why}${by} confirmed the removals: ${people(resolution.removed)} removed.`
        : `${why}${by} kept these employees: nobody was removed.`;
    }
    case 'failed':
      return failureLabels[run.failure ?? 'error'];
    case 'partial':
      return `${failureLabels[run.failure ?? 'error']} What it wrote before it stopped stays; the next sync completes the rest.`;
  }
}

function people(n: number): string {
  return n === 1 ? '1 employee' : `${n} employees`;
}

/** One number with its label under it; a nonzero number in `color` when one is given. */
function count(label: string, value: number, color?: TextColor): Column {
  return {
    type: 'Column',
    width: 'stretch',
    items: [
      textBlock(String(value), {
        size: 'large',
        weight: 'bolder',
        ...(color !== undefined && value > 0 ? { color } : {}),
      }),
      textBlock(label, { size: 'small', isSubtle: true, spacing: 'none' }),
    ],
  };
}

function countRow(columns: readonly Column[]): CardElement {
  return { type: 'ColumnSet', columns };
}

/** The most frequent skip reasons with their counts, and the others summed. */
function skipReasons(skipped: Readonly<Record<string, number>>): CardElement[] {
  const reasons = skippedByReason(skipped);
  if (reasons.length === 0) return [];
  const shown = reasons.slice(0, skipReasonsShown);
  const others = reasons.slice(skipReasonsShown);
  const facts = shown.map(({ label, count }) => ({ title: label, value: String(count) }));
  if (others.length > 0) {
    facts.push({
      title: others.length === 1 ? '1 other reason' : `${others.length} other reasons`,
      value: String(others.reduce((sum, reason) => sum + reason.count, 0)),
    });
  }
  return [
    textBlock('Top skip reasons', { weight: 'bolder', separator: true, spacing: 'medium' }),
    { type: 'FactSet', facts, spacing: 'small' },
  ];
}

function viewDetailsAction(runId: string, context: RunCardContext): CardAction {
  return { type: 'Action.OpenUrl', title: 'View details', url: context.runDeepLink(runId) };
}
