import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notificationSettings } from '../../domain/settings.js';
import type { RunFailure, RunStatus, RunTrigger, SyncRun } from '../../ports/store.js';
import {
  adaptiveCardSchemaFile,
  adaptiveCardValidator,
  sharedAdaptiveCardSchemaFile,
} from '../../../test/support/adaptive-card-schema.js';
import { runTenantId, syncRun } from '../../../test/support/sync-runs.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { cardVerbs } from './card-action.js';
import { actionFailedCard, type ActionFailure } from './action-failed-card.js';
import { notAllowedCard } from './not-allowed-card.js';
import {
  runCard,
  syncRunningCard,
  syncSummaryCard,
  type RunCardContext,
} from './sync-summary-card.js';
import { welcomeCard } from './welcome-card.js';

const validate = adaptiveCardValidator();

const tenantNames = {
  short: 'Contoso',
  long: `Contoso ${'Worldwide Holdings and Subsidiaries '.repeat(12)}Ltd.`,
  markup: '[Pay here](https://evil.test) **Contoso** _Ltd_ {{DATE(2025-01-01T00:00:00Z)}}',
};

const context = (tenantName: string): RunCardContext => ({
  tenantName,
  runDeepLink: (id) =>
    `https://teams.microsoft.com/l/entity/roster-app/runs?context=${encodeURIComponent(JSON.stringify({ subEntityId: `run/${id}` }))}`,
});

const skips = {
  none: {},
  one: { disabled: 4 },
  three: { disabled: 4, guest: 9, rule: 1 },
  many: {
    disabled: 40,
    guest: 7,
    'shared-mailbox': 3,
    'room-or-equipment': 12,
    'service-account': 5,
    unlicensed: 2,
    rule: 18,
    group: 1,
    'no-valid-email': 6,
    'a-code-from-a-later-roster': 2,
  },
} satisfies Record<string, Record<string, number>>;

const admin = { userId: 'u-adele', name: 'Adele Vance' };
const statuses: RunStatus[] = ['running', 'succeeded', 'held', 'failed', 'partial'];
const triggers: RunTrigger[] = ['schedule', 'manual', 'card', 'cli'];
const failures: (RunFailure | undefined)[] = [
  undefined,
  'not-authorized',
  'unavailable',
  'interrupted',
  'error',
];

/** Every way a card action can fail: each refusal the bot names, and one it does not. */
const actionFailures: ActionFailure[] = [
  { kind: 'unreadable' },
  ...[
    'tenant_not_linked',
    'sync_in_progress',
    'run_not_found',
    'no_held_removals',
    'held_removals_superseded',
    'invalid_settings',
    'a_code_from_a_later_roster',
  ].map((code) => ({ kind: 'refused' as const, code, message: `Tenant ${runTenantId}: ${code}` })),
  {
    kind: 'refused',
    code: 'held_removals_resolved',
    message: '*Adele* already confirmed these removals at 2025-03-01T11:00:00.000Z.',
  },
];

/** Runs covering every status, trigger, failure, hold answer and skip shape a card shows. */
function runs(): [string, SyncRun][] {
  const list: [string, SyncRun][] = [];
  for (const status of statuses) {
    for (const [shape, skipped] of Object.entries(skips)) {
      list.push([
        `${status}, ${shape} skip reasons`,
        syncRun({
          status,
          counts: { ...syncRun().counts, skipped, held: status === 'held' ? 60 : 0 },
          ...(status === 'running' ? { endedAt: null } : {}),
          ...(status === 'held'
            ? { heldBecause: '60 removals are 12.5% of the directory, over the limit of 10%' }
            : {}),
          ...(status === 'failed' || status === 'partial'
            ? { errors: ['Graph answered 503'] }
            : {}),
        }),
      ]);
    }
  }
  for (const trigger of triggers) list.push([`trigger ${trigger}`, syncRun({ trigger })]);
  for (const failure of failures) {
    for (const status of ['failed', 'partial'] as const) {
      list.push([
        `${status} with failure ${failure ?? 'unknown'}`,
        syncRun({ status, errors: ['x'], ...(failure === undefined ? {} : { failure }) }),
      ]);
    }
  }
  const held = syncRun({
    status: 'held',
    heldBecause: null,
    counts: { ...syncRun().counts, held: 600 },
  });
  list.push(['held, no reason given', held]);
  list.push([
    'held, confirmed',
    {
      ...held,
      resolution: { action: 'confirmed', by: admin, at: '2025-03-01T11:00:00.000Z', removed: 598 },
    },
  ]);
  list.push([
    'held, discarded',
    {
      ...held,
      resolution: { action: 'discarded', by: { ...admin, name: '*Adele*' }, at: 'x', removed: 0 },
    },
  ]);
  list.push([
    'nothing at all',
    syncRun({ counts: { added: 0, updated: 0, removed: 0, held: 0, unchanged: 0, skipped: {} } }),
  ]);
  list.push(['a run that ended as it started', syncRun({ endedAt: syncRun().startedAt })]);
  list.push(['a run of many hours', syncRun({ endedAt: '2025-03-01T13:10:00.000Z' })]);
  list.push(['a run with an unreadable start', syncRun({ startedAt: 'yesterday' })]);
  return list;
}

