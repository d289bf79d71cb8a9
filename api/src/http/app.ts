import { randomUUID } from 'node:crypto';
import express, { json, type Express } from 'express';
import helmet from 'helmet';
import type { AppDeps } from './app-deps.js';
import { authenticate } from './auth/authenticate.js';
import { errorHandler, notFound } from './errors.js';
import { employeeRoutes } from './routes/employee-routes.js';
import { linkRoutes } from './routes/link-routes.js';
import { syncRoutes } from './routes/sync-routes.js';
import { tenantRoutes } from './routes/tenant-routes.js';

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

/** Roster's HTTP API as an Express app; `main.ts` gives it its dependencies and a port. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
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
      contentSecurityPolicy: {
        directives: { 'frame-ancestors': frameAncestors },
      },
      frameguard: false,
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    await deps.store.tenants.get('00000000-0000-0000-0000-000000000000');
    res.json({ status: 'ready' });
  });

  app.use('/api', json({ limit: '256kb', strict: true }), authenticate(deps.validator));
  app.use(linkRoutes(deps));
  app.use(tenantRoutes(deps));
  app.use(syncRoutes(deps));
  app.use(employeeRoutes(deps));
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
