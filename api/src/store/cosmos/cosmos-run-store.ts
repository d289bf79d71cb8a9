import type { Container } from '@azure/cosmos';
import {
  runRecord,
  StoreConflict,
  type RunChange,
  type RunChangePage,
  type RunStore,
  type SyncRun,
} from '../../ports/store.js';
import type { RosterContainers } from './cosmos-containers.js';
import {
  asJson,
  chunk,
  deleteItem,
  deleteItems,
  executeBatch,
  inParallel,
  itemId,
  jsonBytes,
  maxBatchBytes,
  maxBatchOperations,
  queryAll,
  queryPages,
  sql,
  statusOf,
} from './cosmos-support.js';
import { epochMs, pageLimit } from '../store-input.js';

/** A run's record; `runId` is the run's own id, `id` its Cosmos-safe form. */
type RunItem = Omit<SyncRun, 'id'> & {
  readonly id: string;
  readonly runId: string;
  readonly startedMs: number;
  readonly ttl: number;
};

/**
 * Consecutive changes of one run, numbered by `seq` within the run. `kinds` lists the kinds
 * inside, so a filtered read skips items without any of the kind.
 */
type ChangesItem = {
  readonly id: string;
  readonly tenantId: string;
  readonly runId: string;
  readonly seq: number;
  readonly kinds: RunChange['kind'][];
  readonly changes: RunChange[];
  readonly ttl: number;
};

/**
 * Changes per item. One item per change would cost a write (and its RUs) per line of history;
 * 500 lines of ~200 bytes is ~100 KB, far under Cosmos's 2 MB item limit. Long diffs are
 * bounded by bytes instead.
 */
const changesPerItem = 500;
const changesItemBytes = 256_000;

/** Change items read per query page: enough for a page of history in one round trip. */
const changeItemsPerPage = 4;

/** Runs pruned at once. */
const prunesInFlight = 4;

/**
 * Sync runs and their history. Both containers have TTL on with no default; every item
 * carries `ttl` = the history window, so Cosmos drops history nobody pruned (the test peer
 * never expires anything). `prune()` still deletes explicitly: it is what the port promises,
 * and TTL counts from an item's last write, not from the run's start.
 */
export class CosmosRunStore implements RunStore {
  private readonly runs: Container;
  private readonly runChanges: Container;

  constructor(
    containers: RosterContainers,
    private readonly ttlSeconds: number,
  ) {
    this.runs = containers.runs;
    this.runChanges = containers.runChanges;
  }

