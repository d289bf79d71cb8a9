import { AppError } from '../app-error.js';
import type { SyncRun } from '../ports/store.js';
import { runDirectorySync, type SyncDeps } from './run-directory-sync.js';

/** What a running sync has done so far, as this instance saw it. */
export interface SyncProgress {
  readonly runId: string;
  readonly pages: number;
  readonly users: number;
}

/**
 * Starts syncs that callers do not wait for (Sync Now from the tab or a card): answers with
 * the run as soon as it is recorded, keeps the sync going, and tracks its progress. A second
 * request while a tenant's sync runs gets that run, on this instance or another.
 */
export class SyncLauncher {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly progress = new Map<string, SyncProgress>();

  /**
   * `onRunEnd` hears of every run this launcher started once it has ended (the bot posts its
   * card); `onError`, of a sync that threw instead.
   */
  constructor(
    private readonly deps: SyncDeps,
    private readonly onError: (tenantId: string, error: unknown) => void,
    private readonly onRunEnd: (run: SyncRun) => void = () => undefined,
  ) {}

  /** Starts a sync (or finds the running one) and resolves with its run record. */
  async launch(tenantId: string, trigger: SyncRun['trigger']): Promise<SyncRun> {
    const started = new Promise<SyncRun>((resolve, reject) => {
      let runId = '';
      const sync = runDirectorySync(this.deps, {
        tenantId,
        trigger,
        onStart: (run) => {
          runId = run.id;
          this.progress.set(tenantId, { runId, pages: 0, users: 0 });
          resolve(run);
        },
        onProgress: ({ pages, users }) => this.progress.set(tenantId, { runId, pages, users }),
      })
        .then(
          (run) => this.onRunEnd(run),
          (error: unknown) => {
            reject(error instanceof Error ? error : new Error(String(error)));
            if (runId !== '') this.onError(tenantId, error);
          },
        )
        .finally(() => {
          this.inFlight.delete(sync);
          if (this.progress.get(tenantId)?.runId === runId) this.progress.delete(tenantId);
        });
      this.inFlight.add(sync);
    });
    try {
      return await started;
    } catch (error) {
      if (error instanceof AppError && error.code === 'sync_in_progress') {
        const running = (await this.deps.store.runs.list(tenantId, { limit: 5 })).find(
          (run) => run.status === 'running',
        );
        if (running !== undefined) return running;
      }
      throw error;
    }
  }

  /** This instance's view of a tenant's running sync, if it runs here. */
  progressOf(tenantId: string): SyncProgress | undefined {
    return this.progress.get(tenantId);
  }

  /** Resolves when every sync this launcher started has ended. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }
}
