import { Router } from 'express';
import { AppError, notLinked } from '../../app-error.js';
import { csvLine } from '../../cli/csv.js';
import { idParamSchema, pageQuerySchema } from '../../contracts/api.js';
import { loadSettings } from '../../sync/tenant-settings.js';
import type { AppDeps } from '../app-deps.js';
import { callerOf } from '../auth/authenticate.js';
import { requireAdmin } from '../auth/authorization.js';
import { parseInput } from '../errors.js';

/** The directory Roster keeps, in the configured field order: admins of the caller's tenant. */
export function employeeRoutes(deps: AppDeps): Router {
  const router = Router();

  const columnsOf = async (tenantId: string) => {
    const tenant = await deps.store.tenants.get(tenantId);
    if (tenant === undefined) throw notLinked(tenantId);
    return loadSettings(tenant.settings)
      .fields.filter((f) => f.enabled)
      .map((f) => ({ key: f.key, label: f.label }));
  };

  router.get('/api/employees/export.csv', async (_req, res) => {
    const caller = requireAdmin(callerOf(res));
    const columns = await columnsOf(caller.tenantId);
    res.type('text/csv').attachment('employees.csv');
    res.write(`${csvLine(['id', ...columns.map((c) => c.label)])}\r\n`);
    // Streamed a keyset page at a time: a 100k directory never sits in memory whole.
    let after: string | undefined;
    do {
      const page = await deps.store.employees.page(caller.tenantId, {
        limit: 1000,
        ...(after === undefined ? {} : { after }),
      });
      const lines = page.items.map(
        (e) => `${csvLine([e.id, ...columns.map((c) => e.fields[c.key] ?? null)])}\r\n`,
      );
      if (!res.write(lines.join(''))) await new Promise((resolve) => res.once('drain', resolve));
      after = page.next;
    } while (after !== undefined);
    res.end();
  });

  router.get('/api/employees', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const query = parseInput(pageQuerySchema, req.query, 'query');
    const columns = await columnsOf(caller.tenantId);
    const page = await deps.store.employees.page(caller.tenantId, {
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { after: query.cursor }),
    });
    res.json({ columns, employees: page.items, next: page.next ?? null });
  });

  router.get('/api/employees/:id', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const { id } = parseInput(idParamSchema, req.params, 'employee id');
    const [employee] = await deps.store.employees.getMany(caller.tenantId, [id]);
    if (employee === undefined) throw new AppError('employee_not_found', 404, `No employee ${id}.`);
    res.json({ columns: await columnsOf(caller.tenantId), employee });
  });

  return router;
}
