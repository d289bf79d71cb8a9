/**
 * Where the cards' links lead. Inside Teams a link should open Roster's personal tab, not a
 * browser: a Teams deep link names the app (the manifest's `id`, not the bot's), the tab's
 * `entityId`, and in `context` a `subEntityId` the tab reads as `page.subPageId` to open a
 * run. Without the app's id the links open Roster's own pages.
 */

/** What the links are built from. */
export interface RosterLinkBase {
  /** Roster's public address, without a trailing slash: its pages outside Teams. */
  readonly publicUrl: string;
  /** The Teams app's id (the manifest's `id`); unset, links open Roster's pages. */
  readonly teamsAppId?: string | undefined;
}

/** The personal tab links open: its page follows a run's sub-entity to the run. */
export const rosterTabEntityId = 'dashboard';

const teamsEntityLinkBase = 'https://teams.microsoft.com/l/entity';

/** The link to a run's details: the tab in Teams, opened on the run, or Roster's run page. */
export function runDetailsLink(base: RosterLinkBase, runId: string): string {
  const webUrl = `${base.publicUrl}/runs/${encodeURIComponent(runId)}`;
  if (base.teamsAppId === undefined) return webUrl;
  return teamsTabLink(base.teamsAppId, { webUrl, label: 'Sync run', subEntityId: `run:${runId}` });
}

/** The link that opens Roster: its tab in Teams, or its home page. */
export function openRosterLink(base: RosterLinkBase): string {
  const webUrl = `${base.publicUrl}/`;
  if (base.teamsAppId === undefined) return webUrl;
  return teamsTabLink(base.teamsAppId, { webUrl, label: 'Roster' });
}

/**
 * A deep link to Roster's tab. `webUrl` is where clients that cannot show the tab go; the
 * context is JSON, URL-encoded as a whole.
 */
function teamsTabLink(
  appId: string,
  target: { readonly webUrl: string; readonly label: string; readonly subEntityId?: string },
): string {
  const query = [
    `webUrl=${encodeURIComponent(target.webUrl)}`,
    `label=${encodeURIComponent(target.label)}`,
    ...(target.subEntityId === undefined
      ? []
      : [`context=${encodeURIComponent(JSON.stringify({ subEntityId: target.subEntityId }))}`]),
  ];
  return `${teamsEntityLinkBase}/${encodeURIComponent(appId)}/${rosterTabEntityId}?${query.join('&')}`;
}
