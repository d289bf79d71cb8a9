import {
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AccountInfo,
} from '@azure/msal-browser';
import type { ClientConfig } from './client-config';
import type { Session } from './session';
import { themeFromBrowser, watchBrowserTheme } from './theme';

/**
 * Outside Teams: MSAL (authorization code with PKCE) against the configured authority, the
 * emulator locally and Entra ID in production. Resolves once someone is signed in; with no one
 * signed in it sends the page to the authority's sign-in page and never resolves.
 */
export async function startBrowserSession(config: ClientConfig, win: Window): Promise<Session> {
  const redirectUri = `${win.location.origin}/`;
  const msal = new PublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: [...config.knownAuthorities],
      redirectUri,
      postLogoutRedirectUri: redirectUri,
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await msal.initialize();
  const result = await msal.handleRedirectPromise();
  // The page the sign-in started from, so a deep link survives the round trip.
  const returnTo =
    result?.state !== undefined && result.state.startsWith('/') ? result.state : undefined;
  const account: AccountInfo | undefined = result?.account ?? msal.getAllAccounts()[0];
  const scopes = [...config.scopes];
  if (account === undefined) {
    const path = `${win.location.pathname}${win.location.search}`;
    await msal.loginRedirect({ scopes, redirectUri, state: path });
    return new Promise<never>(() => undefined);
  }
  msal.setActiveAccount(account);
  return {
    kind: 'browser',
    async getToken() {
      try {
        return (await msal.acquireTokenSilent({ scopes, account })).accessToken;
      } catch (error) {
        if (error instanceof InteractionRequiredAuthError) {
          await msal.acquireTokenRedirect({ scopes, account, redirectUri });
        }
        throw error;
      }
    },
    theme: themeFromBrowser((query) => win.matchMedia(query)),
    onThemeChange: (listener) => watchBrowserTheme((query) => win.matchMedia(query), listener),
    initialPath: returnTo,
    signOut: () => msal.logoutRedirect({ account, postLogoutRedirectUri: redirectUri }),
    userName: account.name ?? account.username,
  };
}