/** Every card the builders can make from the runs and settings above, by name. */
function everyCard(): [string, AdaptiveCard][] {
  const cards: [string, AdaptiveCard][] = [];
  for (const [tenant, name] of Object.entries(tenantNames)) {
    for (const [what, run] of runs()) {
      cards.push([`run card: ${what}, ${tenant} tenant name`, runCard(run, context(name))]);
      if (run.status !== 'running') {
        cards.push([
          `summary: ${what}, ${tenant} tenant name`,
          syncSummaryCard(run, context(name)),
        ]);
      }
    }
    cards.push([
      `running, ${tenant} tenant name`,
      syncRunningCard(syncRun({ status: 'running', endedAt: null }), context(name)),
    ]);
    for (const attempted of cardVerbs) {
      cards.push([
        `not allowed to ${attempted}, ${tenant} tenant name`,
        notAllowedCard({ tenantName: name, attempted }),
      ]);
    }
    for (const attempted of [...cardVerbs, null]) {
      for (const failure of actionFailures) {
        cards.push([
          `${attempted ?? 'unknown action'} failed (${failure.kind === 'refused' ? failure.code : failure.kind}), ${tenant} tenant name`,
          actionFailedCard({ tenantName: name, attempted, failure }),
        ]);
      }
    }
    for (const notifications of notificationSettings) {
      cards.push([
        `welcome, notifying ${notifications}, ${tenant} tenant name`,
        welcomeCard({ tenant: { name, notifications } }),
      ]);
    }
  }
  cards.push(['welcome before the tenant is linked', welcomeCard({ tenant: null })]);
  cards.push([
    'action failed, tenant unknown',
    actionFailedCard({ tenantName: null, attempted: null, failure: { kind: 'unreadable' } }),
  ]);
  cards.push([
    'welcome with a link to the tab',
    welcomeCard({
      tenant: null,
      openRosterUrl: 'https://teams.microsoft.com/l/entity/roster-app/home',
    }),
  ]);
  return cards;
}

const cards = everyCard();

describe('every card Roster sends', () => {
  it('covers every kind of card', () => {
    expect(cards.length).toBeGreaterThan(150);
  });

  it.each(cards)('validates against the Adaptive Card 1.5 schema: %s', (_name, card) => {
    // Validated as the bot SDK sends it: JSON, so nothing lives only in the object.
    const sent: unknown = JSON.parse(JSON.stringify(card));
    expect(sent).toStrictEqual(card);
    expect(validate(sent)).toEqual([]);
  });

  it.each(cards)('carries no tenant id, token or secret: %s', (_name, card) => {
    const json = JSON.stringify(card);
    expect(json).not.toContain(runTenantId);
    expect(json).not.toMatch(/token|secret|password|tenantId/i);
  });
});

describe('the schema validator', () => {
  const good = syncSummaryCard(syncRun(), context('Contoso'));

  it.each<[string, unknown]>([
    ['a text block without text', { ...good, body: [{ type: 'TextBlock', wrap: true }] }],
    ['a misspelt property', { ...good, body: [{ type: 'TextBlock', text: 'x', colour: 'good' }] }],
    ['an element type that does not exist', { ...good, body: [{ type: 'Carousel', pages: [] }] }],
    [
      'a fact whose value is a number',
      { ...good, body: [{ type: 'FactSet', facts: [{ title: 'Added', value: 3 }] }] },
    ],
    [
      'a link without a url',
      { ...good, actions: [{ type: 'Action.OpenUrl', title: 'View details' }] },
    ],
    [
      'a link whose url is not a URI',
      {
        ...good,
        actions: [{ type: 'Action.OpenUrl', title: 'x', url: 'http://exa mple.test/a b' }],
      },
    ],
    [
      'an action with a property of another action',
      { ...good, actions: [{ ...good.actions?.[0], url: 'https://x.test' }] },
    ],
    ['a card of another type', { ...good, type: 'MessageCard' }],
    ['a property the card has not', { ...good, msteams: { width: 'Full' } }],
  ])('refuses %s', (_what, card) => {
    expect(validate(card)).not.toEqual([]);
  });

  it('is compiled from the same schema as the shared reference, when the reference is there', () => {
    if (!existsSync(sharedAdaptiveCardSchemaFile)) return;
    expect(readFileSync(adaptiveCardSchemaFile, 'utf8')).toBe(
      readFileSync(sharedAdaptiveCardSchemaFile, 'utf8'),
    );
  });
});
