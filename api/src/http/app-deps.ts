import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Clock } from '../ports/clock.js';
import type { DirectoryConnector } from '../ports/directory-source.js';
import type { RosterStore } from '../ports/store.js';
import type { SyncLauncher } from '../sync/sync-launcher.js';
import type { AccessTokenValidator } from './auth/access-token-validator.js';
import type { ConsentStates } from './consent-state.js';
import type { RateLimits } from './rate-limit.js';

/** What the HTTP app needs, built by the composition root. */
export interface AppDeps {
  readonly store: RosterStore;
  readonly directory: DirectoryConnector;
  readonly clock: Clock;
  readonly validator: AccessTokenValidator;
  readonly launcher: SyncLauncher;
  readonly logger: Logger;
  /** What admin consent needs: where Entra ID is, who Roster is, where consent comes back. */
  readonly consent: {
    readonly authorityHost: string;
    readonly clientId: string;
    readonly redirectUri: string;
    readonly states: ConsentStates;
  };
  /** Requests allowed per user, tenant and client address; `defaultRateLimits` when unset. */
  readonly rateLimits?: RateLimits;
  /** Reverse proxies whose `X-Forwarded-For` entries name the client address; 0 when unset. */
  readonly trustProxyHops?: number;
  /**
   * The delegated scope the tab asks for outside Teams (`GET /auth/client-config`);
   * `api://{clientId}/access_as_user` when unset.
   */
  readonly apiScope?: string;
  /** The built tab served at `/`; unset, `/` says the tab is not built. */
  readonly tabDir?: string;
  /**
   * The bot's `POST /api/messages` (`bot/messages-endpoint.ts`), mounted before the API's
   * token check: the bot checks its own tokens. Unset, the API has no bot.
   */
  readonly botEndpoint?: RequestHandler;
}
