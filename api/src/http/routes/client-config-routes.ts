import { Router } from 'express';
import type { AppDeps } from '../app-deps.js';

/** What the tab needs to sign in outside Teams, as `GET /auth/client-config` answers it. */
export interface ClientConfig {
  /** The app registration the tab signs in as (and whose API it calls). */
  readonly clientId: string;
  /** Multi-tenant sign-in: any work account, on the configured authority. */
  readonly authority: string;
  /** Hosts MSAL may trust without Microsoft's instance discovery (the emulator locally). */
  readonly knownAuthorities: readonly string[];
  /** The delegated scope whose tokens Roster's API accepts. */
  readonly scopes: readonly string[];
}

const microsoftAuthority = 'login.microsoftonline.com';

/**
 * The tab's sign-in configuration, unauthenticated: it is what a browser needs before it has
 * a token, and holds nothing secret (client ids and authorities are public in every token).
 */
export function clientConfigRoutes(deps: Pick<AppDeps, 'consent' | 'apiScope'>): Router {
  const router = Router();
  const authority = new URL(deps.consent.authorityHost);
  const body: ClientConfig = {
    clientId: deps.consent.clientId,
    authority: new URL('/organizations', authority).toString(),
    knownAuthorities: authority.host === microsoftAuthority ? [] : [authority.host],
    scopes: [deps.apiScope ?? `api://${deps.consent.clientId}/access_as_user`],
  };
  router.get('/auth/client-config', (_req, res) => {
    res.set('cache-control', 'no-cache').json(body);
  });
  return router;
}
