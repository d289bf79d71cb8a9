import { randomUUID } from 'node:crypto';
import { guardRemovals } from '../domain/deletion-guard.js';
import type { Employee } from '../domain/employee.js';
import { fieldDiffs, RoundPlanner, type RoundKind } from '../domain/plan.js';
import { settingsFingerprint } from '../domain/settings-fingerprint.js';
import type { TenantSettings } from '../domain/settings.js';
import { notLinked, syncInProgress } from '../app-error.js';
import type { Clock } from '../ports/clock.js';
import {
  DirectoryError,
  type DirectoryConnector,
  type DirectorySource,
} from '../ports/directory-source.js';
import type {
  RosterStore,
  RunChange,
  RunCounts,
  RunFailure,
  RunTrigger,
  SyncRun,
} from '../ports/store.js';
import { mappedRound, type MappedPage } from './mapped-rounds.js';
import { loadSettings } from './tenant-settings.js';

export interface SyncDeps {
  readonly store: RosterStore;
  readonly directory: DirectoryConnector;
  readonly clock: Clock;
  /** How long a sync may hold its tenant's lease between two pages. */
  readonly leaseMs?: number;
  /** Days of run history to keep (90 unless configured). */
  readonly runHistoryDays?: number;
}

export interface SyncRequest {
  readonly tenantId: string;
  readonly trigger: RunTrigger;
  /** Ignore the stored delta link and read every user. */
  readonly full?: boolean;
  /** Called after every page: users read so far. */
  readonly onProgress?: (progress: { pages: number; users: number }) => void;
  /**
   * Checked once the lease is held: false skips the run (`runDirectorySync` returns
   * undefined). The scheduler asks "still due?" here, so two instances that both saw a
   * tenant due never both sync it.
   */
  readonly precondition?: () => Promise<boolean>;
  /** Called once the run is recorded, before it reads anything: Sync Now answers with it. */
  readonly onStart?: (run: SyncRun) => void;
}

const emptyCounts = (): RunCounts => ({
  added: 0,
  updated: 0,
  removed: 0,
  held: 0,
  unchanged: 0,
  skipped: {},
});

/** Thrown inside a run when its lease was taken over: stop writing at once. */
class LeaseLost extends Error {}

/**
 * Runs one sync of one tenant: the single write path behind the schedule, Sync Now in the
 * tab, Sync Now on the card and the CLI. One sync per tenant at a time (the store's lease).
 *
 * Adds and updates are written page by page, so memory holds the stored hashes and ids,
 * never the tenant. Removals wait for the end of a complete round and pass the deletion
 * guard; a failed round removes nobody and keeps the old delta link, so the next run
 * converges.
 */
export async function runDirectorySync(
  deps: SyncDeps,
  request: SyncRequest & { precondition?: undefined },
): Promise<SyncRun>;
export async function runDirectorySync(
  deps: SyncDeps,
  request: SyncRequest,
): Promise<SyncRun | undefined>;
export async function runDirectorySync(
  deps: SyncDeps,
  request: SyncRequest,
): Promise<SyncRun | undefined> {
  const { store, clock } = deps;
  const leaseMs = deps.leaseMs ?? 10 * 60_000;
  const tenant = await store.tenants.get(request.tenantId);
  if (tenant === undefined) throw notLinked(request.tenantId);
  const settings = loadSettings(tenant.settings);

  const runId = randomUUID();
  const expires = () => new Date(clock.now().getTime() + leaseMs).toISOString();
  const acquired = await store.leases.acquire(
    request.tenantId,
    runId,
    clock.now().toISOString(),
    expires(),
  );
  if (!acquired) throw syncInProgress(request.tenantId);

  try {
    if (request.precondition !== undefined && !(await request.precondition())) return undefined;
    await closeInterruptedRuns(store, request.tenantId, clock);
    const fingerprint = settingsFingerprint(settings);
    const delta = request.full === true ? undefined : await store.deltas.get(request.tenantId);
    const resume = delta?.fingerprint === fingerprint ? delta.deltaLink : undefined;
    const run = new RunInProgress(
      deps,
      request,
      runId,
      settings,
      resume === undefined ? 'full' : 'delta',
    );
    // Each sync also trims run history: no timer, and history never outgrows its window.
    const historyMs = (deps.runHistoryDays ?? 90) * 86_400_000;
    await store.runs.prune(new Date(clock.now().getTime() - historyMs).toISOString());
    await store.runs.start(run.record());
    request.onStart?.(run.record());
    return await run.execute(resume, fingerprint, async () => {
      if (!(await store.leases.renew(request.tenantId, runId, expires()))) throw new LeaseLost();
    });
  } finally {
    await store.leases.release(request.tenantId, runId);
  }
}

