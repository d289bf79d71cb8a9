import type { Database, Statement } from 'better-sqlite3';
import type { DeltaState, DeltaStateStore } from '../../ports/store.js';
import { settle } from './sqlite-support.js';

interface DeltaRow {
  readonly deltaLink: string;
  readonly fingerprint: string;
  readonly savedAt: string;
}

/** One delta link per tenant. */
export class SqliteDeltaStateStore implements DeltaStateStore {
  private readonly select: Statement<[string], DeltaRow>;
  private readonly upsert: Statement<[string, string, string, string]>;
  private readonly delete: Statement<[string]>;

  constructor(db: Database) {
    this.select = db.prepare(
      `SELECT delta_link AS deltaLink, fingerprint, saved_at AS savedAt
       FROM delta_states WHERE tenant_id = ?`,
    );
    this.upsert = db.prepare(
      `INSERT INTO delta_states (tenant_id, delta_link, fingerprint, saved_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET delta_link = excluded.delta_link,
         fingerprint = excluded.fingerprint, saved_at = excluded.saved_at`,
    );
    this.delete = db.prepare('DELETE FROM delta_states WHERE tenant_id = ?');
  }

  get(tenantId: string): Promise<DeltaState | undefined> {
    return settle(() => {
      const row = this.select.get(tenantId);
      return row === undefined ? undefined : { ...row };
    });
  }

  save(tenantId: string, state: DeltaState): Promise<void> {
    return settle(() => {
      this.upsert.run(tenantId, state.deltaLink, state.fingerprint, state.savedAt);
    });
  }

  clear(tenantId: string): Promise<void> {
    return settle(() => {
      this.delete.run(tenantId);
    });
  }
}
