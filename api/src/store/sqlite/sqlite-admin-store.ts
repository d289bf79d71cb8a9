import type { Database, Statement } from 'better-sqlite3';
import type { AdminStore, RecordedAdmin } from '../../ports/store.js';
import { settle } from './sqlite-support.js';

interface AdminRow {
  readonly user_id: string;
  readonly name: string;
  readonly last_seen_at: string;
}

/** The admins who used Roster, keyed (tenant_id, user_id). */
export class SqliteAdminStore implements AdminStore {
  private readonly upsert: Statement<[string, string, string, string]>;
  private readonly selectOne: Statement<[string, string], AdminRow>;
  private readonly selectAll: Statement<[string], AdminRow>;
  private readonly delete: Statement<[string, string]>;

  constructor(db: Database) {
    this.upsert = db.prepare(
      `INSERT INTO admins (tenant_id, user_id, name, last_seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, user_id) DO UPDATE
       SET name = excluded.name, last_seen_at = excluded.last_seen_at`,
    );
    this.selectOne = db.prepare(
      'SELECT user_id, name, last_seen_at FROM admins WHERE tenant_id = ? AND user_id = ?',
    );
    this.selectAll = db.prepare(
      'SELECT user_id, name, last_seen_at FROM admins WHERE tenant_id = ? ORDER BY name, user_id',
    );
    this.delete = db.prepare('DELETE FROM admins WHERE tenant_id = ? AND user_id = ?');
  }

  record(tenantId: string, admin: RecordedAdmin): Promise<void> {
    return settle(() => {
      this.upsert.run(tenantId, admin.userId, admin.name, admin.lastSeenAt);
    });
  }

  get(tenantId: string, userId: string): Promise<RecordedAdmin | undefined> {
    return settle(() => {
      const row = this.selectOne.get(tenantId, userId);
      return row === undefined ? undefined : toAdmin(row);
    });
  }

  list(tenantId: string): Promise<RecordedAdmin[]> {
    return settle(() => this.selectAll.all(tenantId).map(toAdmin));
  }

  remove(tenantId: string, userId: string): Promise<void> {
    return settle(() => {
      this.delete.run(tenantId, userId);
    });
  }
}

function toAdmin(row: AdminRow): RecordedAdmin {
  return { userId: row.user_id, name: row.name, lastSeenAt: row.last_seen_at };
}