/** The state of one run while it reads, plans and writes. */
class RunInProgress {
  private counts = emptyCounts();
  private readonly errors: string[] = [];
  private readonly startedAt: string;
  private endedAt: string | null = null;
  private status: SyncRun['status'] = 'running';
  private heldBecause: string | null = null;
  private failure: RunFailure | undefined;
  private writes = 0;

  constructor(
    private readonly deps: SyncDeps,
    private readonly request: SyncRequest,
    private readonly runId: string,
    private readonly settings: TenantSettings,
    private round: RoundKind,
  ) {
    this.startedAt = deps.clock.now().toISOString();
  }

  record(): SyncRun {
    return {
      id: this.runId,
      tenantId: this.request.tenantId,
      trigger: this.request.trigger,
      round: this.round,
      startedAt: this.startedAt,
      endedAt: this.endedAt,
      status: this.status,
      counts: this.counts,
      heldBecause: this.heldBecause,
      errors: this.errors,
      ...(this.failure === undefined ? {} : { failure: this.failure }),
    };
  }

  async execute(
    resume: string | undefined,
    fingerprint: string,
    renewLease: () => Promise<void>,
  ): Promise<SyncRun> {
    const { store } = this.deps;
    const tenantId = this.request.tenantId;
    const source = this.deps.directory.connect(tenantId);
    try {
      let deltaLink: string;
      try {
        deltaLink = await this.readRound(source, resume, renewLease);
      } catch (error) {
        // An expired delta link is routine: start again with a full round, in the same run.
        if (
          !(error instanceof DirectoryError && error.kind === 'delta-expired') ||
          resume === undefined
        ) {
          throw error;
        }
        await store.deltas.clear(tenantId);
        this.round = 'full';
        this.counts = emptyCounts();
        deltaLink = await this.readRound(source, undefined, renewLease);
      }
      if (this.counts.held > 0) {
        // Held removals are not forgotten by the next delta round (which would not bring
        // those users again): the next run is a full round that decides them afresh.
        await store.deltas.clear(tenantId);
      } else {
        await store.deltas.save(tenantId, {
          deltaLink,
          fingerprint,
          savedAt: this.deps.clock.now().toISOString(),
        });
      }
      this.status = this.counts.held > 0 ? 'held' : 'succeeded';
    } catch (error) {
      this.errors.push(error instanceof Error ? error.message : String(error));
      this.failure =
        error instanceof DirectoryError &&
        (error.kind === 'not-authorized' || error.kind === 'unavailable')
          ? error.kind
          : 'error';
      // Whatever was written stays (it is correct data); nobody was removed.
      this.status = this.writes > 0 ? 'partial' : 'failed';
    }
    this.endedAt = this.deps.clock.now().toISOString();
    const record = this.record();
    await store.runs.update(record);
    return record;
  }

