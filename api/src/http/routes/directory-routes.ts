import { Router } from 'express';
import { groupSearchQuerySchema, type GroupSearchResponse } from '../../contracts/api.js';
import { checkConnectivity } from '../../sync/check-connectivity.js';
import { listMappableAttributes } from '../../sync/list-mappable-attributes.js';
import { searchGroups } from '../../sync/search-groups.js';
import type { AppDeps } from '../app-deps.js';
import { callerOf } from '../auth/authenticate.js';
import { requireAdmin } from '../auth/authorization.js';
import { parseInput } from '../errors.js';

/**
 * Live reads of the caller's directory for the settings pages: Check Connectivity, the group
 * picker of the filters, and the attributes fields can map. Admins of a linked tenant only;
 * the tenant is always the caller's own.
 */
export function directoryRoutes(deps: AppDeps): Router {
  const router = Router();

  router.post('/api/tenant/connectivity', async (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    // A failed check is still a successful answer: the report says what failed and why.
    res.json(await checkConnectivity(deps, caller.tenantId));
  });

  router.get('/api/groups', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const query = parseInput(groupSearchQuerySchema, req.query, 'query');
    const groups = await searchGroups(deps, caller.tenantId, query.search, query.limit);
    const body: GroupSearchResponse = { groups };
    res.json(body);
  });

  router.get('/api/attributes', async (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    res.json(await listMappableAttributes(deps, caller.tenantId));
  });

  return router;
}
