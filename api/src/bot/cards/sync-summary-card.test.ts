import { describe, expect, it } from 'vitest';
import type { SyncRun } from '../../ports/store.js';
import { runId, syncRun } from '../../../test/support/sync-runs.js';
import type { AdaptiveCard, CardAction, CardElement, ExecuteAction } from './adaptive-card.js';
import { runCard, syncRunningCard, syncSummaryCard } from './sync-summary-card.js';

const context = {
  tenantName: 'Contoso',
  runDeepLink: (id: string) => `https://teams.test/l/entity/roster/runs?run=${id}`,
};

/** Every text a card shows, in order: what a reader sees, without the layout. */
function texts(card: AdaptiveCard): string[] {
  const walk = (elements: readonly CardElement[]): string[] =>
    elements.flatMap((element) => {
      switch (element.type) {
        case 'TextBlock':
          return [element.text];
        case 'FactSet':
          return element.facts.map((fact) => `${fact.title}: ${fact.value}`);
        case 'ColumnSet':
          return element.columns.flatMap((column) => walk(column.items));
        case 'Container':
          return walk(element.items);
        case 'ActionSet':
          return [];
      }
    });
  return walk(card.body);
}

const titles = (card: AdaptiveCard) => (card.actions ?? []).map((action) => action.title);

function execute(card: AdaptiveCard, verb: string): ExecuteAction | undefined {
  return (card.actions ?? []).find(
    (action: CardAction): action is ExecuteAction =>
      action.type === 'Action.Execute' && action.verb === verb,
  );
}

const held = (over: Partial<SyncRun> = {}) =>
  syncRun({
    status: 'held',
    heldBecause: '60 removals are 12.5% of the directory, over the limit of 10%',
    counts: { ...syncRun().counts, held: 60, removed: 0 },
    ...over,
  });

