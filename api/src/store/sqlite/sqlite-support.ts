import type { Database } from 'better-sqlite3';

/**
 * Reads SQLite's `data_version`, which changes when another connection commits (the CLI on
 * the same data directory): what tells an in-memory copy it has gone stale.
 */
export function dataVersionOf(db: Database): () => number {
  const statement = db.prepare<[], number>('PRAGMA data_version').pluck();
  return () => statement.get() ?? 0;
}

/** Runs synchronous SQLite work behind the async ports: a throw becomes a rejection. */
export function settle<T>(work: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(work());
  });
}
