import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../app-error.js';
import { unlinkQuerySchema } from '../../contracts/api.js';
import { linkTenant } from '../../sync/link-tenant.js';
import type { AppDeps } from '../app-deps.js';
import { callerOf } from '../auth/authenticate.js';
import { requireAdmin } from '../auth/authorization.js';
import { sendConsentPage as page } from '../consent-page.js';
import { parseInput } from '../errors.js';

const callbackSchema = z.looseObject({
  state: z.string().max(2048).optional(),
  tenant: z.string().max(64).optional(),
  admin_consent: z.string().max(16).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(4096).optional(),
});

/** Link Entra ID Account: admin consent out and back, then Roster confirms with Graph itself. */
export function linkRoutes(deps: AppDeps): Router {
  const router = Router();

  router.post('/api/tenant/link', async (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    // Recorded now (an unlink forgot the tenant's admins): the callback names who linked.
    await deps.store.admins.record(caller.tenantId, {
      userId: caller.userId,
      name: caller.name,
      lastSeenAt: deps.clock.now().toISOString(),
    });
    const state = deps.consent.states.issue({ tenantId: caller.tenantId, userId: caller.userId });
    const url = new URL(`/${caller.tenantId}/v2.0/adminconsent`, deps.consent.authorityHost);
    url.searchParams.set('client_id', deps.consent.clientId);
    url.searchParams.set('redirect_uri', deps.consent.redirectUri);
    url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
    url.searchParams.set('state', state);
    res.json({ consentUrl: url.toString() });
  });

  // Unlink keeps the directory and run history unless asked; deleting works even after an
  // unlink, so an admin can still remove what an earlier unlink kept.
  router.delete('/api/tenant/link', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const { deleteData } = parseInput(unlinkQuerySchema, req.query, 'query');
    if (deleteData) {
      await deps.store.tenants.remove(caller.tenantId);
    } else if ((await deps.store.tenants.get(caller.tenantId)) === undefined) {
      throw new AppError('tenant_not_linked', 404, `Tenant ${caller.tenantId} is not linked.`);
    } else {
      await deps.store.tenants.unlink(caller.tenantId);
    }
    res.status(204).end();
  });

  router.get('/auth/consent/callback', async (req, res) => {
    const query = callbackSchema.safeParse(req.query);
    if (!query.success) {
      page(
        res,
        400,
        { outcome: 'failed', code: 'invalid_callback' },
        'Linking failed',
        'The answer from Microsoft Entra ID was not understood.',
      );
      return;
    }
    const { state, tenant, error, error_description: description } = query.data;
    const claims = state === undefined ? undefined : deps.consent.states.redeem(state);
    if (claims === undefined) {
      page(
        res,
        400,
        { outcome: 'failed', code: 'consent_state_invalid' },
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
        cancelled
          ? { outcome: 'cancelled', code: 'consent_declined' }
          : { outcome: 'failed', code: 'consent_error' },
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
        { outcome: 'failed', code: 'tenant_mismatch' },
        'Linking failed',
        'Consent was given for another tenant than the one that asked.',
      );
      return;
    }
    try {
      const admin = await deps.store.admins.get(claims.tenantId, claims.userId);
      const linked = await linkTenant(deps, claims.tenantId, {
        userId: claims.userId,
        name: admin?.name ?? claims.userId,
      });
      page(
        res,
        200,
        { outcome: 'linked' },
        'Roster is linked',
        `Roster is linked to ${linked.displayName}. You can close this window.`,
      );
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      page(
        res,
        caught.status,
        { outcome: 'failed', code: caught.code },
        'Linking failed',
        caught.message,
      );
    }
  });

  return router;
}
