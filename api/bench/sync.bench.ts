/**
 * Sync speed and memory against a large tenant, the emulator in its own process:
 *
 *   npm run bench -- --users 100000
 *
 * Measures in one run: the bare download of every users/delta page with the sync's own
 * $select and page size; a full sync; a delta sync after 1% of users changed; and a re-sync
 * with nothing changed. Prints a table, then one JSON line:
 * {"users","rawFetchMs","fullSyncMs","ratio","peakRssMb","deltaSyncMs","deltaRatio","noChangeWrites"}
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fetch } from 'undici';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { graphSelect } from '../src/domain/select-attributes.js';
import { defaultTenantSettings } from '../src/domain/settings.js';
import { createRoster } from '../src/main.js';
import { linkTenant } from '../src/sync/link-tenant.js';
import { runDirectorySync } from '../src/sync/run-directory-sync.js';
import { spawnEmulator } from './support/emulator-process.js';

const { values } = parseArgs({ options: { users: { type: 'string' } }, strict: false });
const users = z.coerce.number().int().min(100).max(1_000_000).default(100_000).parse(values.users);

const emulator = await spawnEmulator(users);
const { info, tenantId, agent, control } = emulator;
const dataDir = await mkdtemp(join(tmpdir(), 'roster-bench-'));
const config = loadConfig(emulator.rosterEnv(dataDir));
const roster = await createRoster(config);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

/** Every page of users/delta with the sync's $select and page size, parsed and dropped. */
async function rawFetch(): Promise<number> {
  const tokenResponse = await fetch(`${info.url}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    dispatcher: agent,
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: info.app.clientId,
      client_secret: info.app.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const { access_token: token } = z
    .object({ access_token: z.string() })
    .parse(await tokenResponse.json());
  const select = graphSelect(defaultTenantSettings()).join(',');
  const began = performance.now();
  let url: string | undefined = `${info.url}/v1.0/users/delta?$select=${select}`;
  let seen = 0;
  while (url !== undefined) {
    const response = await fetch(url, {
      dispatcher: agent,
      headers: {
        authorization: `Bearer ${token}`,
        prefer: `odata.maxpagesize=${config.graphPageSize}`,
      },
    });
    const page = (await response.json()) as { value: unknown[]; '@odata.nextLink'?: string };
    seen += page.value.length;
    url = page['@odata.nextLink'];
  }
  if (seen !== users) throw new Error(`raw fetch saw ${seen} of ${users} users`);
  return performance.now() - began;
}

const deps = { store: roster.store, directory: roster.directory, clock: roster.clock };
const timed = async (full: boolean) => {
  const began = performance.now();
  const run = await runDirectorySync(deps, { tenantId, trigger: 'cli', full });
  if (run.status !== 'succeeded') throw new Error(`sync ${run.status}: ${run.errors.join('; ')}`);
  return { run, ms: performance.now() - began };
};

try {
  await linkTenant(deps, tenantId);
  const rawFetchMs = await rawFetch();
  const full = await timed(true);

  // 1% of users change a property every mapping reads.
  const page = await roster.store.employees.page(tenantId, { limit: Math.ceil(users / 100) });
  await control(
    'POST',
    `/tenants/${tenantId}/changes`,
    page.items.map((e, i) => ({ op: 'update', id: e.id, patch: { jobTitle: `Bench title ${i}` } })),
  );
  const delta = await timed(false);
  const noChange = await timed(true);
  const noChangeWrites =
    noChange.run.counts.added + noChange.run.counts.updated + noChange.run.counts.removed;

  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`.padStart(9);
  console.log(`Roster sync of ${users.toLocaleString('en')} users (emulator in its own process)`);
  console.log(`  raw fetch of every page     ${fmt(rawFetchMs)}`);
  console.log(
    `  full sync                   ${fmt(full.ms)}   added ${full.run.counts.added}, skipped ${Object.values(full.run.counts.skipped).reduce((a, b) => a + b, 0)}`,
  );
  console.log(
    `  delta sync, 1% changed      ${fmt(delta.ms)}   updated ${delta.run.counts.updated}`,
  );
  console.log(`  full re-sync, no change     ${fmt(noChange.ms)}   writes ${noChangeWrites}`);
  console.log(`  peak RSS                    ${(peakRss / 1e6).toFixed(0).padStart(6)} MB`);
  console.log(
    JSON.stringify({
      users,
      rawFetchMs: Math.round(rawFetchMs),
      fullSyncMs: Math.round(full.ms),
      ratio: Math.round((full.ms / rawFetchMs) * 100) / 100,
      peakRssMb: Math.round(peakRss / 1e6),
      deltaSyncMs: Math.round(delta.ms),
      deltaRatio: Math.round((delta.ms / full.ms) * 1000) / 1000,
      noChangeWrites,
    }),
  );
} finally {
  clearInterval(sampler);
  await roster.close();
  await emulator.close();
  await rm(dataDir, { recursive: true, force: true });
}
