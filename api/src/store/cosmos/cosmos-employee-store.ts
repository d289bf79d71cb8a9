import type { Container, OperationInput } from '@azure/cosmos';
import type { Employee } from '../../domain/employee.js';
import { employeeSearchText, employeeSortKey, searchTerms } from '../../domain/employee-search.js';
import type {
  EmployeePage,
  EmployeePageJson,
  EmployeeQuery,
  EmployeeStore,
  EmployeeWrites,
} from '../../ports/store.js';
import {
  chunk,
  executeBatch,
  inParallel,
  itemId,
  jsonBytes,
  maxBatchBytes,
  maxBatchOperations,
  queryAll,
  queryPages,
  sql,
} from './cosmos-support.js';
import { pageLimit } from '../store-input.js';

/**
 * One item per employee. The employee's own id is `employeeId` (what queries filter on); the
 * item id is its Cosmos-safe form, the same string for a GUID. `sortKey` and `search` are
 * what page() orders and searches by (`employee-search.ts`).
 */
type EmployeeItem = Omit<Employee, 'id'> & {
  readonly id: string;
  readonly tenantId: string;
  readonly employeeId: string;
  readonly sortKey: string;
  readonly search: string;
};

/** Ids per query of hashesOf() and getMany(): a Graph page's worth, well under query limits. */
const idsPerQuery = 1_000;

/** Results per page of hashes(): pairs are ~80 bytes, so a page stays far below 4 MB. */
const hashesPerPage = 10_000;

/** Transactional batches of one apply() in flight at once (all hit the tenant's partition). */
const batchesInFlight = 4;

/**
 * Employees of every tenant, partitioned by tenant.
 *
 * Atomicity of `apply()`. Cosmos has no transaction across a partition's items beyond a
 * transactional batch of 100 operations, so a batch is made as safe as Cosmos allows:
 * - everything SQLite's CHECK constraints refuse (an empty id or hash, and here an id too
 *   long for Cosmos) is refused before the first write, so a bad batch writes nothing;
 * - the net writes go in transactional batches of at most 100, all in the tenant's one
 *   partition: a batch of up to 100 writes, a sync's usual delta page, is all-or-nothing;
 * - a bigger batch (a first sync's 999-user page, a Clean Up) is several such batches, and a
 *   failure part way (throttling beyond the SDK's retries, a lost connection) leaves some
 *   written. Each employee's item is always whole (id, hash and record are one item), so
 *   what is written is correct data: the run ends failed, and the next run finds those
 *   employees unchanged by hash and writes the rest.
 * The test peer (`@vercel/cosmosdb-server`) does not roll a failed batch back; only real
 * Cosmos shows the all-or-nothing batch. The contract's rollback tests pass on both because
 * the refusal happens before any write.
 */
export class CosmosEmployeeStore implements EmployeeStore {
  constructor(private readonly employees: Container) {}