  async start(run: SyncRun): Promise<void> {
    try {
      await this.runs.items.create(this.toItem(run));
    } catch (error) {
      if (statusOf(error) === 409) {
        throw new StoreConflict(`Run ${run.id} of tenant ${run.tenantId} already exists`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async update(run: SyncRun): Promise<void> {
    const item = this.toItem(run);
    try {
      await this.runs.item(item.id, run.tenantId).replace(item);
    } catch (error) {
      // A run that vanished (its tenant was removed, or it was pruned) lost the race.
      if (statusOf(error) === 404) {
        throw new StoreConflict(`Run ${run.id} of tenant ${run.tenantId} does not exist`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async get(tenantId: string, runId: string): Promise<SyncRun | undefined> {
    const { resource } = await this.runs.item(itemId(runId), tenantId).read<RunItem>();
    return resource === undefined ? undefined : toRun(resource);
  }

  async list(tenantId: string, options: { limit: number }): Promise<SyncRun[]> {
    const items = await queryAll<RunItem>(
      this.runs,
      sql(
        `SELECT TOP @n * FROM c WHERE c.tenantId = @t
         ORDER BY c.startedMs DESC, c.runId DESC`,
        { n: pageLimit(options.limit), t: tenantId },
      ),
      { partitionKey: tenantId },
    );
    return items.map(toRun);
  }

  async addChanges(tenantId: string, runId: string, changes: readonly RunChange[]): Promise<void> {
    if (changes.length === 0) return;
    // Changes belong to a run that exists, as the embedded store's foreign key insists.
    const { resource: run } = await this.runs.item(itemId(runId), tenantId).read<RunItem>();
    if (run === undefined) {
      throw new StoreConflict(`Run ${runId} of tenant ${tenantId} does not exist`);
    }
    const [last] = await queryAll<number>(
      this.runChanges,
      sql('SELECT VALUE MAX(c.seq) FROM c WHERE c.tenantId = @t AND c.runId = @r', {
        t: tenantId,
        r: runId,
      }),
      { partitionKey: tenantId },
    );
    const groups = chunk(changes, changesPerItem, {
      maxBytes: changesItemBytes,
      bytes: jsonBytes,
    });
    const items = groups.map((group, index): ChangesItem => {
      const seq = (last ?? 0) + index + 1;
      return {
        id: `${itemId(runId)}~${String(seq)}`,
        tenantId,
        runId,
        seq,
        kinds: [...new Set(group.map((change) => change.kind))],
        changes: group,
        ttl: this.ttlSeconds,
      };
    });
    // Creates, not upserts: the item ids hold the seq, so a second writer numbering from the
    // same MAX fails with 409 instead of overwriting. Only the lease holder writes a run's
    // history, so that is a bug surfacing, not a race to retry. A page's changes (up to
    // ~1,000) fit one batch: all or nothing on Cosmos.
    const batches = chunk(
      items.map((item) => ({ operationType: 'Create' as const, resourceBody: asJson(item) })),
      maxBatchOperations,
      { maxBytes: maxBatchBytes, bytes: (operation) => jsonBytes(operation.resourceBody) },
    );
    for (const batch of batches) await executeBatch(this.runChanges, tenantId, batch);
  }

  async changes(
    tenantId: string,
    runId: string,
    options: { after?: string; limit: number; kind?: RunChange['kind'] },
  ): Promise<RunChangePage> {
    const limit = pageLimit(options.limit);
    const from = options.after === undefined ? { seq: 1, index: -1 } : parseCursor(options.after);
    const kind = options.kind;
    const spec = sql(
      `SELECT c.seq, c.changes FROM c
       WHERE c.tenantId = @t AND c.runId = @r AND c.seq >= @seq
       ${kind === undefined ? '' : 'AND ARRAY_CONTAINS(c.kinds, @kind)'}
       ORDER BY c.runId, c.seq`,
      { t: tenantId, r: runId, seq: from.seq, ...(kind === undefined ? {} : { kind }) },
    );
    // One change past the limit tells whether another page follows.
    const found: { change: RunChange; cursor: string }[] = [];
    const pages = queryPages<Pick<ChangesItem, 'seq' | 'changes'>>(this.runChanges, spec, {
      partitionKey: tenantId,
      maxItemCount: changeItemsPerPage,
    });
    scan: for await (const page of pages) {
      for (const item of page) {
        for (const [index, change] of item.changes.entries()) {
          if (item.seq === from.seq && index <= from.index) continue;
          if (kind !== undefined && change.kind !== kind) continue;
          found.push({ change, cursor: `${String(item.seq)}.${String(index)}` });
          if (found.length > limit) break scan;
        }
      }
    }
    const items = found.slice(0, limit).map(({ change }) => change);
    const last = found[limit - 1];
    return found.length > limit && last !== undefined ? { items, next: last.cursor } : { items };
  }

  async prune(before: string): Promise<number> {
    const runs = await queryAll<{ tenantId: string; runId: string }>(
      this.runs,
      sql('SELECT c.tenantId, c.runId FROM c WHERE c.startedMs < @before', {
        before: epochMs(before, 'before'),
      }),
    );
    let pruned = 0;
    await inParallel(runs, prunesInFlight, async ({ tenantId, runId }) => {
      // History first, then the run: a prune cut short leaves a run the next prune finds,
      // never history without its run.
      const ids = await queryAll<string>(
        this.runChanges,
        sql('SELECT VALUE c.id FROM c WHERE c.tenantId = @t AND c.runId = @r', {
          t: tenantId,
          r: runId,
        }),
        { partitionKey: tenantId },
      );
      await deleteItems(this.runChanges, tenantId, ids);
      if (await deleteItem(this.runs, itemId(runId), tenantId)) pruned += 1;
    });
    return pruned;
  }

  private toItem(run: SyncRun): RunItem {
    if (run.id === '') throw new RangeError('A run needs an id');
    const { id, ...record } = runRecord(run);
    return {
      ...record,
      id: itemId(id),
      runId: id,
      startedMs: epochMs(run.startedAt, 'startedAt'),
      ttl: this.ttlSeconds,
    };
  }
}

function toRun(item: RunItem): SyncRun {
  return runRecord({ ...item, id: item.runId });
}

/** A position in a run's history: the item's seq and the change's index inside it. */
function parseCursor(after: string): { seq: number; index: number } {
  const match = /^(\d{1,15})\.(\d{1,6})$/.exec(after);
  if (match === null) throw new RangeError(`Not a run change cursor: ${after}`);
  return { seq: Number(match[1]), index: Number(match[2]) };
}
