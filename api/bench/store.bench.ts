/**
 * Store write speed: employees upserted per second into each store, written as a sync writes
 * them (one apply() per 999-user Graph page), then rewritten with every hash changed, then
 * every hash read back once:
 *
 *   npx tsx bench/store.bench.ts [--employees 100000] [--cosmos-employees 5000]
 *
 * SQLite is the embedded store in a temporary data directory. Cosmos is the adapter against
 * `@vercel/cosmosdb-server` in this process: it holds everything in memory and its queries
 * scan the whole container (~0.3 s at 10k items, ~35 s at 20k), so it gets fewer employees,
 * and its figure measures the adapter, the SDK and HTTP on loopback, not Cosmos DB (no RU
 * limits, no network, no replication). Prints a table, then one JSON line:
 * {"sqlite":{"employees","insertPerSec","updatePerSec","hashesMs"},"cosmosPeer":{...}}
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHttpServer } from '@vercel/cosmosdb-server';
import { z } from 'zod';
import { contentHash } from '../src/domain/content-hash.js';
import type { Employee } from '../src/domain/employee.js';
import type { RosterStore } from '../src/ports/store.js';
import { cosmosClient } from '../src/store/cosmos/cosmos-client.js';
import { openCosmosStore } from '../src/store/cosmos/cosmos-roster-store.js';
import { openSqliteStore } from '../src/store/sqlite/sqlite-roster-store.js';

const { values } = parseArgs({
  options: { employees: { type: 'string' }, 'cosmos-employees': { type: 'string' } },
  strict: false,
});
const count = z.coerce.number().int().min(1_000).max(1_000_000);
const sqliteEmployees = count.default(100_000).parse(values.employees);
const cosmosEmployees = count.default(5_000).parse(values['cosmos-employees']);

const tenantId = 'bbbbbbbb-0000-4000-8000-00000000bench';
/** What one page of users/delta brings at most, and so what one sync apply() writes. */
const pageSize = 999;

function makeEmployee(id: string, n: number, revision: number): Employee {
  const fields = {
    displayName: `Bench User ${n}`,
    givenName: 'Bench',
    surname: `User ${n}`,
    jobTitle: `Engineer ${revision}`,
    department: `Department ${n % 40}`,
    officeLocation: `Building ${n % 12}`,
    mobilePhone: null,
    businessPhone: `+1 555 01${String(n % 100).padStart(2, '0')}`,
    city: 'Redmond',
    country: 'United States',
    'manager.displayName': `Manager ${n % 500}`,
  };
  const record = {
    email: `bench.user.${n}@contoso.test`,
    emailSource: 'proxyAddresses' as const,
    aliases: [`bench.${n}@contoso.onmicrosoft.test`],
    fields,
  };
  return { id, ...record, hash: contentHash(record) };
}

interface Result {
  readonly employees: number;
  readonly insertPerSec: number;
  readonly updatePerSec: number;
  readonly hashesMs: number;
}

async function measure(store: RosterStore, employees: number): Promise<Result> {
  const ids = Array.from({ length: employees }, () => randomUUID());
  const writeAll = async (revision: number) => {
    const pages = [];
    for (let start = 0; start < ids.length; start += pageSize) {
      pages.push(
        ids.slice(start, start + pageSize).map((id, i) => makeEmployee(id, start + i, revision)),
      );
    }
    // Employees are built before the clock starts: only the store is timed.
    const began = performance.now();
    let written = 0;
    for (const upserts of pages)
      written += await store.employees.apply(tenantId, { upserts, removals: [] });
    if (written !== employees) throw new Error(`wrote ${written} of ${employees}`);
    return Math.round(employees / ((performance.now() - began) / 1000));
  };
  const insertPerSec = await writeAll(1);
  const updatePerSec = await writeAll(2);
  const began = performance.now();
  const hashes = await store.employees.hashes(tenantId);
  const hashesMs = Math.round(performance.now() - began);
  if (hashes.size !== employees) throw new Error(`hashes() saw ${hashes.size} of ${employees}`);
  return { employees, insertPerSec, updatePerSec, hashesMs };
}

const dataDir = await mkdtemp(join(tmpdir(), 'roster-store-bench-'));
const server = createHttpServer({ keepAlive: true });
try {
  const sqliteStore = await openSqliteStore({ dataDir });
  const sqlite = await measure(sqliteStore, sqliteEmployees).finally(() => sqliteStore.close());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const cosmosStore = await openCosmosStore({
    client: cosmosClient({ endpoint: `http://127.0.0.1:${String(port)}`, key: 'YmVuY2g=' }),
    databaseId: 'roster-bench',
    createIfMissing: true,
  });
  const cosmosPeer = await measure(cosmosStore, cosmosEmployees).finally(() => cosmosStore.close());

  const row = (name: string, r: Result) =>
    `  ${name.padEnd(28)}${r.employees.toLocaleString('en').padStart(9)}` +
    `${r.insertPerSec.toLocaleString('en').padStart(12)}${r.updatePerSec.toLocaleString('en').padStart(12)}` +
    `${String(r.hashesMs).padStart(10)} ms`;
  console.log(`Store writes: one apply() per ${pageSize}-employee page, then hashes() once`);
  console.log(
    `  ${'store'.padEnd(28)}${'employees'.padStart(9)}${'insert/s'.padStart(12)}${'update/s'.padStart(12)}${'hashes()'.padStart(13)}`,
  );
  console.log(row('SQLite (file, WAL)', sqlite));
  console.log(row('Cosmos (cosmosdb-server)', cosmosPeer));
  console.log(JSON.stringify({ sqlite, cosmosPeer }));
} finally {
  server.closeAllConnections();
  server.close();
  await rm(dataDir, { recursive: true, force: true });
}