  async hashes(tenantId: string): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    const spec = sql('SELECT VALUE [c.employeeId, c.hash] FROM c WHERE c.tenantId = @t', {
      t: tenantId,
    });
    const pages = queryPages<[string, string]>(this.employees, spec, {
      partitionKey: tenantId,
      maxItemCount: hashesPerPage,
    });
    for await (const page of pages) for (const [id, hash] of page) result.set(id, hash);
    return result;
  }

  async hashesOf(tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
    const result = new Map<string, string>();
    for (const part of chunk([...new Set(ids)], idsPerQuery)) {
      const pairs = await queryAll<[string, string]>(
        this.employees,
        sql(
          `SELECT VALUE [c.employeeId, c.hash] FROM c
           WHERE c.tenantId = @t AND ARRAY_CONTAINS(@ids, c.employeeId)`,
          { t: tenantId, ids: part },
        ),
        { partitionKey: tenantId },
      );
      for (const [id, hash] of pairs) result.set(id, hash);
    }
    return result;
  }

  async getMany(tenantId: string, ids: readonly string[]): Promise<Employee[]> {
    const found: Employee[] = [];
    for (const part of chunk([...new Set(ids)], idsPerQuery)) {
      const items = await queryAll<EmployeeItem>(
        this.employees,
        sql('SELECT * FROM c WHERE c.tenantId = @t AND ARRAY_CONTAINS(@ids, c.employeeId)', {
          t: tenantId,
          ids: part,
        }),
        { partitionKey: tenantId },
      );
      found.push(...items.map(toEmployee));
    }
    // In id order, as the embedded store returns them.
    return found.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  async apply(tenantId: string, writes: EmployeeWrites): Promise<number> {
    // Refuse the whole batch before writing any of it (see the class comment).
    const items = writes.upserts.map((employee) => toItem(tenantId, employee));

    // The net effect, as the embedded store's removals-then-upserts in order leave it: the
    // last upsert of an id wins, and an id both removed and upserted is kept.
    const upserts = new Map(items.map((item) => [item.employeeId, item]));
    const removals = [...new Set(writes.removals)];
    // Which removals exist: a transactional delete of a missing item fails its whole batch,
    // and the count reports only employees that were there, as the embedded store's does.
    const stored =
      removals.length === 0 ? new Map<string, string>() : await this.hashesOf(tenantId, removals);
    const deletes = removals.filter((id) => stored.has(id) && !upserts.has(id));

    const operations: OperationInput[] = [
      ...deletes.map((id) => ({ operationType: 'Delete' as const, id: itemId(id) })),
      ...[...upserts.values()].map((item) => ({
        operationType: 'Upsert' as const,
        resourceBody: item,
      })),
    ];
    // A delete carries only its id: 64 bytes is a generous guess.
    const batches = chunk(operations, maxBatchOperations, {
      maxBytes: maxBatchBytes,
      bytes: (operation) => ('resourceBody' in operation ? jsonBytes(operation.resourceBody) : 64),
    });
    await inParallel(batches, batchesInFlight, (batch) =>
      executeBatch(this.employees, tenantId, batch),
    );
    return stored.size + writes.upserts.length;
  }

  async page(tenantId: string, query: EmployeeQuery): Promise<EmployeePage> {
    const limit = pageLimit(query.limit);
    // Each term is a parameter; only their number shapes the query text.
    const terms = searchTerms(query.search);
    const termTests = terms.map((_, i) => ` AND CONTAINS(c.search, @w${i})`).join('');
    const words = Object.fromEntries(terms.map((term, i) => [`w${i}`, ` ${term}`]));
    // One item past the limit tells whether another page follows; keys are never empty.
    const items = await queryAll<EmployeeItem>(
      this.employees,
      sql(
        `SELECT TOP @n * FROM c WHERE c.tenantId = @t AND c.sortKey > @after${termTests}
         ORDER BY c.sortKey`,
        { n: limit + 1, t: tenantId, after: query.after ?? '', ...words },
      ),
      { partitionKey: tenantId },
    );
    const page = items.slice(0, limit);
    const last = page.at(-1);
    return items.length > limit && last !== undefined
      ? { items: page.map(toEmployee), next: last.sortKey }
      : { items: page.map(toEmployee) };
  }

  async pageJson(tenantId: string, query: EmployeeQuery): Promise<EmployeePageJson> {
    const page = await this.page(tenantId, query);
    const items = page.items.map((employee) => Buffer.from(JSON.stringify(employee)));
    return page.next === undefined ? { items } : { items, next: page.next };
  }

  async count(tenantId: string): Promise<number> {
    const [count] = await queryAll<number>(
      this.employees,
      sql('SELECT VALUE COUNT(1) FROM c WHERE c.tenantId = @t', { t: tenantId }),
      { partitionKey: tenantId },
    );
    return count ?? 0;
  }
}

/** The stored item of an employee: the port's fields only, whatever else the object carries. */
function toItem(tenantId: string, employee: Employee): EmployeeItem {
  const { id, email, emailSource, aliases, fields, hash } = employee;
  if (id === '') throw new RangeError('An employee has an empty id');
  if (hash === '') throw new RangeError(`Employee ${id} has an empty content hash`);
  return {
    id: itemId(id),
    tenantId,
    employeeId: id,
    email,
    emailSource,
    aliases,
    fields,
    hash,
    sortKey: employeeSortKey(employee),
    search: employeeSearchText(employee),
  };
}

function toEmployee(item: EmployeeItem): Employee {
  const { employeeId, email, emailSource, aliases, fields, hash } = item;
  return { id: employeeId, email, emailSource, aliases, fields, hash };
}
