import type { Database, Statement } from 'better-sqlite3';
import type { Employee } from '../../domain/employee.js';
import { employeeSearchText, employeeSortKey, searchTerms } from '../../domain/employee-search.js';
import type {
  EmployeePage,
  EmployeePageJson,
  EmployeeQuery,
  EmployeeStore,
  EmployeeWrites,
} from '../../ports/store.js';
import { EmployeeSearchIndex, type IndexedEmployee } from '../employee-search-index.js';
import { dataVersionOf, settle } from './sqlite-support.js';
import { pageLimit } from '../store-input.js';

/** A row of a directory page: the employee's stored JSON text, UTF-8, and where it sorts. */
interface PageRow {
  readonly doc: Buffer;
  readonly sortKey: string;
}

/**
 * An employee as the search index keeps it: with its stored text, so pages need no SQL,
 * encoded once (outside the JS heap, where the collector need not walk it).
 */
type StoredEmployee = IndexedEmployee & PageRow;

/**
 * Tenants whose search index stays in memory: measured 104 MB of heap and 84 MB of buffers
 * (the stored texts) for 85k employees of 14 fields.
 * The embedded store serves one organisation, or a few; many tenants belong on Cosmos DB.
 */
const searchIndexesKept = 2;

/** Writes the index follows one by one; a bigger batch (a first sync) drops it instead. */
const indexedWritesMax = 2_000;

/**
 * Employees as JSON text with their content hash beside it, keyed (tenant_id, id); each row
 * also carries its sort key and search text (`employee-search.ts`): the sort key is indexed
 * for paging in name order, and searches run on an in-memory index of the search texts.
 */
