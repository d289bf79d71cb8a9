/**
 * Scheduler throughput: three instances sharing one embedded store sync a fleet of small
 * tenants from the emulator (in this process), one window of full rounds, then one of delta
 * rounds.
 *
 *   npx tsx bench/scheduler.bench.ts [--tenants 200] [--users 12] [--concurrency 6]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTenants, startEmulator } from '@roster/emulator';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { createRoster } from '../src/main.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { linkTenant } from '../src/sync/link-tenant.js';

const { values } = parseArgs({
  options: {
    tenants: { type: 'string' },
    users: { type: 'string' },
    concurrency: { type: 'string' },
  },
  strict: false,
});
const options = z
  .object({
    tenants: z.coerce.number().int().min(1).max(2000).default(200),
    users: z.coerce.number().int().min(1).max(1000).default(12),
    concurrency: z.coerce.number().int().min(1).max(64).default(6),
  })
  .parse(values);

const emulator = await startEmulator({
  tenants: generateTenants(options.tenants, { usersPerTenant: options.users, seed: 9 }),
  throttling: { enabled: false },
});
const dataDir = await mkdtemp(join(tmpdir(), 'roster-bench-scheduler-'));
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const rosters = await Promise.all(
  [0, 1, 2].map(() =>
    createRoster(
      loadConfig({
        ROSTER_AUTHORITY_HOST: emulator.url,
        ROSTER_GRAPH_BASE_URL: emulator.url,
        ROSTER_CLIENT_ID: emulator.app.clientId,
        ROSTER_CLIENT_SECRET: emulator.app.clientSecret,
        ROSTER_CA_FILE: emulator.caCertPath,
        ROSTER_DATA_DIR: dataDir,
      }),
    ),
  ),
);
const ids = emulator.tenants.map((t) => t.id);
try {
  const first = rosters[0];
  if (first === undefined) throw new Error('no roster');
  for (const id of ids)
    await linkTenant({ store: first.store, directory: first.directory, clock }, id);
  const schedulers = rosters.map(
    (r) =>
      new Scheduler(
        { store: r.store, directory: r.directory, clock },
        { concurrency: options.concurrency, tickMs: 1000 },
      ),
  );
  const windowMs = async (runsEach: number) => {
    const began = performance.now();
    for (;;) {
      await Promise.all(schedulers.map((s) => s.tick()));
      await Promise.all(schedulers.map((s) => s.idle()));
      const counts = await Promise.all(ids.map((id) => first.store.runs.list(id, { limit: 10 })));
      if (counts.every((runs) => runs.filter((r) => r.status === 'succeeded').length >= runsEach)) {
        return performance.now() - began;
      }
    }
  };
  const fullMs = await windowMs(1);
  offsetMs += 5 * 3_600_000;
  const deltaMs = await windowMs(2);
  const perSecond = (ms: number) => Math.round((ids.length / ms) * 1000);
  console.log(
    `${ids.length} tenants × ${options.users} users, 3 instances × ${options.concurrency} concurrent syncs`,
  );
  console.log(
    `  window of full rounds   ${(fullMs / 1000).toFixed(2)} s   ${perSecond(fullMs)} syncs/s`,
  );
  console.log(
    `  window of delta rounds  ${(deltaMs / 1000).toFixed(2)} s   ${perSecond(deltaMs)} syncs/s`,
  );
  console.log(
    JSON.stringify({
      tenants: ids.length,
      fullWindowMs: Math.round(fullMs),
      deltaWindowMs: Math.round(deltaMs),
      fullSyncsPerSecond: perSecond(fullMs),
      deltaSyncsPerSecond: perSecond(deltaMs),
    }),
  );
} finally {
  for (const roster of rosters) await roster.close();
  await emulator.close();
  await rm(dataDir, { recursive: true, force: true });
}
