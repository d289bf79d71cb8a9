import type { Employee, FieldDiff, SkipReason } from '../domain/employee.js';
import type { RoundKind } from '../domain/plan.js';

/**
 * Roster's storage ports. Every record carries its tenant id and every method takes one:
 * no method can read across tenants. Implementations: the embedded store (SQLite, local
 * default) and Cosmos DB; both pass `test/store-contract.ts`.
 */

/** A tenant an admin linked, with its settings as validated JSON (the domain owns the schema). */
export interface LinkedTenant {
  readonly tenantId: string;
  readonly displayName: string;
  readonly linkedAt: string;
  readonly settings: unknown;
  /** The admin who linked it; null when it was linked another way (the CLI). */
  readonly linkedBy: TenantAdmin | null;
  /** Bumped on every save; `save` with a stale version fails with `StoreConflict`. */
  readonly version: number;
}

/** An M365 admin of a tenant, as a validated access token named them. */
export interface TenantAdmin {
  /** Entra object id. */
  readonly userId: string;
  readonly name: string;
}

export interface TenantStore {
  get(tenantId: string): Promise<LinkedTenant | undefined>;
  list(): Promise<LinkedTenant[]>;
  /** Creates (expectedVersion 0) or replaces (expectedVersion = stored version) a tenant. */
  save(tenant: Omit<LinkedTenant, 'version'>, expectedVersion: number): Promise<LinkedTenant>;
  /** Removes the tenant and everything stored for it. */
  remove(tenantId: string): Promise<void>;
  /**
   * Unlinks the tenant but keeps its directory and run history: the tenant record, delta
   * state, lease, recorded admins and the bot's conversations go; linking again starts with
   * a full sync.
   */
  unlink(tenantId: string): Promise<void>;
}

/**
 * Writes of one batch of a run. An invalid batch (an empty id or hash) writes nothing; the
 * embedded store commits a batch in one transaction, Cosmos in transactional chunks of up to
 * 100 writes, each employee's record always whole.
 */
export interface EmployeeWrites {
  readonly upserts: readonly Employee[];
  readonly removals: readonly string[];
}

