import type { Database, Statement } from 'better-sqlite3';
import {
  runRecord,
  StoreConflict,
  type RunChange,
  type RunChangePage,
  type RunStore,
  type SyncRun,
} from '../../ports/store.js';
import { settle } from './sqlite-support.js';
import { epochMs, pageLimit } from '../store-input.js';

interface RunRow {
  readonly tenantId: string;
  readonly id: string;
  readonly startedMs: number;
  readonly doc: string;
}

type ChangeRow = [seq: number, doc: string];

/** Runs as JSON text keyed (tenant_id, id); their changes in insertion order, paged by rowid. */
export class SqliteRunStore implements RunStore {
  private readonly insertRun: Statement<RunRow>;
  private readonly updateRun: Statement<RunRow>;
  private readonly selectRun: Statement<[string, string], string>;
  private readonly selectRuns: Statement<[string, number], string>;
  private readonly insertChange: Statement<[string, string, string, string]>;
  private readonly selectChanges: Statement<[string, string, number, number], ChangeRow>;
  private readonly selectChangesOfKind: Statement<
    [string, string, string, number, number],
    ChangeRow
  >;
  private readonly deleteBefore: Statement<[number]>;
  private readonly addBatch: (
    tenantId: string,
    runId: string,
    changes: readonly RunChange[],
  ) => void;

  constructor(db: Database) {
    this.insertRun = db.prepare(
      `INSERT INTO runs (tenant_id, id, started_ms, doc) VALUES (@tenantId, @id, @startedMs, @doc)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
    );
    this.updateRun = db.prepare(
      `UPDATE runs SET started_ms = @startedMs, doc = @doc WHERE tenant_id = @tenantId AND id = @id`,
    );
    this.selectRun = db
      .prepare<[string, string], string>('SELECT doc FROM runs WHERE tenant_id = ? AND id = ?')
      .pluck();
    this.selectRuns = db
      .prepare<[string, number], string>(
        'SELECT doc FROM runs WHERE tenant_id = ? ORDER BY started_ms DESC, id DESC LIMIT ?',
      )
      .pluck();
    this.insertChange = db.prepare(
      'INSERT INTO run_changes (tenant_id, run_id, kind, doc) VALUES (?, ?, ?, ?)',
    );
    this.selectChanges = db
      .prepare<[string, string, number, number], ChangeRow>(
        `SELECT seq, doc FROM run_changes WHERE tenant_id = ? AND run_id = ? AND seq > ?
         ORDER BY seq LIMIT ?`,
      )
      .raw();
    this.selectChangesOfKind = db
      .prepare<[string, string, string, number, number], ChangeRow>(
        `SELECT seq, doc FROM run_changes
         WHERE tenant_id = ? AND run_id = ? AND kind = ? AND seq > ?
         ORDER BY seq LIMIT ?`,
      )
      .raw();
    // Changes go with their run through the foreign key's ON DELETE CASCADE.
    this.deleteBefore = db.prepare('DELETE FROM runs WHERE started_ms < ?');
    this.addBatch = db.transaction(
      (tenantId: string, runId: string, changes: readonly RunChange[]) => {
        for (const change of changes) {
          this.insertChange.run(tenantId, runId, change.kind, JSON.stringify(change));
        }
      },
    );
  }

  start(run: SyncRun): Promise<void> {
    return settle(() => {
      if (this.insertRun.run(runRow(run)).changes === 0) {
        throw new StoreConflict(`Run ${run.id} of tenant ${run.tenantId} already exists`);
      }
    });
  }

  update(run: SyncRun): Promise<void> {
    return settle(() => {
      // A run that vanished (its tenant was removed, or it was pruned) lost the race.
      if (this.updateRun.run(runRow(run)).changes === 0) {
        throw new StoreConflict(`Run ${run.id} of tenant ${run.tenantId} does not exist`);
      }
    });
  }

  get(tenantId: string, runId: string): Promise<SyncRun | undefined> {
    return settle(() => {
      const doc = this.selectRun.get(tenantId, runId);
      return doc === undefined ? undefined : parseRun(doc);
    });
  }

  list(tenantId: string, options: { limit: number }): Promise<SyncRun[]> {
    return settle(() => this.selectRuns.all(tenantId, pageLimit(options.limit)).map(parseRun));
  }

  addChanges(tenantId: string, runId: string, changes: readonly RunChange[]): Promise<void> {
    return settle(() => {
      this.addBatch(tenantId, runId, changes);
    });
  }

  changes(
    tenantId: string,
    runId: string,
    options: { after?: string; limit: number; kind?: RunChange['kind'] },
  ): Promise<RunChangePage> {
    return settle(() => {
      const limit = pageLimit(options.limit);
      const after = options.after === undefined ? 0 : parseCursor(options.after);
      // One row past the limit tells whether another page follows.
      const rows =
        options.kind === undefined
          ? this.selectChanges.all(tenantId, runId, after, limit + 1)
          : this.selectChangesOfKind.all(tenantId, runId, options.kind, after, limit + 1);
      const page = rows.slice(0, limit);
      const items = page.map(([, doc]) => JSON.parse(doc) as RunChange);
      const last = page.at(-1);
      return rows.length > limit && last !== undefined
        ? { items, next: String(last[0]) }
        : { items };
    });
  }

  prune(before: string): Promise<number> {
    return settle(() => this.deleteBefore.run(epochMs(before, 'before')).changes);
  }
}

function runRow(run: SyncRun): RunRow {
  return {
    tenantId: run.tenantId,
    id: run.id,
    startedMs: epochMs(run.startedAt, 'startedAt'),
    doc: JSON.stringify(runRecord(run)),
  };
}

function parseRun(doc: string): SyncRun {
  // Written by runRow alone, so the shape is known.
  return JSON.parse(doc) as SyncRun;
}

function parseCursor(after: string): number {
  if (!/^\d{1,15}$/.test(after)) throw new RangeError(`Not a run change cursor: ${after}`);
  return Number(after);
}
