import { Router } from 'express';
import { AppError, notLinked } from '../../app-error.js';
import {
  idParamSchema,
  previewRequestSchema,
  runChangesQuerySchema,
  runsQuerySchema,
} from '../../contracts/api.js';
import { resolveHeldRemovals } from '../../sync/resolve-held-removals.js';
import { previewSync } from '../../sync/preview-sync.js';
import { tenantSchedule } from '../../sync/tenant-schedule.js';
import { settingsOf } from '../../sync/tenant-settings.js';
import type { AppDeps } from '../app-deps.js';
import { callerOf } from '../auth/authenticate.js';
import { requireAdmin } from '../auth/authorization.js';
import { parseInput } from '../errors.js';

/** Sync Now, its progress, the dry run, and run history: admins of the caller's tenant only. */
export function syncRoutes(deps: AppDeps): Router {
  const router = Router();

  const linkedTenant = async (tenantId: string) => {
    const tenant = await deps.store.tenants.get(tenantId);
    if (tenant === undefined) throw notLinked(tenantId);
    return tenant;
  };

  router.post('/api/sync', async (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    await linkedTenant(caller.tenantId);
    const run = await deps.launcher.launch(caller.tenantId, 'manual');
    res.status(202).json({ run });
  });

  router.get('/api/sync/status', async (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    const [latest] = await deps.store.runs.list(caller.tenantId, { limit: 1 });
    const progress = deps.launcher.progressOf(caller.tenantId);
    const tenant = await linkedTenant(caller.tenantId);
    const schedule = await tenantSchedule(
      deps,
      caller.tenantId,
      settingsOf(tenant).scheduleIntervalMinutes,
    );
    res.json({
      // healthy, retrying (after failures) or quarantined (consent revoked, or failing daily).
      health: schedule.health,
      nextScheduledAt: schedule.dueAt,
      running: latest?.status === 'running',
      run: latest ?? null,
      progress: progress !== undefined && progress.runId === latest?.id ? progress : null,
    });
  });

  router.post('/api/sync/preview', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const { settings } = parseInput(previewRequestSchema, req.body ?? {}, 'preview');
    res.json(await previewSync(deps, caller.tenantId, settings === undefined ? {} : { settings }));
  });

  router.get('/api/runs', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const query = parseInput(runsQuerySchema, req.query, 'query');
    res.json({ runs: await deps.store.runs.list(caller.tenantId, { limit: query.limit }) });
  });

  router.get('/api/runs/:id', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const { id } = parseInput(idParamSchema, req.params, 'run id');
    const run = await deps.store.runs.get(caller.tenantId, id);
    if (run === undefined) throw new AppError('run_not_found', 404, `No run ${id}.`);
    res.json({ run });
  });

  router.get('/api/runs/:id/changes', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const { id } = parseInput(idParamSchema, req.params, 'run id');
    const query = parseInput(runChangesQuerySchema, req.query, 'query');
    if ((await deps.store.runs.get(caller.tenantId, id)) === undefined) {
      throw new AppError('run_not_found', 404, `No run ${id}.`);
    }
    const page = await deps.store.runs.changes(caller.tenantId, id, {
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { after: query.cursor }),
      ...(query.kind === undefined ? {} : { kind: query.kind }),
    });
    res.json({ changes: page.items, next: page.next ?? null });
  });

  // Held removals (Clean Up over its threshold): remove them now, or keep the employees.
  for (const [path, action] of [
    ['confirm', 'confirmed'],
    ['discard', 'discarded'],
  ] as const) {
    router.post(`/api/runs/:id/removals/${path}`, async (req, res) => {
      const caller = requireAdmin(callerOf(res));
      const { id } = parseInput(idParamSchema, req.params, 'run id');
      await linkedTenant(caller.tenantId);
      const run = await resolveHeldRemovals(deps, caller.tenantId, id, action, {
        userId: caller.userId,
        name: caller.name,
      });
      res.json({ run });
    });
  }

  return router;
}
