import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { RosterStore } from '../../ports/store.js';
import { migrate } from './schema.js';
import { SqliteAdminStore } from './sqlite-admin-store.js';
import { SqliteConversationStore } from './sqlite-conversation-store.js';
import { SqliteDeltaStateStore } from './sqlite-delta-state-store.js';
import { SqliteEmployeeStore } from './sqlite-employee-store.js';
import { SqliteLeaseStore } from './sqlite-lease-store.js';
import { SqliteRunStore } from './sqlite-run-store.js';
import { settle } from './sqlite-support.js';
import { SqliteTenantStore } from './sqlite-tenant-store.js';

/** Where the embedded store lives: a data directory, or memory (tests, previews). */
export type SqliteStoreOptions = { readonly dataDir: string } | { readonly file: ':memory:' };

/** The database file's name inside the data directory. */
export const sqliteFileName = 'roster.sqlite';

/** Opens (creating and migrating as needed) the embedded SQLite store. */
export function openSqliteStore(options: SqliteStoreOptions): Promise<RosterStore> {
  return settle(() => {
    const file = 'file' in options ? options.file : dataDirFile(options.dataDir);
    const db = new Database(file);
    try {
      // WAL lets readers run during a sync's writes; NORMAL only risks the last commits on
      // power loss (never corruption); foreign keys carry run changes away with their run.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // Employee ids are random GUIDs, so inserts land on random index pages: a 16 MB page
      // cache holds most of a 100k-user tenant's index. Checkpoints (each an fsync) every ~40 MB of WAL
      // rather than 4 MB: they were half the write time of a first sync.
      db.pragma('cache_size = -16384');
      db.pragma('wal_autocheckpoint = 10000');
      migrate(db);
      const employees = new SqliteEmployeeStore(db);
      employees.backfillSearch();
      return {
        tenants: new SqliteTenantStore(db, (tenantId) => {
          employees.forgetSearchIndex(tenantId);
        }),
        admins: new SqliteAdminStore(db),
        conversations: new SqliteConversationStore(db),
        employees,
        runs: new SqliteRunStore(db),
        deltas: new SqliteDeltaStateStore(db),
        leases: new SqliteLeaseStore(db),
        close: () =>
          settle(() => {
            db.close();
          }),
      };
    } catch (error) {
      db.close();
      throw error;
    }
  });
}

function dataDirFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  return join(dataDir, sqliteFileName);
}
