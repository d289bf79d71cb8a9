import { Router } from 'express';
import { AppError, notLinked } from '../../app-error.js';
import { csvLine } from '../../cli/csv.js';
import { employeesQuerySchema, explainQuerySchema, idParamSchema } from '../../contracts/api.js';
import { directoryFailure } from '../../sync/directory-failure.js';
import { explainUser } from '../../sync/explain-user.js';
import { settingsOf } from '../../sync/tenant-settings.js';
import type { AppDeps } from '../app-deps.js';
import { DirectoryError } from '../../ports/directory-source.js';
import { callerOf } from '../auth/authenticate.js';
import { requireAdmin } from '../auth/authorization.js';
import { parseInput } from '../errors.js';
import type { LinkedTenant } from '../../ports/store.js';

interface Column {
  readonly key: string;
  readonly label: string;
}

/** The directory Roster keeps, in the configured field order: admins of the caller's tenant. */
export function employeeRoutes(deps: AppDeps): Router {
  const router = Router();

  // Per tenant record: the stores hand out one record until the tenant changes. With the
  // columns, the start of a page's JSON, which names them.
  const columnsByTenant = new WeakMap<LinkedTenant, { columns: Column[]; pageStart: Buffer }>();
  const tenantColumns = async (tenantId: string) => {
    const tenant = await deps.store.tenants.get(tenantId);
    if (tenant === undefined) throw notLinked(tenantId);
    const known = columnsByTenant.get(tenant);
    if (known !== undefined) return known;
    const columns = settingsOf(tenant)
      .fields.filter((f) => f.enabled)
      .map((f) => ({ key: f.key, label: f.label }));
    const pageStart = Buffer.from(`{"columns":${JSON.stringify(columns)},"employees":[`);
    columnsByTenant.set(tenant, { columns, pageStart });
    return { columns, pageStart };
  };
  const columnsOf = async (tenantId: string) => (await tenantColumns(tenantId)).columns;

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
    const query = parseInput(employeesQuerySchema, req.query, 'query');
    const { pageStart } = await tenantColumns(caller.tenantId);
    const page = await deps.store.employees.pageJson(caller.tenantId, {
      limit: query.limit,
      ...(query.cursor === undefined ? {} : { after: fromCursor(query.cursor) }),
      ...(query.search === undefined ? {} : { search: query.search }),
    });
    // The employees go out as the store gives them, unparsed: this is the tab's busiest call.
    const next = JSON.stringify(page.next === undefined ? null : toCursor(page.next));
    const body: Uint8Array[] = [pageStart];
    for (const [i, item] of page.items.entries()) {
      if (i > 0) body.push(comma);
      body.push(item);
    }
    body.push(Buffer.from(`],"next":${next}}`));
    res.type('json').send(Buffer.concat(body));
  });

  router.get('/api/employees/:id', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const { id } = parseInput(idParamSchema, req.params, 'employee id');
    const [employee] = await deps.store.employees.getMany(caller.tenantId, [id]);
    if (employee === undefined) throw new AppError('employee_not_found', 404, `No employee ${id}.`);
    res.json({
      columns: await columnsOf(caller.tenantId),
      employee,
      ...(await explanationOf(caller.tenantId, id)),
    });
  });

  // "Why isn't Anna imported?": any user of the tenant's Entra ID, imported or not.
  router.get('/api/explain', async (req, res) => {
    const caller = requireAdmin(callerOf(res));
    const { user } = parseInput(explainQuerySchema, req.query, 'query');
    try {
      res.json({ explanation: await explainUser(deps, caller.tenantId, user) });
    } catch (error) {
      throw directoryFailure(error, `user ${user}`, 'User.Read.All');
    }
  });

  /** The live explanation beside what is stored; Graph being unreachable is no reason to fail. */
  const explanationOf = async (tenantId: string, id: string) => {
    try {
      return { explanation: await explainUser(deps, tenantId, id), explanationError: null };
    } catch (error) {
      if (!(error instanceof AppError) && !(error instanceof DirectoryError)) throw error;
      return { explanation: null, explanationError: error.message };
    }
  };

  return router;
}

const comma = Buffer.from(',');

/** Cursors travel as base64url: a sort key holds any character a name can. */
const toCursor = (sortKey: string) => Buffer.from(sortKey, 'utf8').toString('base64url');
const fromCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');
