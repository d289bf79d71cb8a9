import { app, authentication } from '@microsoft/teams-js';
import { routeForDeepLink, type Session } from './session';
import { themeFromTeams } from './theme';

/**
 * Connects to the Teams host: its context (theme, deep link), its theme changes and SSO
 * tokens from `authentication.getAuthToken`, asked for on every API call (the library
 * caches them). Resolves undefined when no host answers in time.
 */
export async function connectToTeams(timeoutMs: number): Promise<Session | undefined> {
  const initialized = await Promise.race([
    app.initialize().then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  ]).catch(() => false);
  if (!initialized) return undefined;
  const context = await app.getContext();
  const listeners = new Set<(name: ReturnType<typeof themeFromTeams>) => void>();
  app.registerOnThemeChangeHandler((theme) => {
    for (const listener of listeners) listener(themeFromTeams(theme));
  });
  // Only matters when the manifest shows a loading indicator; nothing to do if it fails.
  app.notifySuccess().catch(() => undefined);
  return {
    kind: 'teams',
    getToken: () => authentication.getAuthToken(),
    theme: themeFromTeams(context.app.theme),
    onThemeChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    initialPath: routeForDeepLink(context.page.subPageId),
    signOut: undefined,
    userName: context.user?.displayName ?? context.user?.userPrincipalName,
  };
}
