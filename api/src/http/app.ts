import { randomUUID } from 'node:crypto';
import express, { json, Router, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { AppDeps } from './app-deps.js';
import { authenticate } from './auth/authenticate.js';
import { consentPageScripts } from './consent-page.js';
import { recordAdmins } from './record-admins.js';
import { errorHandler, notFound } from './errors.js';
import { healthRoutes } from './health-routes.js';
import { defaultRateLimits, limitCallers, limitClients } from './rate-limit.js';
import { clientConfigRoutes } from './routes/client-config-routes.js';
import { directoryRoutes } from './routes/directory-routes.js';
import { employeeRoutes } from './routes/employee-routes.js';
import { linkRoutes } from './routes/link-routes.js';
import { syncRoutes } from './routes/sync-routes.js';
import { tenantRoutes } from './routes/tenant-routes.js';
import { serveTab } from './serve-tab.js';

/** Hosts that may frame Roster's tab: Teams, Outlook and the Microsoft 365 app. */
export const frameAncestors = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.microsoft365.com',
];

/**
 * Where the Teams JavaScript library fetches its current list of Teams host origins; when
 * blocked it falls back to the list it ships with. It loads no remote script.
 */
const teamsValidOriginsHost = 'https://res.cdn.office.net';

/**
 * The Content-Security-Policy of every answer: the tab's scripts and styles come from Roster
 * itself, and outside Teams it signs in with PKCE against the authority (`authorityHost`).
 */
export function contentSecurityPolicy(authorityHost: string) {
  const authority = new URL(authorityHost).origin;
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'connect-src': ["'self'", authority, teamsValidOriginsHost],
    // MSAL renews a session in a hidden iframe on the authority when a refresh token cannot.
    'frame-src': ["'self'", authority],
    'img-src': ["'self'", 'data:'],
    // Fluent UI v9 (Griffel) inserts its style rules at run time.
    'style-src': ["'self'", "'unsafe-inline'"],
    'font-src': ["'self'", 'data:'],
    'frame-ancestors': frameAncestors,
    // Production is HTTPS end to end; on the loopback HTTP of `npm start` it would break the tab.
    'upgrade-insecure-requests': null,
  };
}

/** Roster's HTTP API as an Express app; `main.ts` gives it its dependencies and a port. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  // Behind N proxies `req.ip` is the client their `X-Forwarded-For` names (per-IP limits).
  if ((deps.trustProxyHops ?? 0) > 0) app.set('trust proxy', deps.trustProxyHops);
  const limits = deps.rateLimits ?? defaultRateLimits;
  const nowMs = () => deps.clock.now().getTime();
  app.use((req, res, next) => {
    const requestId = randomUUID();
    res.locals['requestId'] = requestId;
    res.set('x-request-id', requestId);
    const started = performance.now();
    res.on('finish', () => {
      // Ids only: tenant and user are object ids, never names or addresses.
      deps.logger.info(
        {
          requestId,
          method: req.method,
          path: req.route === undefined ? req.path : String((req.route as { path: unknown }).path),
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          tenantId: (res.locals['caller'] as { tenantId?: string } | undefined)?.tenantId,
        },
        'request',
      );
    });
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: { directives: contentSecurityPolicy(deps.consent.authorityHost) },
      // The tab opens the admin-consent popup, which passes through Entra ID's origin: with
      // `same-origin` the popup would lose its opener and could not report back.
      crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
      frameguard: false,
    }),
  );

  app.use(healthRoutes(deps));
  // Bot Framework and Entra tokens for the bot, not API tokens: checked by the bot itself.
  if (deps.botEndpoint !== undefined) app.use(deps.botEndpoint);
  // Limited before the body is read: a refused request costs no parsing.
  const parseJson: RequestHandler = json({ limit: '256kb', strict: true });
  // One router mounted once: Express rewrites the URL for each layer mounted on a path.
  const apiGate = Router();
  apiGate.use(
    authenticate(deps.validator),
    limitCallers(limits, nowMs),
    // A GET's body means nothing here, and most calls are GETs.
    (req, res, next) => (req.method === 'GET' ? next() : parseJson(req, res, next)),
    recordAdmins(deps.store.admins, deps.clock),
  );
  app.use('/api', apiGate);
  // First among the routes: the Employees view's calls are most of the API's traffic, and
  // every router before them costs each of those calls a look at its routes.
  app.use(employeeRoutes(deps));
  app.use('/auth/consent/callback', limitClients(limits.consent, nowMs));
  app.use(consentPageScripts());
  app.use(clientConfigRoutes(deps));
  app.use(linkRoutes(deps));
  app.use(tenantRoutes(deps));
  app.use(syncRoutes(deps));
  app.use(directoryRoutes(deps));
  app.use(serveTab(deps.tabDir));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
