import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTenants, startEmulator, type RunningEmulator } from '@roster/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createRoster, type Roster } from '../src/main.js';
import type { Clock } from '../src/ports/clock.js';
import type { DirectoryConnector, DirectorySource } from '../src/ports/directory-source.js';
import type { SyncRun } from '../src/ports/store.js';
import { Scheduler } from '../src/scheduler/scheduler.js';
import { linkTenant } from '../src/sync/link-tenant.js';
import type { SyncDeps } from '../src/sync/run-directory-sync.js';

const tenantCount = 200;
const leaseMs = 60_000;

/** Real time plus an offset the test moves forward: run records keep real durations. */
class TestClock implements Clock {
  offsetMs = 0;
  now() {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A directory that reads the first page and then hangs: an instance killed mid-run. */
class HangingConnector implements DirectoryConnector {
  constructor(private readonly real: DirectoryConnector) {}
  connect(tenantId: string): DirectorySource {
    const source = this.real.connect(tenantId);
    return {
      organization: () => source.organization(),
      mailboxPurposes: (ids) => source.mailboxPurposes(ids),
      roomAddresses: () => source.roomAddresses(),
      groupMemberIds: (id) => source.groupMemberIds(id),
      user: (id, select, manager) => source.user(id, select, manager),
      tokenPermissions: () => source.tokenPermissions(),
      firstUsers: (select, count) => source.firstUsers(select, count),
      group: (id) => source.group(id),
      searchGroups: (prefix, limit) => source.searchGroups(prefix, limit),
      mailboxPurpose: (id) => source.mailboxPurpose(id),
      extensionProperties: () => source.extensionProperties(),
      get retriesUsed() {
        return source.retriesUsed;
      },
      async *users(request) {
        for await (const page of source.users(request)) {
          yield { users: page.users, removed: page.removed };
          await new Promise<never>(() => undefined);
        }
      },
    };
  }
}

describe('three scheduler instances sharing one store', () => {
  let emulator: RunningEmulator;
  let dataDir: string;
  const rosters: Roster[] = [];
  const clock = new TestClock();
  let tenantIds: string[];

  const runsOf = async (tenantId: string): Promise<SyncRun[]> =>
    rosters[0]!.store.runs.list(tenantId, { limit: 50 });

  const deps = (roster: Roster, directory = roster.directory): SyncDeps => ({
    store: roster.store,
    directory,
    clock,
    leaseMs,
  });

  beforeAll(async () => {
    emulator = await startEmulator({
      tenants: generateTenants(tenantCount, { usersPerTenant: 12, seed: 5 }),
      throttling: { enabled: false },
    });
    dataDir = await mkdtemp(join(tmpdir(), 'roster-scheduler-'));
    for (let i = 0; i < 4; i++) {
      rosters.push(
        await createRoster(
          loadConfig({
            ROSTER_AUTHORITY_HOST: emulator.url,
            ROSTER_GRAPH_BASE_URL: emulator.url,
            ROSTER_CLIENT_ID: emulator.app.clientId,
            ROSTER_CLIENT_SECRET: emulator.app.clientSecret,
            ROSTER_CA_FILE: emulator.caCertPath,
            ROSTER_DATA_DIR: dataDir,
          }),
        ),
      );
    }
    tenantIds = emulator.tenants.map((t) => t.id);
    for (const id of tenantIds) await linkTenant(deps(rosters[0]!), id);
  }, 120_000);
  afterAll(async () => {
    for (const roster of rosters) await roster.close();
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Every tenant's runs never overlap in time. */
  async function expectNoOverlap() {
    for (const id of tenantIds) {
      const runs = (await runsOf(id)).slice().reverse();
      for (let i = 1; i < runs.length; i++) {
        expect(Date.parse(runs[i]!.startedAt)).toBeGreaterThanOrEqual(
          Date.parse(runs[i - 1]!.endedAt ?? runs[i - 1]!.startedAt),
        );
      }
    }
  }

  it('syncs every tenant once per window, never one tenant twice at once', async () => {
    const schedulers = rosters
      .slice(0, 3)
      .map((r) => new Scheduler(deps(r), { concurrency: 6, tickMs: 1000 }));
    await settleWindow(schedulers, 1);
    for (const id of tenantIds) {
      const runs = await runsOf(id);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ status: 'succeeded', trigger: 'schedule', round: 'full' });
    }

    // Nothing is due an hour later; four hours later (past the 2–4 hour spread) every tenant is.
    clock.offsetMs += 3_600_000;
    await Promise.all(schedulers.map((s) => s.tick().then(() => s.idle())));
    expect((await Promise.all(tenantIds.map(runsOf))).every((runs) => runs.length === 1)).toBe(
      true,
    );
    clock.offsetMs += 3 * 3_600_000;
    await settleWindow(schedulers, 2);
    for (const id of tenantIds) {
      const runs = await runsOf(id);
      expect(runs).toHaveLength(2);
      expect(runs[0]).toMatchObject({ status: 'succeeded', round: 'delta' });
    }
    await expectNoOverlap();
  }, 120_000);

  /** Ticks until every tenant has `count` finished runs. */
  async function settleWindow(schedulers: Scheduler[], count: number) {
    for (let round = 0; round < 500; round++) {
      await Promise.all(schedulers.map((s) => s.tick()));
      await Promise.all(schedulers.map((s) => s.idle()));
      const runs = await Promise.all(tenantIds.map(runsOf));
      if (runs.every((r) => r.filter((run) => run.status !== 'running').length >= count)) return;
    }
    throw new Error('the schedulers never finished the window');
  }

  it('finishes the tenants of an instance killed mid-run once its leases expire', async () => {
    clock.offsetMs += 5 * 3_600_000;
    const doomed = new Scheduler(deps(rosters[3]!, new HangingConnector(rosters[3]!.directory)), {
      concurrency: 5,
      tickMs: 1000,
    });
    await doomed.tick();
    // Let the doomed syncs take their leases and read their first page.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stuck: string[] = [];
    for (const id of tenantIds) {
      if ((await runsOf(id))[0]?.status === 'running') stuck.push(id);
    }
    expect(stuck).toHaveLength(5);

    const survivors = rosters
      .slice(0, 2)
      .map((r) => new Scheduler(deps(r), { concurrency: 6, tickMs: 1000 }));
    await Promise.all(survivors.map((s) => s.tick().then(() => s.idle())));
    await Promise.all(survivors.map((s) => s.tick().then(() => s.idle())));
    // Everyone else synced; the stuck tenants are still leased to the dead instance.
    for (const id of stuck) expect((await runsOf(id))[0]?.status).toBe('running');

    clock.offsetMs += leaseMs + 1000;
    await Promise.all(survivors.map((s) => s.tick().then(() => s.idle())));
    for (const id of stuck) {
      const [latest, interrupted] = await runsOf(id);
      expect(latest).toMatchObject({ status: 'succeeded', trigger: 'schedule' });
      expect(interrupted).toMatchObject({ status: 'failed', failure: 'interrupted' });
    }
    for (const id of tenantIds) {
      expect((await runsOf(id))[0]?.status).toBe('succeeded');
    }
    await expectNoOverlapExceptInterrupted();
  }, 120_000);

  /** Overlap is allowed only with a run that was cut off (its instance died holding it). */
  async function expectNoOverlapExceptInterrupted() {
    for (const id of tenantIds) {
      const runs = (await runsOf(id)).filter((r) => r.failure !== 'interrupted').reverse();
      for (let i = 1; i < runs.length; i++) {
        expect(Date.parse(runs[i]!.startedAt)).toBeGreaterThanOrEqual(
          Date.parse(runs[i - 1]!.endedAt ?? runs[i - 1]!.startedAt),
        );
      }
    }
  }
});
