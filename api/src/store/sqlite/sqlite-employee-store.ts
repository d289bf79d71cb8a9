import type { Database, Statement } from 'better-sqlite3';
import type { Employee } from '../../domain/employee.js';
import type { EmployeePage, EmployeeStore, EmployeeWrites } from '../../ports/store.js';
import { settle } from './sqlite-support.js';
import { pageLimit } from '../store-input.js';

/** Employees as JSON text with their content hash beside it, keyed (tenant_id, id). */
export class SqliteEmployeeStore implements EmployeeStore {
  private readonly selectHashes: Statement<[string], string>;
  private readonly selectMany: Statement<[string, string], string>;
  private readonly selectHashesOf: Statement<[string, string], string>;
  private readonly selectPage: Statement<[string, string, number], string>;
  private readonly selectCount: Statement<[string], number>;
  private readonly upsert: Statement<[string, string, string, string]>;
  private readonly delete: Statement<[string, string]>;
  private readonly applyBatch: (tenantId: string, writes: EmployeeWrites) => number;

  constructor(db: Database) {
    // One JSON text from SQLite instead of 100k row objects from the driver: building the
    // rows in JS was the slow part (about 2x), and JSON survives any character in an id.
    this.selectHashes = db
      .prepare<[string], string>(
        'SELECT json_group_array(json_array(id, hash)) FROM employees WHERE tenant_id = ?',
      )
      .pluck();
    this.selectHashesOf = db
      .prepare<[string, string], string>(
        `SELECT json_group_array(json_array(id, hash)) FROM employees
         WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))`,
      )
      .pluck();
    this.selectMany = db
      .prepare<[string, string], string>(
        `SELECT doc FROM employees
         WHERE tenant_id = ? AND id IN (SELECT value FROM json_each(?))
         ORDER BY id`,
      )
      .pluck();
    this.selectPage = db
      .prepare<[string, string, number], string>(
        'SELECT doc FROM employees WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?',
      )
      .pluck();
    this.selectCount = db
      .prepare<[string], number>('SELECT count(*) FROM employees WHERE tenant_id = ?')
      .pluck();
    this.upsert = db.prepare(
      `INSERT INTO employees (tenant_id, id, hash, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, id) DO UPDATE SET hash = excluded.hash, doc = excluded.doc`,
    );
    this.delete = db.prepare('DELETE FROM employees WHERE tenant_id = ? AND id = ?');
    this.applyBatch = db.transaction((tenantId: string, writes: EmployeeWrites) => {
      let written = 0;
      // Removals before upserts: should a batch name an id in both, the employee is kept.
      for (const id of writes.removals) written += this.delete.run(tenantId, id).changes;
      for (const employee of writes.upserts) {
        written += this.upsert.run(
          tenantId,
          employee.id,
          employee.hash,
          employeeDoc(employee),
        ).changes;
      }
      return written;
    });
  }

  hashes(tenantId: string): Promise<Map<string, string>> {
    return settle(() => {
      // An aggregate always yields one row; '[]' when the tenant has no employees.
      const pairs = JSON.parse(this.selectHashes.get(tenantId) ?? '[]') as [string, string][];
      return new Map(pairs);
    });
  }

  hashesOf(tenantId: string, ids: readonly string[]): Promise<Map<string, string>> {
    return settle(() => {
      if (ids.length === 0) return new Map<string, string>();
      const json = this.selectHashesOf.get(tenantId, JSON.stringify(ids)) ?? '[]';
      return new Map(JSON.parse(json) as [string, string][]);
    });
  }

  getMany(tenantId: string, ids: readonly string[]): Promise<Employee[]> {
    return settle(() =>
      ids.length === 0 ? [] : this.selectMany.all(tenantId, JSON.stringify(ids)).map(parseEmployee),
    );
  }

  apply(tenantId: string, writes: EmployeeWrites): Promise<number> {
    return settle(() => this.applyBatch(tenantId, writes));
  }

  page(tenantId: string, options: { after?: string; limit: number }): Promise<EmployeePage> {
    return settle(() => {
      const limit = pageLimit(options.limit);
      // One row past the limit tells whether another page follows; ids are never empty.
      const docs = this.selectPage.all(tenantId, options.after ?? '', limit + 1);
      const items = docs.slice(0, limit).map(parseEmployee);
      const last = items.at(-1);
      return docs.length > limit && last !== undefined ? { items, next: last.id } : { items };
    });
  }

  count(tenantId: string): Promise<number> {
    return settle(() => this.selectCount.get(tenantId) ?? 0);
  }
}

/** The stored text of an employee: the port's fields only, whatever else the object carries. */
function employeeDoc(e: Employee): string {
  const { id, email, emailSource, aliases, fields, hash } = e;
  return JSON.stringify({ id, email, emailSource, aliases, fields, hash });
}

function parseEmployee(doc: string): Employee {
  // Written by employeeDoc alone, so the shape is known.
  return JSON.parse(doc) as Employee;
}