  /** Reads one round to its end, writing as it goes; returns the round's delta link. */
  private async readRound(
    source: DirectorySource,
    resume: string | undefined,
    renewLease: () => Promise<void>,
  ): Promise<string> {
    const { store } = this.deps;
    const tenantId = this.request.tenantId;
    // A full round needs every stored hash (to find who is gone); a delta round only those
    // of the users it brings, read page by page, so its cost follows the changes.
    const full = this.round === 'full';
    const stored = full ? await store.employees.hashes(tenantId) : new Map<string, string>();
    const storedCount = full ? stored.size : await store.employees.count(tenantId);
    const planner = new RoundPlanner(stored, this.round);
    let pages = 0;
    let users = 0;
    let deltaLink: string | undefined;
    for await (const page of mappedRound(source, this.settings, resume)) {
      if (!full) {
        const ids = page.items.map(({ incoming }) =>
          incoming.kind === 'employee' ? incoming.employee.id : incoming.id,
        );
        planner.know(await store.employees.hashesOf(tenantId, ids));
      }
      await this.applyPage(page, planner);
      await renewLease();
      pages += 1;
      users += page.users;
      this.request.onProgress?.({ pages, users });
      deltaLink = page.deltaLink;
    }
    if (deltaLink === undefined) throw new Error('The users round ended without a delta link.');

    const removals = planner.finish();
    const guarded = guardRemovals(
      removals,
      storedCount,
      this.settings.cleanUp,
      this.settings.deletionThreshold,
    );
    const names = await this.namesOf([...guarded.apply, ...guarded.held].map((r) => r.id));
    if (guarded.apply.length > 0) {
      this.writes += await store.employees.apply(tenantId, {
        upserts: [],
        removals: guarded.apply.map((r) => r.id),
      });
    }
    const changes: RunChange[] = [
      ...guarded.apply.map((r) => ({
        kind: 'removed' as const,
        employeeId: r.id,
        name: names.get(r.id) ?? null,
        reason: r.reason,
      })),
      ...guarded.held.map((r) => ({
        kind: 'held' as const,
        employeeId: r.id,
        name: names.get(r.id) ?? null,
        reason: r.reason,
      })),
    ];
    if (changes.length > 0) await store.runs.addChanges(tenantId, this.runId, changes);
    this.counts.removed += guarded.apply.length;
    this.counts.held += guarded.held.length;
    this.heldBecause = guarded.heldBecause;
    return deltaLink;
  }

  /** Plans and writes one page; every write of a page is one transaction. */
  private async applyPage(page: MappedPage, planner: RoundPlanner): Promise<void> {
    const { store } = this.deps;
    const tenantId = this.request.tenantId;
    const upserts: Employee[] = [];
    const updated: Employee[] = [];
    for (const { incoming } of page.items) {
      const decision = planner.accept(incoming);
      switch (decision.kind) {
        case 'add':
          upserts.push(decision.employee);
          break;
        case 'update':
          upserts.push(decision.employee);
          updated.push(decision.employee);
          break;
        case 'unchanged':
          this.counts.unchanged += 1;
          break;
        case 'skip':
        case 'pending-removal':
        case 'ignore':
          // Counted as skipped: users Graph returned that the settings leave out.
          if (incoming.kind === 'skipped') {
            const code = incoming.reason.code;
            this.counts.skipped[code] = (this.counts.skipped[code] ?? 0) + 1;
          }
          break;
      }
    }
    if (upserts.length === 0) return;

    const before = new Map(
      (
        await store.employees.getMany(
          tenantId,
          updated.map((e) => e.id),
        )
      ).map((e) => [e.id, e]),
    );
    this.writes += await store.employees.apply(tenantId, { upserts, removals: [] });
    const changes: RunChange[] = upserts.map((employee) => {
      const old = before.get(employee.id);
      const name = employee.fields['displayName'] ?? employee.email;
      return old === undefined
        ? { kind: 'added', employeeId: employee.id, name }
        : { kind: 'updated', employeeId: employee.id, name, diffs: fieldDiffs(old, employee) };
    });
    await store.runs.addChanges(tenantId, this.runId, changes);
    this.counts.added += changes.filter((c) => c.kind === 'added').length;
    this.counts.updated += changes.filter((c) => c.kind === 'updated').length;
  }

  private async namesOf(ids: readonly string[]): Promise<Map<string, string | null>> {
    if (ids.length === 0) return new Map();
    const employees = await this.deps.store.employees.getMany(this.request.tenantId, ids);
    return new Map(employees.map((e) => [e.id, e.fields['displayName'] ?? e.email]));
  }
}

/**
 * Runs still marked running when their tenant's lease is free again were cut off (their
 * instance stopped): they end as failed, so history and the scheduler see the truth.
 */
async function closeInterruptedRuns(store: RosterStore, tenantId: string, clock: Clock) {
  for (const run of await store.runs.list(tenantId, { limit: 5 })) {
    if (run.status !== 'running') continue;
    await store.runs.update({
      ...run,
      status: 'failed',
      endedAt: clock.now().toISOString(),
      errors: [...run.errors, 'The sync was interrupted: the instance running it stopped.'],
      failure: 'interrupted',
    });
  }
}
