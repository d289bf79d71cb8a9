import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../../../test/store-contract.js';
import { migrations } from './schema.js';
import { openSqliteStore, sqliteFileName } from './sqlite-roster-store.js';
import type { Employee } from '../../domain/employee.js';

const tempDirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'roster-sqlite-'));
  tempDirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeStoreContract('SQLite in memory', () => openSqliteStore({ file: ':memory:' }));

describeStoreContract('SQLite in a data directory', async () =>
  openSqliteStore({ dataDir: await tempDir() }),
);

describe('openSqliteStore with a data directory', () => {
  it('creates a missing data directory', async () => {
    const dataDir = join(await tempDir(), 'nested', 'data');
    const store = await openSqliteStore({ dataDir });
    await store.close();
    expect(existsSync(join(dataDir, sqliteFileName))).toBe(true);
  });

  it('keeps everything across close and reopen', async () => {
    const dataDir = await tempDir();
    const tenantId = 'cccccccc-0000-4000-8000-000000000003';
    const employee = {
      id: 'e1',
      email: 'e1@contoso.test',
      emailSource: 'mail' as const,
      aliases: ['e.one@contoso.test'],
      fields: { displayName: 'E One', department: null },
      hash: 'h1',
    };
    const run = {
      id: 'run-1',
      tenantId,
      trigger: 'manual' as const,
      round: 'full' as const,
      startedAt: '2025-03-01T10:00:00.000Z',
      endedAt: '2025-03-01T10:01:00.000Z',
      status: 'succeeded' as const,
      counts: { added: 1, updated: 0, removed: 0, held: 0, unchanged: 0, skipped: {} },
      heldBecause: null,
      errors: [],
    };
    const delta = { deltaLink: 'https://graph.test/d', fingerprint: 'f', savedAt: run.endedAt };

    const first = await openSqliteStore({ dataDir });
    const saved = await first.tenants.save(
      {
        tenantId,
        displayName: 'Contoso',
        linkedAt: run.startedAt,
        settings: { guests: true },
        linkedBy: null,
      },
      0,
    );
    await first.employees.apply(tenantId, { upserts: [employee], removals: [] });
    await first.runs.start(run);
    await first.runs.addChanges(tenantId, 'run-1', [
      { kind: 'added', employeeId: 'e1', name: 'E One' },
    ]);
    await first.deltas.save(tenantId, delta);
    await first.leases.acquire(tenantId, 'h1', run.startedAt, '2099-01-01T00:00:00.000Z');
    await first.close();

    const second = await openSqliteStore({ dataDir });
    try {
      expect(await second.tenants.get(tenantId)).toEqual(saved);
      expect(await second.employees.getMany(tenantId, ['e1'])).toEqual([employee]);
      expect(await second.runs.get(tenantId, 'run-1')).toEqual(run);
      expect((await second.runs.changes(tenantId, 'run-1', { limit: 5 })).items).toHaveLength(1);
      expect(await second.deltas.get(tenantId)).toEqual(delta);
      expect(await second.leases.acquire(tenantId, 'h2', run.endedAt, run.endedAt)).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('uses WAL and records the schema version it migrated to', async () => {
    const dataDir = await tempDir();
    await (await openSqliteStore({ dataDir })).close();
    // Reopening runs no migration twice (it would fail on CREATE TABLE).
    await (await openSqliteStore({ dataDir })).close();

    const db = new Database(join(dataDir, sqliteFileName), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    } finally {
      db.close();
    }
  });

  it('brings a database of an older schema up to date, keeping its data', async () => {
    const dataDir = await tempDir();
    const db = new Database(join(dataDir, sqliteFileName));
    // Schema 2, as a Roster before the bot's conversations left it.
    migrations.slice(0, 2).forEach((sql, index) => {
      db.exec(sql);
      db.pragma(`user_version = ${index + 1}`);
    });
    db.prepare('INSERT INTO admins VALUES (?, ?, ?, ?)').run('t', 'u1', 'Adele', 'x');
    db.close();

    const store = await openSqliteStore({ dataDir });
    try {
      expect(await store.admins.get('t', 'u1')).toEqual({
        userId: 'u1',
        name: 'Adele',
        lastSeenAt: 'x',
      });
      const ref = {
        userId: 'u1',
        conversationId: 'a:1',
        serviceUrl: 'https://smba.test/',
        channelId: 'msteams',
        botId: '28:bot',
        tenantId: 't',
        savedAt: 'x',
      };
      await store.conversations.save('t', ref);
      expect(await store.conversations.list('t')).toEqual([ref]);
    } finally {
      await store.close();
    }
  });

  it('refuses a database written by a newer schema', async () => {
    const dataDir = await tempDir();
    const db = new Database(join(dataDir, sqliteFileName));
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    await expect(openSqliteStore({ dataDir })).rejects.toThrow(/newer/);
  });
});

describe('SQLite-specific behaviour', () => {
  it('refuses changes for a run the tenant does not have', async () => {
    // The foreign key keeps changes from outliving a run that was pruned or removed.
    const store = await openSqliteStore({ file: ':memory:' });
    try {
      await expect(
        store.runs.addChanges('t', 'no-such-run', [{ kind: 'added', employeeId: 'e', name: null }]),
      ).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await store.close();
    }
  });

  it('rejects calls after close instead of hanging', async () => {
    const store = await openSqliteStore({ file: ':memory:' });
    await store.close();
    await expect(store.employees.count('t')).rejects.toThrow();
  });

  it('searches what another process wrote to the same data directory', async () => {
    // The server's in-memory search index must see what the CLI's sync writes.
    const { server, cli } = await twoProcesses();
    try {
      await server.employees.apply('t', { upserts: [named('e1', 'Ada Lovelace')], removals: [] });
      const search = async (text: string) =>
        (await server.employees.page('t', { limit: 5, search: text })).items.map((e) => e.id);
      expect(await search('ada')).toEqual(['e1']);
      await cli.employees.apply('t', { upserts: [named('e2', 'Ada Byron')], removals: ['e1'] });
      expect(await search('ada')).toEqual(['e2']);
      // Its own writes it follows without rereading.
      await server.employees.apply('t', { upserts: [named('e3', 'Adam Smith')], removals: [] });
      expect(await search('ada')).toEqual(['e2', 'e3']);
      await server.tenants.remove('t');
      expect(await search('ada')).toEqual([]);
    } finally {
      await cli.close();
      await server.close();
    }
  });

  it('pages and reads tenants as another process left them', async () => {
    const { server, cli } = await twoProcesses();
    try {
      await server.employees.apply('t', { upserts: [named('e1', 'Ada Lovelace')], removals: [] });
      const listed = async () =>
        (await server.employees.pageJson('t', { limit: 5 })).items.map(
          (text) =>
            (JSON.parse(Buffer.from(text).toString('utf8')) as Employee).fields['displayName'],
        );
      // A search builds the index that unsearched pages then come from.
      await server.employees.page('t', { limit: 5, search: 'ada' });
      expect(await listed()).toEqual(['Ada Lovelace']);
      await cli.employees.apply('t', { upserts: [named('e1', 'Ada Byron')], removals: [] });
      expect(await listed()).toEqual(['Ada Byron']);

      const tenant = { tenantId: 't', displayName: 'Contoso', linkedAt: 'then', linkedBy: null };
      await server.tenants.save({ ...tenant, settings: { v: 1 } }, 0);
      const read = await server.tenants.get('t');
      expect(read?.settings).toEqual({ v: 1 });
      // The same record while nothing changes, frozen since every caller shares it.
      expect(await server.tenants.get('t')).toBe(read);
      expect(Object.isFrozen(read?.settings)).toBe(true);
      await cli.tenants.save({ ...tenant, settings: { v: 2 } }, 1);
      expect((await server.tenants.get('t'))?.settings).toEqual({ v: 2 });
      await cli.tenants.unlink('t');
      expect(await server.tenants.get('t')).toBeUndefined();
      await server.tenants.save({ ...tenant, settings: { v: 3 } }, 0);
      expect((await server.tenants.get('t'))?.settings).toEqual({ v: 3 });
    } finally {
      await cli.close();
      await server.close();
    }
  });

  it('indexes employees written before search existed when it opens', async () => {
    const dataDir = await tempDir();
    const first = await openSqliteStore({ dataDir });
    await first.employees.apply('t', {
      upserts: [{ ...employeeOf('e1'), fields: { displayName: 'Zed Zimmer' } }],
      removals: [],
    });
    await first.close();
    const db = new Database(join(dataDir, sqliteFileName));
    db.exec("UPDATE employees SET sort_key = '', search = ''");
    db.close();

    const reopened = await openSqliteStore({ dataDir });
    try {
      const found = await reopened.employees.page('t', { limit: 5, search: 'zimm' });
      expect(found.items.map((e) => e.id)).toEqual(['e1']);
    } finally {
      await reopened.close();
    }
  });
});

/** Two stores on one data directory, as the server and the CLI open it. */
async function twoProcesses() {
  const dataDir = await tempDir();
  return { server: await openSqliteStore({ dataDir }), cli: await openSqliteStore({ dataDir }) };
}

function named(id: string, displayName: string) {
  return { ...employeeOf(id), fields: { displayName } };
}

function employeeOf(id: string) {
  return {
    id,
    email: `${id}@contoso.test`,
    emailSource: 'mail' as const,
    aliases: [],
    fields: {},
    hash: `h-${id}`,
  };
}
