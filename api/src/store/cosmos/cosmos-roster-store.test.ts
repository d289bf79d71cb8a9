import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CosmosClient } from '@azure/cosmos';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../../../test/store-contract.js';
import { StoreConflict, type RosterStore, type RunChange } from '../../ports/store.js';
import { cosmosClient } from './cosmos-client.js';
import { containerDefinitions } from './cosmos-containers.js';
import { openCosmosStore } from './cosmos-roster-store.js';
import { executeBatch, itemId, queryAll, sql } from './cosmos-support.js';

// The Cosmos protocol peer, in this process over plain HTTP on loopback. Every store gets a
// database of its own, so tests never see each other's data and containers stay small (the
// peer's queries scan a whole container).
let server: Server;
let endpoint: string;
const key = Buffer.from('roster-test-key').toString('base64');

beforeAll(async () => {
  server = createHttpServer({ keepAlive: true });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Opened {
  readonly store: RosterStore;
  readonly client: CosmosClient;
  readonly databaseId: string;
}

async function openFresh(runHistoryDays?: number): Promise<Opened> {
  const client = cosmosClient({ endpoint, key });
  const databaseId = `roster-${randomUUID()}`;
  const store = await openCosmosStore({
    client,
    databaseId,
    createIfMissing: true,
    ...(runHistoryDays === undefined ? {} : { runHistoryDays }),
  });
  // Dropping the database on close frees the peer's memory between tests.
  const close = async () => {
    await client.database(databaseId).delete();
    await store.close();
  };
  return { store: { ...store, close }, client, databaseId };
}

describeStoreContract('Cosmos DB (cosmosdb-server peer)', async () => (await openFresh()).store);

const A = 'aaaaaaaa-0000-4000-8000-000000000001';

function run(id: string) {
  return {
    id,
    tenantId: A,
    trigger: 'manual' as const,
    round: 'full' as const,
    startedAt: '2025-03-01T10:00:00.000Z',
    endedAt: null,
    status: 'running' as const,
    counts: { added: 0, updated: 0, removed: 0, held: 0, unchanged: 0, skipped: {} },
    heldBecause: null,
    errors: [],
  };
}

function change(n: number): RunChange {
  const employeeId = `e${String(n).padStart(5, '0')}`;
  return n % 4 === 0
    ? { kind: 'updated', employeeId, name: null, diffs: [{ field: 'f', before: 'a', after: 'b' }] }
    : { kind: 'added', employeeId, name: `User ${employeeId}` };
}

describe('Cosmos-specific behaviour', () => {
  async function withStore(work: (opened: Opened) => Promise<void>, days?: number) {
    const opened = await openFresh(days);
    try {
      await work(opened);
    } finally {
      await opened.store.close();
    }
  }

  it('keeps GUID ids readable and encodes ids Cosmos would refuse', () => {
    expect(itemId(A)).toBe(A);
    const odd = ['a/b', 'back\\slash', 'q?', '#', '', 'tab\t', `${'x'.repeat(100)}/`];
    const encoded = odd.map(itemId);
    for (const id of encoded) expect(id).toMatch(/^~[A-Za-z0-9_-]*$/);
    expect(new Set(encoded).size).toBe(odd.length);
    expect(() => itemId('x'.repeat(256))).toThrow(RangeError);
  });

  it('builds an Entra ID client when no key is given, without signing in until a request', () => {
    const client = cosmosClient({ endpoint: 'https://roster.documents.azure.com:443/' });
    expect(client).toBeDefined();
    client.dispose();
  });

  it('refuses a database without its containers unless asked to create them', async () => {
    const client = cosmosClient({ endpoint, key });
    const databaseId = `roster-${randomUUID()}`;
    try {
      await client.databases.create({ id: databaseId });
      await expect(openCosmosStore({ client, databaseId })).rejects.toThrow(
        /container tenants is missing.*container leases is missing/,
      );
      const created = await openCosmosStore({ client, databaseId, createIfMissing: true });
      await expect(openCosmosStore({ client, databaseId })).resolves.toBeDefined();
      await client.database(databaseId).delete();
      await created.close();
    } finally {
      client.dispose();
    }
  });

  it('turns TTL on for run history and stamps every run and change item', async () => {
    await withStore(async ({ client, databaseId, store }) => {
      const database = client.database(databaseId);
      for (const name of ['runs', 'runChanges'] as const) {
        const { resource } = await database.container(name).read();
        expect(resource?.defaultTtl).toBe(-1);
      }
      expect(containerDefinitions.employees.defaultTtl).toBeUndefined();

      await store.runs.start(run('run-1'));
      await store.runs.addChanges(A, 'run-1', [change(1)]);
      const ttls = await Promise.all(
        (['runs', 'runChanges'] as const).map((name) =>
          queryAll<number>(database.container(name), sql('SELECT VALUE c.ttl FROM c', {})),
        ),
      );
      expect(ttls.flat()).toEqual([30 * 86_400, 30 * 86_400]);
    }, 30);
  });

  it('stores changes in items of up to 500 and pages across item boundaries', async () => {
    await withStore(async ({ client, databaseId, store }) => {
      await store.runs.start(run('run-1'));
      const all = Array.from({ length: 1_201 }, (_, i) => change(i + 1));
      await store.runs.addChanges(A, 'run-1', all.slice(0, 700));
      await store.runs.addChanges(A, 'run-1', all.slice(700));

      const container = client.database(databaseId).container('runChanges');
      const sizes = await queryAll<number>(
        container,
        sql('SELECT VALUE ARRAY_LENGTH(c.changes) FROM c ORDER BY c.runId, c.seq', {}),
      );
      expect(sizes).toEqual([500, 200, 500, 1]);

      for (const kind of [undefined, 'updated'] as const) {
        const seen: RunChange[] = [];
        let after: string | undefined;
        do {
          const page = await store.runs.changes(A, 'run-1', {
            limit: 333,
            ...(after === undefined ? {} : { after }),
            ...(kind === undefined ? {} : { kind }),
          });
          seen.push(...page.items);
          after = page.next;
        } while (after !== undefined);
        expect(seen).toEqual(kind === undefined ? all : all.filter((c) => c.kind === kind));
      }
      await expect(store.runs.changes(A, 'run-1', { limit: 5, after: '12' })).rejects.toThrow(
        RangeError,
      );
    });
  });

  it('refuses changes for a run the tenant does not have', async () => {
    await withStore(async ({ store }) => {
      await expect(store.runs.addChanges(A, 'no-such-run', [change(1)])).rejects.toThrow(
        StoreConflict,
      );
    });
  });

  it('reports a failed transactional batch as a conflict (the peer gap: no rollback)', async () => {
    await withStore(async ({ client, databaseId }) => {
      const container = client.database(databaseId).container('employees');
      const body = { id: 'e1', tenantId: A, employeeId: 'e1', hash: 'h' };
      await expect(
        executeBatch(container, A, [
          { operationType: 'Upsert', resourceBody: body },
          { operationType: 'Delete', id: 'never-stored' },
        ]),
      ).rejects.toThrow(StoreConflict);
      // Real Cosmos would have rolled the upsert back; the peer keeps it. This pins the gap
      // the adapter is designed around: it never relies on rollback to refuse a bad batch.
      const { resource } = await container.item('e1', A).read<typeof body>();
      expect(resource).toBeDefined();
    });
  });
});
