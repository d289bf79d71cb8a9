import { Router } from 'express';
import { AppError, notLinked } from '../../app-error.js';
import type { Me } from '../../contracts/api.js';
import { tenantSettingsSchema } from '../../domain/settings.js';
import { StoreConflict } from '../../ports/store.js';
import { settingsOf } from '../../sync/tenant-settings.js';
import type { AppDeps } from '../app-deps.js';
import { callerOf } from '../auth/authenticate.js';
import { requireAdmin } from '../auth/authorization.js';
import { parseInput } from '../errors.js';

/** An ETag for a tenant record's version: what `If-Match` must send back. */
const etagOf = (version: number) => `"v${version}"`;

/** Who the caller is, and the tenant's settings (admins only). */
export function tenantRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/api/me', async (_req, res) => {
    const caller = callerOf(res);
    const tenant = await deps.store.tenants.get(caller.tenantId);
    const me: Me = {
      userId: caller.userId,
      name: caller.name,
      username: caller.username,
      tenantId: caller.tenantId,
      isAdmin: caller.isAdmin,
      tenantLinked: tenant !== undefined,
    };
    res.json(me);
  });

  router.get('/api/tenant', async (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    const tenant = await deps.store.tenants.get(caller.tenantId);
    if (tenant === undefined) throw notLinked(caller.tenantId);
    res.set('etag', etagOf(tenant.version)).json({
      tenantId: tenant.tenantId,
      displayName: tenant.displayName,
      linkedAt: tenant.linkedAt,
      linkedBy: tenant.linkedBy,
      settings: settingsOf(tenant),
    });
  });

  router.put('/api/tenant/settings', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const ifMatch = req.get('if-match');
    if (ifMatch === undefined) {
      throw new AppError(
        'precondition_required',
        428,
        'Send If-Match with the ETag of the settings you changed.',
      );
    }
    const settings = parseInput(tenantSettingsSchema, req.body, 'settings');
    const tenant = await deps.store.tenants.get(caller.tenantId);
    if (tenant === undefined) throw notLinked(caller.tenantId);
    if (ifMatch !== etagOf(tenant.version)) throw staleSettings();
    try {
      const saved = await deps.store.tenants.save({ ...tenant, settings }, tenant.version);
      res.set('etag', etagOf(saved.version)).json({ settings });
    } catch (error) {
      if (error instanceof StoreConflict) throw staleSettings();
      throw error;
    }
  });

  return router;
}

const staleSettings = () =>
  new AppError(
    'settings_changed',
    412,
    'The settings changed since you loaded them; reload and try again.',
  );