describe('syncSummaryCard', () => {
  it('shows tenant, status, trigger, local time, duration and the counts', () => {
    const card = syncSummaryCard(syncRun({ errors: ['one', 'two'] }), context);
    expect(texts(card)).toEqual([
      'Roster · Contoso',
      'Sync finished',
      'Scheduled sync, started {{DATE(2025-03-01T10:00:00Z, SHORT)}} at {{TIME(2025-03-01T10:00:00Z)}}, took 2 min 5 s',
      '3',
      'Added',
      '12',
      'Updated',
      '1',
      'Removed',
      '29',
      'Skipped',
      '0',
      'Held',
      '2',
      'Errors',
      'Top skip reasons',
      'Disabled accounts: 20',
      'Guests: 7',
      'Service accounts: 2',
    ]);
  });

  it.each([
    ['succeeded', 'Sync finished', 'good'],
    ['held', 'Removals held for your review', 'warning'],
    ['failed', 'Sync failed', 'attention'],
    ['partial', 'Sync stopped part way', 'attention'],
  ] as const)('says %s as "%s" in %s', (status, title, color) => {
    const card = syncSummaryCard(syncRun({ status }), context);
    const header = card.body[0];
    expect(header?.type === 'Container' && header.items[1]).toMatchObject({ text: title, color });
  });

  it('lists the three most frequent skip reasons and sums the others', () => {
    const skipped = { guest: 7, disabled: 40, rule: 18, group: 1, 'no-valid-email': 6, odd: 0 };
    const card = syncSummaryCard(syncRun({ counts: { ...syncRun().counts, skipped } }), context);
    expect(texts(card).slice(-5)).toEqual([
      'Top skip reasons',
      'Disabled accounts: 40',
      'Left out by a filter rule: 18',
      'Guests: 7',
      '2 other reasons: 7',
    ]);
    expect(texts(card)).toContain('72');
  });

  it('has no skip reasons section when nobody was skipped', () => {
    const card = syncSummaryCard(
      syncRun({ counts: { ...syncRun().counts, skipped: {} } }),
      context,
    );
    expect(texts(card)).not.toContain('Top skip reasons');
  });

  it('offers Sync Now and a link to the run on every finished run', () => {
    for (const status of ['succeeded', 'failed', 'partial', 'held'] as const) {
      const card = syncSummaryCard(syncRun({ status }), context);
      expect(execute(card, 'syncNow')?.data).toEqual({ version: 1, action: 'syncNow' });
      expect(card.actions).toContainEqual({
        type: 'Action.OpenUrl',
        title: 'View details',
        url: `https://teams.test/l/entity/roster/runs?run=${runId}`,
      });
    }
  });

  it('asks to confirm removals only while a hold awaits an answer', () => {
    const waiting = syncSummaryCard(held(), context);
    expect(titles(waiting)).toEqual(['Sync Now', 'View details', 'Confirm removals']);
    expect(execute(waiting, 'confirmRemovals')).toMatchObject({
      style: 'destructive',
      data: { version: 1, action: 'confirmRemovals', runId },
    });
    expect(texts(waiting)).toContain(
      '60 removals are 12.5% of the directory, over the limit of 10%. Nobody was removed. Confirm the removals, or review them in Roster first.',
    );

    const by = { userId: 'u1', name: 'Adele Vance' };
    const confirmed = syncSummaryCard(
      held({ resolution: { action: 'confirmed', by, at: 'x', removed: 58 } }),
      context,
    );
    expect(titles(confirmed)).toEqual(['Sync Now', 'View details']);
    expect(texts(confirmed)).toContain('Held removals confirmed');
    expect(texts(confirmed).join('\n')).toMatch(
      /Adele Vance confirmed the removals: 58 employees removed/,
    );

    const kept = syncSummaryCard(
      held({ resolution: { action: 'discarded', by, at: 'x', removed: 0 } }),
      context,
    );
    expect(titles(kept)).toEqual(['Sync Now', 'View details']);
    expect(texts(kept)).toContain('Held removals kept');

    for (const status of ['succeeded', 'failed', 'partial'] as const) {
      expect(titles(syncSummaryCard(syncRun({ status }), context))).not.toContain(
        'Confirm removals',
      );
    }
  });

  it('says why a run failed and what to do', () => {
    const card = syncSummaryCard(
      syncRun({ status: 'failed', failure: 'not-authorized', errors: ['AADSTS…'] }),
      context,
    );
    expect(texts(card).join('\n')).toMatch(/admin consent was revoked or a permission is missing/);
    // The error text itself stays in the run history, off the card.
    expect(JSON.stringify(card)).not.toContain('AADSTS');
  });

  it('makes a tenant name inert: no link, no emphasis, no date function', () => {
    const card = syncSummaryCard(syncRun(), {
      ...context,
      tenantName: '[Pay](https://evil.test) **now** {{DATE(2025-01-01T00:00:00Z)}}',
    });
    expect(texts(card)[0]).toBe(
      'Roster · \\[Pay\\](https://evil.test) \\*\\*now\\*\\* {\u200b{DATE(2025-01-01T00:00:00Z)}}',
    );
  });
});

describe('syncRunningCard', () => {
  const running = syncRun({ status: 'running', endedAt: null, trigger: 'card' });

  it('shows the run going, its id and start, and no Sync Now', () => {
    const card = syncRunningCard(running, context);
    expect(texts(card)).toEqual([
      'Roster · Contoso',
      'Sync running',
      'Sync Now from Teams, started {{DATE(2025-03-01T10:00:00Z, SHORT)}} at {{TIME(2025-03-01T10:00:00Z)}}',
      'This card shows the summary when the sync ends.',
      `Run: ${runId}`,
    ]);
    expect(titles(card)).toEqual(['View details']);
  });

  it('is what runCard shows until the run ends, then the summary', () => {
    expect(runCard(running, context)).toEqual(syncRunningCard(running, context));
    const ended = syncRun();
    expect(runCard(ended, context)).toEqual(syncSummaryCard(ended, context));
  });
});
