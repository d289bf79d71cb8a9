import type { ThemeName } from './theme';

/**
 * Where the tab runs and how it gets tokens: inside Teams (SSO) or in a browser (MSAL).
 * Pages see only this, never the SDKs.
 */
export interface Session {
  readonly kind: 'teams' | 'browser';
  /** A fresh access token for Roster's API. */
  getToken(): Promise<string>;
  /** The theme to start with. */
  readonly theme: ThemeName;
  /** Follows the host's theme changes; returns the unsubscribe. */
  onThemeChange(listener: (name: ThemeName) => void): () => void;
  /** The route a deep link asked for (a run's details), if any. */
  readonly initialPath: string | undefined;
  /** Signs out, in a browser; Teams owns the session, so there it is undefined. */
  readonly signOut: (() => Promise<void>) | undefined;
  /** Who signed in, as the sign-in named them. */
  readonly userName: string | undefined;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The route for a Teams deep link's `subPageId` (or the older `subEntityId`): `run:<id>`,
 * `runs/<id>` or a bare run id open that run's details; anything else opens the dashboard.
 */
export function routeForDeepLink(subPageId: string | undefined): string | undefined {
  if (subPageId === undefined || subPageId === '') return undefined;
  const id = subPageId.replace(/^(run:|runs\/|\/runs\/)/, '');
  return uuidPattern.test(id) ? `/runs/${id.toLowerCase()}` : undefined;
}
