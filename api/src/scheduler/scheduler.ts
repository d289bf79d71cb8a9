import { settingsOf } from '../sync/tenant-settings.js';
import { runDirectorySync, type SyncDeps } from '../sync/run-directory-sync.js';
import { tenantSchedule } from '../sync/tenant-schedule.js';
import type { SyncRun } from '../ports/store.js';

export interface SchedulerOptions {
  /** Syncs this instance runs at once; more due tenants wait for the next tick. */
  readonly concurrency: number;
  /** How often an instance looks for due tenants. */
  readonly tickMs: number;
  /** Reports a sync that threw (a bug or a store failure: Graph failures end in the run record). */
  readonly onError?: (tenantId: string, error: unknown) => void;
  /** Hears of every scheduled run once it has ended (the bot posts its card). */
  readonly onRunEnd?: (run: SyncRun) => void;
}

/**
 * Runs scheduled syncs. Every instance runs one; they share the store and agree through it:
 * a tenant is synced by whichever instance takes its lease first, and only if, lease in
 * hand, it is still due (the last run may have just ended on another instance).
 */
export class Scheduler {
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private ticking: Promise<void> | undefined;

  constructor(
    private readonly deps: SyncDeps,
    private readonly options: SchedulerOptions,
  ) {}

  /** Starts ticking; the first tick runs at once. */
  start(): void {
    this.stopping = false;
    const loop = () => {
      this.ticking = this.tick().finally(() => {
        if (!this.stopping) this.timer = setTimeout(loop, this.options.tickMs);
      });
    };
    loop();
  }

  /**
   * Stops ticking and waits for the syncs in flight to end; each releases its lease as it
   * ends. (A process killed outright leaves leases that expire, and another instance takes
   * the tenants over.)
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.ticking;
    await this.idle();
  }

  /** Resolves once no sync started by this instance is running. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** One look for due tenants: starts syncs for as many as the concurrency cap allows. */
  async tick(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    for (const tenant of await this.deps.store.tenants.list()) {
      if (this.stopping || this.running.size >= this.options.concurrency) return;
      if (this.running.has(tenant.tenantId)) continue;
      const interval = settingsOf(tenant).scheduleIntervalMinutes;
      const schedule = await tenantSchedule(this.deps, tenant.tenantId, interval);
      if (Date.parse(schedule.dueAt) > now) continue;
      this.launch(tenant.tenantId, interval);
    }
  }

  private launch(tenantId: string, interval: number): void {
    const sync = this.syncIfStillDue(tenantId, interval)
      .then(
        (run) => {
          if (run !== undefined) this.options.onRunEnd?.(run);
        },
        (error: unknown) => this.options.onError?.(tenantId, error),
      )
      .finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, sync);
  }

  private async syncIfStillDue(tenantId: string, interval: number): Promise<SyncRun | undefined> {
    try {
      return await runDirectorySync(this.deps, {
        tenantId,
        trigger: 'schedule',
        precondition: async () => {
          const schedule = await tenantSchedule(this.deps, tenantId, interval);
          return Date.parse(schedule.dueAt) <= this.deps.clock.now().getTime();
        },
      });
    } catch (error) {
      // Another instance holds the lease: it is syncing this tenant, which is what we wanted.
      if ((error as { code?: unknown }).code === 'sync_in_progress') return undefined;
      throw error;
    }
  }
}
