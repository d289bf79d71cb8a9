import type { Database, Statement } from 'better-sqlite3';
import type { Employee } from '../../domain/employee.js';
import {
  employeeSearchText,
  employeeSortKey,
  maxSearchTerms,
  searchTerms,
} from '../../domain/employee-search.js';
import type {
  EmployeePage,
  EmployeeQuery,
  EmployeeStore,
  EmployeeWrites,
} from '../../ports/store.js';
import { settle } from './sqlite-support.js';
import { pageLimit } from '../store-input.js';

/** A row of a directory page: the employee and where it sorts. */
interface PageRow {
  readonly doc: string;
  readonly sort_key: string;
}

/**
 * Matches at most this many of a search's rarest word, and the search starts from them
 * (the word index), sorting them by name; more, and it walks the name index instead, where
 * a word that common fills a page within a few thousand rows. Either way a page costs
 * milliseconds at 100k employees, whatever is typed.
 */
const fewMatches = 2_000;

/** Words shorter than this expand to too many indexed words to be worth the word index. */
const wordIndexMinLength = 3;

/**
 * Employees as JSON text with their content hash beside it, keyed (tenant_id, id); each row
 * also carries its sort key and search text (`employee-search.ts`), indexed for paging in
 * name order and for word-prefix search.
 */
export class SqliteEmployeeStore implements EmployeeStore {
  private readonly selectHashes: Statement<[string], string>;
  private readonly selectMany: Statement<[string, string], string>;
  private readonly selectHashesOf: Statement<[string, string], string>;
  private readonly selectPage: Statement<[string, string, number], PageRow>;
  private readonly countWordMatches: Statement<[string, number], number>;
  /** Per number of terms: a walk of the name index, and a start from the word index. */
  private readonly walkSearches: Statement<unknown[], PageRow>[];
  private readonly wordSearches: Statement<unknown[], PageRow>[];
  private readonly selectCount: Statement<[string], number>;
  private readonly upsert: Statement<[string, string, string, string, string, string]>;
  private readonly delete: Statement<[string, string]>;
  private readonly applyBatch: (tenantId: string, writes: EmployeeWrites) => number;
  private readonly selectUnindexed: Statement<[], { rowid: number; doc: string }>;
  private readonly indexRows: (rows: readonly { rowid: number; doc: string }[]) => void;

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
    this.selectPage = db.prepare<[string, string, number], PageRow>(
      `SELECT doc, sort_key FROM employees WHERE tenant_id = ? AND sort_key > ?
       ORDER BY sort_key LIMIT ?`,
    );
    this.countWordMatches = db
      .prepare<[string, number], number>(
        `SELECT count(*) FROM
         (SELECT 1 FROM employee_words WHERE employee_words MATCH ? LIMIT ?)`,
      )
      .pluck();
    // instr() on the indexed search text: " " + term at the start of a word. The terms are
    // parameters; only their count shapes the statement.
    const termTests = (count: number, table: string) =>
      Array.from({ length: count }, () => `AND instr(${table}.search, ' ' || ?) > 0`).join(' ');
    this.walkSearches = Array.from({ length: maxSearchTerms + 1 }, (_, count) =>
      db.prepare<unknown[], PageRow>(
        `SELECT doc, sort_key FROM employees e INDEXED BY employees_by_name
         WHERE e.tenant_id = ? AND e.sort_key > ? ${termTests(count, 'e')}
         ORDER BY e.sort_key LIMIT ?`,
      ),
    );
    // CROSS JOIN keeps the word index's few matches as the outer loop.
    this.wordSearches = Array.from({ length: maxSearchTerms + 1 }, (_, count) =>
      db.prepare<unknown[], PageRow>(
        `SELECT e.doc, e.sort_key
         FROM (SELECT rowid AS word_rowid FROM employee_words WHERE employee_words MATCH ?) w
         CROSS JOIN employees e ON e.rowid = w.word_rowid
         WHERE e.tenant_id = ? AND e.sort_key > ? ${termTests(count, 'e')}
         ORDER BY e.sort_key LIMIT ?`,
      ),
    );
    this.selectCount = db
      .prepare<[string], number>('SELECT count(*) FROM employees WHERE tenant_id = ?')
      .pluck();
    this.upsert = db.prepare(
      `INSERT INTO employees (tenant_id, id, hash, doc, sort_key, search) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, id) DO UPDATE SET hash = excluded.hash, doc = excluded.doc,
         sort_key = excluded.sort_key, search = excluded.search`,
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
          employeeSortKey(employee),
          employeeSearchText(employee),
        ).changes;
      }
      return written;
    });
    // employeeSortKey never yields '', the column's default before it is filled.
    this.selectUnindexed = db.prepare(
      "SELECT rowid, doc FROM employees WHERE sort_key = '' LIMIT 1000",
    );
    const index = db.prepare<[string, string, number]>(
      'UPDATE employees SET sort_key = ?, search = ? WHERE rowid = ?',
    );
    this.indexRows = db.transaction((rows: readonly { rowid: number; doc: string }[]) => {
      for (const row of rows) {
        const employee = parseEmployee(row.doc);
        index.run(employeeSortKey(employee), employeeSearchText(employee), row.rowid);
      }
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

  page(tenantId: string, query: EmployeeQuery): Promise<EmployeePage> {
    return settle(() => {
      const limit = pageLimit(query.limit);
      const after = query.after ?? '';
      const terms = searchTerms(query.search);
      // One row past the limit tells whether another page follows; keys are never empty.
      const rows =
        terms.length === 0
          ? this.selectPage.all(tenantId, after, limit + 1)
          : this.search(tenantId, after, terms, limit + 1);
      const page = rows.slice(0, limit);
      const items = page.map((row) => parseEmployee(row.doc));
      const last = page.at(-1);
      return rows.length > limit && last !== undefined ? { items, next: last.sort_key } : { items };
    });
  }

  private search(tenantId: string, after: string, terms: string[], limit: number): PageRow[] {
    const [lead] = terms;
    if (lead !== undefined && lead.length >= wordIndexMinLength) {
      // Terms are letters and digits only (searchWords), so quoting them is enough.
      const match = `"${lead}"*`;
      if ((this.countWordMatches.get(match, fewMatches) ?? 0) < fewMatches) {
        const statement = this.wordSearches[terms.length];
        return statement?.all(match, tenantId, after, ...terms, limit) ?? [];
      }
    }
    return this.walkSearches[terms.length]?.all(tenantId, after, ...terms, limit) ?? [];
  }

  /** Fills sort key and search text of rows written before they existed; once per store. */
  backfillSearch(): void {
    for (;;) {
      const rows = this.selectUnindexed.all();
      if (rows.length === 0) return;
      this.indexRows(rows);
    }
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
