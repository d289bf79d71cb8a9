import { Router, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../app-error.js';
import { linkTenant } from '../../sync/link-tenant.js';
import type { AppDeps } from '../app-deps.js';
import { callerOf } from '../auth/authenticate.js';
import { requireAdmin } from '../auth/authorization.js';

const callbackSchema = z.looseObject({
  state: z.string().max(2048).optional(),
  tenant: z.string().max(64).optional(),
  admin_consent: z.string().max(16).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(4096).optional(),
});

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page the consent popup (or browser tab) lands on; no script, so the CSP stays strict. */
function page(res: Response, status: number, title: string, message: string): void {
  res
    .status(status)
    .type('html')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Roster – ${escapeHtml(title)}</title></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
        `<p><a href="/">Back to Roster</a></p></main></body></html>`,
    );
}

/** Link Entra ID Account: admin consent out and back, then Roster confirms with Graph itself. */
export function linkRoutes(deps: AppDeps): Router {
  const router = Router();

  router.post('/api/tenant/link', (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    const state = deps.consent.states.issue({ tenantId: caller.tenantId, userId: caller.userId });
    const url = new URL(`/${caller.tenantId}/v2.0/adminconsent`, deps.consent.authorityHost);
    url.searchParams.set('client_id', deps.consent.clientId);
    url.searchParams.set('redirect_uri', deps.consent.redirectUri);
    url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
    url.searchParams.set('state', state);
    res.json({ consentUrl: url.toString() });
  });

  router.delete('/api/tenant/link', async (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    if ((await deps.store.tenants.get(caller.tenantId)) === undefined) {
      throw new AppError('tenant_not_linked', 404, `Tenant ${caller.tenantId} is not linked.`);
    }
    await deps.store.tenants.remove(caller.tenantId);
    res.status(204).end();
  });

  router.get('/auth/consent/callback', async (req, res) => {
    const query = callbackSchema.safeParse(req.query);
    if (!query.success) {
      page(res, 400, 'Linking failed', 'The answer from Microsoft Entra ID was not understood.');
      return;
    }
    const { state, tenant, error, error_description: description } = query.data;
    const claims = state === undefined ? undefined : deps.consent.states.redeem(state);
    if (claims === undefined) {
      page(
        res,
        400,
        'Linking failed',
        'This link has expired or was already used. Start again from Roster.',
      );
      return;
    }
    if (error !== undefined) {
      const cancelled = error === 'access_denied';
      page(
        res,
        cancelled ? 200 : 400,
        cancelled ? 'Consent was not granted' : 'Linking failed',
        cancelled
          ? 'Roster was not linked. An administrator can link it any time from Roster.'
          : `Microsoft Entra ID answered: ${description ?? error}`,
      );
      return;
    }
    // Never trust `tenant` alone: it must be the tenant the state was issued to, and Graph must agree.
    if (tenant?.toLowerCase() !== claims.tenantId) {
      page(
        res,
        400,
        'Linking failed',
        'Consent was given for another tenant than the one that asked.',
      );
      return;
    }
    try {
      const linked = await linkTenant(deps, claims.tenantId);
      page(
        res,
        200,
        'Roster is linked',
        `Roster is linked to ${linked.displayName}. You can close this window.`,
      );
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      page(res, caught.status, 'Linking failed', caught.message);
    }
  });

  return router;
}