export interface EmployeePage {
  readonly items: Employee[];
  /** Pass back as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/** A page with its employees as JSON text: for callers that send them on unread. */
export interface EmployeePageJson {
  /** Each employee as `JSON.stringify` would write it, UTF-8 encoded, in page order. */
  readonly items: readonly Uint8Array[];
  /** Pass back as `after` for the next page; absent on the last page. */
  readonly next?: string;
}

/** A page of the directory: in name order (`employeeSortKey`), optionally searched. */
export interface EmployeeQuery {
  /** The last page's `next`. */
  readonly after?: string;
  readonly limit: number;
  /** Words every employee listed has a word starting with (`employee-search.ts`). */
  readonly search?: string;
}

export interface EmployeeStore {
  /** Id → content hash of every stored employee of a tenant: what change detection needs. */
  hashes(tenantId: string): Promise<Map<string, string>>;
  /** Id → content hash of the given ids that are stored: what a delta round's page needs. */
  hashesOf(tenantId: string, ids: readonly string[]): Promise<Map<string, string>>;
  getMany(tenantId: string, ids: readonly string[]): Promise<Employee[]>;
  /** Applies a batch (see `EmployeeWrites` for its atomicity); returns how many rows it wrote. */
  apply(tenantId: string, writes: EmployeeWrites): Promise<number>;
  /** Keyset pages in name order, searched when the query says so. */
  page(tenantId: string, query: EmployeeQuery): Promise<EmployeePage>;
  /**
   * The same page as JSON text: the embedded store hands out its stored records as they
   * are, which the Employees view's busiest route needs (parsing and writing them again
   * was a fifth of its time, and encoding them to UTF-8 on every request much of the rest).
   */
  pageJson(tenantId: string, query: EmployeeQuery): Promise<EmployeePageJson>;
  count(tenantId: string): Promise<number>;
}

export type RunTrigger = 'schedule' | 'manual' | 'card' | 'cli';
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'held' | 'partial';

export interface RunCounts {
  added: number;
  updated: number;
  removed: number;
  held: number;
  unchanged: number;
  /** Skipped users by reason code. */
  skipped: Record<string, number>;
}

/** One sync of one tenant. */
export interface SyncRun {
  readonly id: string;
  readonly tenantId: string;
  readonly trigger: RunTrigger;
  readonly round: RoundKind;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly status: RunStatus;
  readonly counts: RunCounts;
  /** Why removals were held; null when none were. */
  readonly heldBecause: string | null;
  readonly errors: readonly string[];
  /** Why a failed run failed, when Roster knows: what the scheduler's backoff reads. */
  readonly failure?: RunFailure;
  /** What an admin decided about the run's held removals, once they did. */
  readonly resolution?: HeldResolution;
}

/** An admin's answer to held removals: remove them now, or keep the employees. */
export interface HeldResolution {
  readonly action: 'confirmed' | 'discarded';
  readonly by: TenantAdmin;
  readonly at: string;
  /** Employees removed on confirmation (those still stored); 0 when discarded. */
  readonly removed: number;
}

export type RunFailure =
  /** Entra ID or Graph refused Roster: consent revoked, or a permission missing. */
  | 'not-authorized'
  /** Graph kept failing after every retry the run's budget allowed. */
  | 'unavailable'
  /** The instance running it stopped before it ended (its lease expired). */
  | 'interrupted'
  | 'error';

/** One line of a run's history: what happened to one user. */
export type RunChange =
  | { kind: 'added'; employeeId: string; name: string | null }
  | { kind: 'updated'; employeeId: string; name: string | null; diffs: readonly FieldDiff[] }
  | { kind: 'removed' | 'held'; employeeId: string; name: string | null; reason: SkipReason }
  | { kind: 'skipped'; employeeId: string; name: string | null; reason: SkipReason };

export interface RunChangePage {
  readonly items: RunChange[];
  readonly next?: string;
}

export interface RunStore {
  /** Records a new run (status `running`). */
  start(run: SyncRun): Promise<void>;
  /** Replaces a run's record (end, status, counts, errors). */
  update(run: SyncRun): Promise<void>;
  get(tenantId: string, runId: string): Promise<SyncRun | undefined>;
  /** Newest first. */
  list(tenantId: string, options: { limit: number }): Promise<SyncRun[]>;
  addChanges(tenantId: string, runId: string, changes: readonly RunChange[]): Promise<void>;
  changes(
    tenantId: string,
    runId: string,
    options: { after?: string; limit: number; kind?: RunChange['kind'] },
  ): Promise<RunChangePage>;
  /** Deletes runs (and their changes) that started before `before`; returns how many. */
  prune(before: string): Promise<number>;
}

/** Where the next delta round starts, and for which settings it was made. */
export interface DeltaState {
  readonly deltaLink: string;
  /** The settings fingerprint the link was made for; another one means a full round. */
  readonly fingerprint: string;
  readonly savedAt: string;
}

export interface DeltaStateStore {
  get(tenantId: string): Promise<DeltaState | undefined>;
  save(tenantId: string, state: DeltaState): Promise<void>;
  clear(tenantId: string): Promise<void>;
}

export interface LeaseStore {
  /**
   * Takes the tenant's sync lease for `holder` until `expiresAt`, atomically: true if taken,
   * false if another holder has an unexpired lease.
   */
  acquire(tenantId: string, holder: string, now: string, expiresAt: string): Promise<boolean>;
  /** Extends a lease this holder has; false if it was lost. */
  renew(tenantId: string, holder: string, expiresAt: string): Promise<boolean>;
  release(tenantId: string, holder: string): Promise<void>;
}

/** A tenant's admin as Roster last saw them: who may act on the bot's cards. */
export interface RecordedAdmin extends TenantAdmin {
  readonly lastSeenAt: string;
}

/**
 * The admins who used Roster, per tenant. Recorded from validated tokens (whose `wids`
 * prove the role), because a card action carries no roles: the bot checks this list.
 */
export interface AdminStore {
  /** Adds or refreshes an admin. */
  record(tenantId: string, admin: RecordedAdmin): Promise<void>;
  get(tenantId: string, userId: string): Promise<RecordedAdmin | undefined>;
  /** By name. */
  list(tenantId: string): Promise<RecordedAdmin[]>;
  /** Forgets an admin (their role was taken away); nothing if unknown. */
  remove(tenantId: string, userId: string): Promise<void>;
}

/**
 * Where the bot reaches an admin who installed Roster in Teams: the fields a proactive
 * message needs (`continueConversation` rebuilds the rest). Nothing in it is a secret.
 */
export interface ConversationReference {
  /** The admin's Entra object id (`from.aadObjectId` of the install event). */
  readonly userId: string;
  readonly conversationId: string;
  /** The Bot Connector endpoint the conversation lives on. */
  readonly serviceUrl: string;
  /** `msteams` in Teams. */
  readonly channelId: string;
  /** The bot's own id in the conversation (the install event's `recipient.id`). */
  readonly botId: string;
  readonly tenantId: string;
  readonly savedAt: string;
}

/**
 * The bot's conversations with a tenant's admins, one per admin. Kept by Roster rather than
 * the bot SDK, whose own store needs bot credentials and would sit outside the tenant's data.
 */
export interface ConversationStore {
  /** Saves or replaces the admin's reference; refuses one whose `tenantId` is another tenant's. */
  save(tenantId: string, ref: ConversationReference): Promise<void>;
  /** Every reference of the tenant, by user id. */
  list(tenantId: string): Promise<ConversationReference[]>;
  /** Forgets an admin's reference (they uninstalled the app); nothing if unknown. */
  remove(tenantId: string, userId: string): Promise<void>;
}

/** Every store Roster needs, as one object the composition root builds. */
export interface RosterStore {
  readonly tenants: TenantStore;
  readonly admins: AdminStore;
  readonly conversations: ConversationStore;
  readonly employees: EmployeeStore;
  readonly runs: RunStore;
  readonly deltas: DeltaStateStore;
  readonly leases: LeaseStore;
  close(): Promise<void>;
}

/**
 * A run with exactly the port's fields, whatever else the object carried: what stores write,
 * and what they hand back from what they read (Cosmos adds its own properties to items).
 */
export function runRecord(run: SyncRun): SyncRun {
  const { id, tenantId, trigger, round, startedAt, endedAt, status } = run;
  const { counts, heldBecause, errors, failure, resolution } = run;
  return {
    id,
    tenantId,
    trigger,
    round,
    startedAt,
    endedAt,
    status,
    counts,
    heldBecause,
    errors,
    ...(failure === undefined ? {} : { failure }),
    ...(resolution === undefined ? {} : { resolution }),
  };
}

/** A write lost a race (stale version, or create of something that exists). */
export class StoreConflict extends Error {
  readonly code = 'store_conflict';
}