export class SqliteEmployeeStore implements EmployeeStore {
  private readonly selectHashes: Statement<[string], string>;
  private readonly selectMany: Statement<[string, string], string>;
  private readonly selectHashesOf: Statement<[string, string], string>;
  private readonly selectPage: Statement<[string, string, number], PageRow>;
  private readonly selectIndexed: Statement<[string], IndexedEmployee & { doc: string }>;
  /** Built on a tenant's first search, then kept in step by apply(); most recent last. */
  private readonly searchIndexes = new Map<string, EmployeeSearchIndex<StoredEmployee>>();
  /** Changes when another connection commits (the CLI on the same data directory). */
  private readonly dataVersion: () => number;
  private seenDataVersion: number;
  private readonly selectCount: Statement<[string], number>;
  private readonly upsert: Statement<[string, string, string, string, string, string]>;
  private readonly delete: Statement<[string, string]>;
  private readonly applyBatch: (
    tenantId: string,
    removals: readonly string[],
    upserts: readonly (IndexedEmployee & { hash: string; doc: string })[],
  ) => number;
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
      `SELECT CAST(doc AS BLOB) AS doc, sort_key AS sortKey FROM employees
       WHERE tenant_id = ? AND sort_key > ? ORDER BY sort_key LIMIT ?`,
    );
    this.selectIndexed = db.prepare<[string], IndexedEmployee & { doc: string }>(
      `SELECT id, sort_key AS sortKey, search, doc FROM employees
       WHERE tenant_id = ? ORDER BY sort_key`,
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
    this.applyBatch = db.transaction(
      (
        tenantId: string,
        removals: readonly string[],
        upserts: readonly (IndexedEmployee & { hash: string; doc: string })[],
      ) => {
        let written = 0;
        // Removals before upserts: should a batch name an id in both, the employee is kept.
        for (const id of removals) written += this.delete.run(tenantId, id).changes;
        for (const e of upserts) {
          written += this.upsert.run(tenantId, e.id, e.hash, e.doc, e.sortKey, e.search).changes;
        }
        return written;
      },
    );
    this.dataVersion = dataVersionOf(db);
    this.seenDataVersion = this.dataVersion();
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
    return settle(() => {
      const upserts = writes.upserts.map((employee) => ({
        id: employee.id,
        hash: employee.hash,
        doc: employeeDoc(employee),
        sortKey: employeeSortKey(employee),
        search: employeeSearchText(employee),
      }));
      const written = this.applyBatch(tenantId, writes.removals, upserts);
      // After the commit: a refused batch leaves the index as it was.
      const index = this.searchIndexes.get(tenantId);
      if (upserts.length + writes.removals.length > indexedWritesMax) {
        this.searchIndexes.delete(tenantId);
      } else {
        index?.apply(upserts.map(toStored), writes.removals);
      }
      return written;
    });
  }

  page(tenantId: string, query: EmployeeQuery): Promise<EmployeePage> {
    return settle(() => {
      const { rows, next } = this.pageRows(tenantId, query);
      const items = rows.map((row) => parseEmployee(row.doc.toString('utf8')));
      return next === undefined ? { items } : { items, next };
    });
  }

  pageJson(tenantId: string, query: EmployeeQuery): Promise<EmployeePageJson> {
    return settle(() => {
      const { rows, next } = this.pageRows(tenantId, query);
      // The stored texts are employeeDoc's JSON.stringify of the very same fields.
      const items = rows.map((row) => row.doc);
      return next === undefined ? { items } : { items, next };
    });
  }

  /**
   * A page's rows: from the tenant's search index when there is one (a search builds it),
   * which holds each employee's stored text; unsearched pages before then come from SQL.
   */
  private pageRows(tenantId: string, query: EmployeeQuery): { rows: PageRow[]; next?: string } {
    const limit = pageLimit(query.limit);
    const after = query.after ?? '';
    const terms = searchTerms(query.search);
    const index = terms.length === 0 ? this.currentIndex(tenantId) : this.indexOf(tenantId);
    // One row past the limit tells whether another page follows; keys are never empty.
    const rows =
      index === undefined
        ? this.selectPage.all(tenantId, after, limit + 1)
        : terms.length === 0
          ? index.after(after, limit + 1)
          : index.find(terms, after, limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return rows.length > limit && last !== undefined
      ? { rows: page, next: last.sortKey }
      : { rows: page };
  }

  /** The tenant's search index if it is in memory and current; undefined if not. */
  private currentIndex(tenantId: string): EmployeeSearchIndex<StoredEmployee> | undefined {
    // Another process wrote (apply() here keeps the indexes in step): start afresh.
    const version = this.dataVersion();
    if (version !== this.seenDataVersion) {
      this.searchIndexes.clear();
      this.seenDataVersion = version;
    }
    const index = this.searchIndexes.get(tenantId);
    if (index !== undefined) this.keepSearchIndex(tenantId, index);
    return index;
  }

  /** The tenant's search index, built from its rows when it is not in memory. */
  private indexOf(tenantId: string): EmployeeSearchIndex<StoredEmployee> {
    const current = this.currentIndex(tenantId);
    if (current !== undefined) return current;
    const index = new EmployeeSearchIndex(this.selectIndexed.all(tenantId).map(toStored));
    this.keepSearchIndex(tenantId, index);
    return index;
  }

  /** Forgets a tenant's search index: its employees changed other than through apply(). */
  forgetSearchIndex(tenantId: string): void {
    this.searchIndexes.delete(tenantId);
  }

  /** Keeps a tenant's index as the most recently used, dropping the least beyond the limit. */
  private keepSearchIndex(tenantId: string, index: EmployeeSearchIndex<StoredEmployee>): void {
    this.searchIndexes.delete(tenantId);
    this.searchIndexes.set(tenantId, index);
    for (const oldest of this.searchIndexes.keys()) {
      if (this.searchIndexes.size <= searchIndexesKept) break;
      this.searchIndexes.delete(oldest);
    }
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

/** An employee's row as the index keeps it. */
function toStored(row: IndexedEmployee & { readonly doc: string }): StoredEmployee {
  return { id: row.id, sortKey: row.sortKey, search: row.search, doc: Buffer.from(row.doc) };
}

function parseEmployee(doc: string): Employee {
  // Written by employeeDoc alone, so the shape is known.
  return JSON.parse(doc) as Employee;
}
