import type { Database } from 'better-sqlite3';

/**
 * Schema migrations, in order: migration n brings `PRAGMA user_version` from n - 1 to n.
 * Append only; never edit one that has shipped.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE tenants (
    tenant_id    TEXT NOT NULL PRIMARY KEY CHECK (tenant_id <> ''),
    display_name TEXT NOT NULL,
    linked_at    TEXT NOT NULL,
    settings     TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version > 0)
  );

  -- A rowid table keyed (tenant_id, id): WITHOUT ROWID measured 2x slower and 3x larger
  -- with JSON rows. hash sits before doc so reading it never touches doc's overflow pages.
  -- The checks make the store refuse an employee without identity or hash, mid-batch.
  CREATE TABLE employees (
    tenant_id TEXT NOT NULL,
    id        TEXT NOT NULL CHECK (id <> ''),
    hash      TEXT NOT NULL CHECK (hash <> ''),
    doc       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  -- No covering index for hashes(): it would save ~150 ms on the one scan a sync starts
  -- with, and cost twice that on every 1,000 writes (measured at 85k random GUIDs).

  CREATE TABLE runs (
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL CHECK (id <> ''),
    started_ms INTEGER NOT NULL,
    doc        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE INDEX runs_by_tenant_start ON runs (tenant_id, started_ms, id);
  -- prune() crosses tenants.
  CREATE INDEX runs_by_start ON runs (started_ms);

  -- seq is the rowid: insertion order, and the paging cursor of a run's changes.
  CREATE TABLE run_changes (
    seq       INTEGER PRIMARY KEY,
    tenant_id TEXT NOT NULL,
    run_id    TEXT NOT NULL,
    kind      TEXT NOT NULL,
    doc       TEXT NOT NULL,
    FOREIGN KEY (tenant_id, run_id) REFERENCES runs (tenant_id, id) ON DELETE CASCADE
  );
  CREATE INDEX run_changes_by_run ON run_changes (tenant_id, run_id);
  CREATE INDEX run_changes_by_kind ON run_changes (tenant_id, run_id, kind);

  CREATE TABLE delta_states (
    tenant_id   TEXT NOT NULL PRIMARY KEY,
    delta_link  TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    saved_at    TEXT NOT NULL
  );

  CREATE TABLE leases (
    tenant_id  TEXT NOT NULL PRIMARY KEY,
    holder     TEXT NOT NULL CHECK (holder <> ''),
    expires_at TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
  );
  `,
  `
  -- Who linked a tenant: JSON {userId, name}, null when linked from the CLI.
  ALTER TABLE tenants ADD COLUMN linked_by TEXT;

  -- Name order and word search (employee-search.ts); filled on write, and for rows written
  -- before this migration by the store when it opens.
  ALTER TABLE employees ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
  ALTER TABLE employees ADD COLUMN search TEXT NOT NULL DEFAULT '';
  -- Name order. Search runs in memory over what this index reads in order
  -- (employee-search-index.ts): an FTS5 word index halved write speed and still spent
  -- milliseconds per search sorting or walking rows.
  CREATE INDEX employees_by_name ON employees (tenant_id, sort_key);

  CREATE TABLE admins (
    tenant_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL CHECK (user_id <> ''),
    name         TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
  );
  `,
  `
  -- The bot's conversation with each admin who installed Roster in Teams: what a proactive
  -- card needs to reach them.
  CREATE TABLE conversations (
    tenant_id       TEXT NOT NULL,
    user_id         TEXT NOT NULL CHECK (user_id <> ''),
    conversation_id TEXT NOT NULL,
    service_url     TEXT NOT NULL,
    channel_id      TEXT NOT NULL,
    bot_id          TEXT NOT NULL,
    saved_at        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id)
  );
  `,
];

/** Brings a database to the newest schema, each migration in its own transaction. */
export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `Database schema version ${current} is newer than this Roster knows (${migrations.length})`,
    );
  }
  migrations.slice(current).forEach((sql, index) => {
    // user_version lives in the database header, so it commits or rolls back with the DDL.
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${current + index + 1}`);
    })();
  });
}
