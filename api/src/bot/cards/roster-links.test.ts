import { describe, expect, it } from 'vitest';
import { adaptiveCardValidator } from '../../../test/support/adaptive-card-schema.js';
import { runId, syncRun } from '../../../test/support/sync-runs.js';
import { openRosterLink, rosterTabEntityId, runDetailsLink } from './roster-links.js';
import { syncRunningCard, syncSummaryCard } from './sync-summary-card.js';
import { welcomeCard } from './welcome-card.js';

const publicUrl = 'https://roster.example';
const teamsAppId = '2f0d4a9e-7c1b-4e55-9a3d-6b8f1c2e4d70';

/** A Teams deep link taken apart: the app and tab it names, and its query. */
function teamsLink(link: string) {
  const url = new URL(link);
  const [, l, entity, appId, entityId, ...rest] = url.pathname.split('/');
  expect({ origin: url.origin, l, entity, rest }).toEqual({
    origin: 'https://teams.microsoft.com',
    l: 'l',
    entity: 'entity',
    rest: [],
  });
  const context = url.searchParams.get('context');
  return {
    appId: decodeURIComponent(appId ?? ''),
    entityId,
    webUrl: url.searchParams.get('webUrl'),
    label: url.searchParams.get('label'),
    context: context === null ? null : (JSON.parse(context) as unknown),
  };
}

describe('runDetailsLink', () => {
  it("opens Roster's run page when the Teams app is not known", () => {
    expect(runDetailsLink({ publicUrl }, runId)).toBe(`${publicUrl}/runs/${runId}`);
    expect(runDetailsLink({ publicUrl, teamsAppId: undefined }, 'a/b?c')).toBe(
      `${publicUrl}/runs/a%2Fb%3Fc`,
    );
  });

  it('opens the run in the tab in Teams, with the run page for clients without the tab', () => {
    const link = runDetailsLink({ publicUrl, teamsAppId }, runId);
    expect(teamsLink(link)).toEqual({
      appId: teamsAppId,
      entityId: rosterTabEntityId,
      webUrl: `${publicUrl}/runs/${runId}`,
      label: 'Sync run',
      context: { subEntityId: `run:${runId}` },
    });
  });

  it('encodes the whole query: no JSON or spaces left bare in the link', () => {
    const link = runDetailsLink({ publicUrl, teamsAppId }, runId);
    expect(link).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/entity\/[^/?]+\/dashboard\?/);
    expect(link).not.toMatch(/[{}" ]/);
    expect(link).toContain(`context=${encodeURIComponent(`{"subEntityId":"run:${runId}"}`)}`);
  });
});

describe('openRosterLink', () => {
  it("opens the tab in Teams, or Roster's home page", () => {
    expect(openRosterLink({ publicUrl })).toBe(`${publicUrl}/`);
    expect(teamsLink(openRosterLink({ publicUrl, teamsAppId }))).toEqual({
      appId: teamsAppId,
      entityId: rosterTabEntityId,
      webUrl: `${publicUrl}/`,
      label: 'Roster',
      context: null,
    });
  });
});

describe('the cards with these links', () => {
  const validate = adaptiveCardValidator();
  const base = { publicUrl, teamsAppId };
  const context = { tenantName: 'Contoso', runDeepLink: (id: string) => runDetailsLink(base, id) };

  it('link View details to the run in the tab, and stay valid 1.5 cards', () => {
    const cards = [
      syncSummaryCard(syncRun(), context),
      syncRunningCard(syncRun({ status: 'running', endedAt: null }), context),
    ];
    for (const card of cards) {
      expect(validate(card)).toEqual([]);
      const viewDetails = card.actions?.find((action) => action.title === 'View details');
      expect(viewDetails).toEqual({
        type: 'Action.OpenUrl',
        title: 'View details',
        url: runDetailsLink(base, runId),
      });
    }
    const welcome = welcomeCard({ tenant: null, openRosterUrl: openRosterLink(base) });
    expect(validate(welcome)).toEqual([]);
  });
});
