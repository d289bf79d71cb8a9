import type {
  ExtensionProperty,
  GraphGroup,
  GraphUser,
  MailboxSettings,
  TenantData,
  VerifiedDomain,
} from '../tenant/tenant-data.js';

/** A user as the directory keeps it: the Graph object plus what delta tracking needs. */
export interface UserRecord {
  /** Creation order; stable across deletes and restores, so paging cursors never skip. */
  readonly seq: number;
  user: GraphUser;
  /** The directory version of the user's last change. */
  version: number;
  /** Version at which the user (re)appeared; every property counts as changed since then. */
  createdVersion: number;
  /** Versions of properties changed after creation; absent means unchanged since creation. */
  propertyVersions: Record<string, number>;
  /** The manager before the last change of manager, so delta can report its removal. */
  previousManagerId?: string;
}

/** Why a user left the directory, as `/users/delta` reports it in `@removed.reason`. */
export type RemovalReason = 'changed' | 'deleted';

/** One entry of what a delta round reports for a changed user. */
export type DeltaEntry =
  { kind: 'user'; record: UserRecord } | { kind: 'removed'; id: string; reason: RemovalReason };

/** Thrown by control-plane mutations; carries the status the control plane answers. */
export class DirectoryError extends Error {
  constructor(
    readonly status: 404 | 409 | 400,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The live directory of one tenant. Every mutation gets a new version and an entry in the
 * change log, which is what `/users/delta` reads: a round started at version U reports each
 * user whose latest change is in (S, U], in the state it has when the page is served.
 */
export class TenantDirectory {
  readonly id: string;
  displayName: string;
  readonly verifiedDomains: VerifiedDomain[];
  readonly groups: Map<string, GraphGroup>;
  readonly mailboxSettings: Map<string, MailboxSettings>;
  readonly directoryRoles: Map<string, string[]>;
  /** Directory extensions registered in the tenant (`getAvailableExtensionProperties`). */
  readonly extensionProperties: readonly ExtensionProperty[];
  /** Bumped by "expire delta tokens": every token minted under an older epoch is refused. */
  deltaEpoch = 1;

  private version = 0;
  private nextSeq = 0;
  /** Active users ordered by seq. */
  private readonly active: UserRecord[] = [];
  private readonly byId = new Map<string, UserRecord>();
  /** Active users' lower-cased userPrincipalName → id. */
  private readonly byUpn = new Map<string, string>();
  /** Soft-deleted users (Graph's deleted items), restorable. */
  private readonly softDeleted = new Map<string, UserRecord>();
  /** Hard-deleted user ids with the version of their deletion. */
  private readonly hardDeleted = new Map<string, number>();
  /** The change log: parallel arrays, versions ascending. */
  private readonly logVersions: number[] = [];
  private readonly logIds: string[] = [];

  constructor(data: TenantData) {
    this.id = data.id;
    this.displayName = data.displayName;
    this.verifiedDomains = data.verifiedDomains;
    this.groups = new Map(data.groups.map((group) => [group.id, group]));
    this.mailboxSettings = new Map(Object.entries(data.mailboxSettings));
    this.directoryRoles = new Map(Object.entries(data.directoryRoles));
    this.extensionProperties = data.extensionProperties ?? [];
    for (const user of data.users) {
      const record: UserRecord = {
        seq: this.nextSeq++,
        user,
        version: 0,
        createdVersion: 0,
        propertyVersions: {},
      };
      this.active.push(record);
      this.index(record);
    }
  }

  /** The current directory version (the latest change). */
  get currentVersion(): number {
    return this.version;
  }

  get userCount(): number {
    return this.active.length;
  }

  /** An active user by id. */
  user(id: string): UserRecord | undefined {
    return this.byId.get(id);
  }

  /** An active user by id or (case-insensitively) by userPrincipalName, as Graph resolves `/users/{id|upn}`. */
  findUser(idOrUpn: string): UserRecord | undefined {
    const byId = this.byId.get(idOrUpn);
    if (byId !== undefined) return byId;
    const id = this.byUpn.get(idOrUpn.toLowerCase());
    return id === undefined ? undefined : this.byId.get(id);
  }

  /** Active users in creation order, starting after the cursor (a seq), or from the start. */
  *usersAfter(cursor: number | undefined): Generator<UserRecord> {
    for (let i = cursor === undefined ? 0 : this.indexAfter(cursor); i < this.active.length; i++) {
      const record = this.active[i];
      if (record !== undefined) yield record;
    }
  }

  /** Creates a user; returns its record. */
  createUser(user: GraphUser): UserRecord {
    if (this.byId.has(user.id) || this.softDeleted.has(user.id) || this.hardDeleted.has(user.id)) {
      throw new DirectoryError(409, 'conflict', `A user with id ${user.id} already exists.`);
    }
    this.assertUpnFree(user.userPrincipalName, user.id);
    const version = this.bump(user.id);
    const record: UserRecord = {
      seq: this.nextSeq++,
      user,
      version,
      createdVersion: version,
      propertyVersions: {},
    };
    this.active.push(record);
    this.index(record);
    return record;
  }

  /** Applies a partial update; `null` clears a property. Unchanged values are not changes. */
  updateUser(id: string, patch: Record<string, unknown>): UserRecord {
    const record = this.requireActive(id);
    if ('id' in patch && patch['id'] !== id) {
      throw new DirectoryError(400, 'bad_request', 'The id of a user cannot change.');
    }
    if (typeof patch['userPrincipalName'] === 'string') {
      this.assertUpnFree(patch['userPrincipalName'], id);
    }
    const changed = Object.keys(patch).filter(
      (key) => JSON.stringify(record.user[key] ?? null) !== JSON.stringify(patch[key] ?? null),
    );
    if (changed.length === 0) return record;
    const version = this.bump(id);
    const next: GraphUser = { ...record.user };
    for (const key of changed) {
      if (key === 'manager') {
        const previous = record.user.manager?.id;
        if (previous !== undefined) record.previousManagerId = previous;
      }
      if (patch[key] === null && key === 'manager') next.manager = null;
      else next[key] = patch[key];
      record.propertyVersions[key] = version;
    }
    this.byUpn.delete(record.user.userPrincipalName.toLowerCase());
    record.user = next;
    record.version = version;
    this.index(record);
    return record;
  }

  /** Moves a user to deleted items (restorable); delta reports `@removed: changed`. */
  softDeleteUser(id: string): void {
    const record = this.requireActive(id);
    this.removeActive(record);
    record.version = this.bump(id);
    this.softDeleted.set(id, record);
  }

  /** Deletes a user permanently (also from deleted items); delta reports `@removed: deleted`. */
  hardDeleteUser(id: string): void {
    const record = this.byId.get(id) ?? this.softDeleted.get(id);
    if (record === undefined) throw this.notFound(id);
    if (this.byId.has(id)) this.removeActive(record);
    this.softDeleted.delete(id);
    this.hardDeleted.set(id, this.bump(id));
  }

  /** Restores a soft-deleted user; delta reports it again as a whole object, without annotation. */
  restoreUser(id: string): UserRecord {
    const record = this.softDeleted.get(id);
    if (record === undefined) {
      throw new DirectoryError(404, 'not_found', `No deleted user with id ${id} can be restored.`);
    }
    this.assertUpnFree(record.user.userPrincipalName, id);
    this.softDeleted.delete(id);
    const version = this.bump(id);
    record.version = version;
    record.createdVersion = version;
    record.propertyVersions = {};
    this.active.splice(this.indexAfter(record.seq - 1), 0, record);
    this.index(record);
    return record;
  }

  /**
   * Change log entries from position `from` up to version `upto`, at most `limit`, with the
   * position to continue from (undefined when the round is complete). A user is reported at
   * its latest change only; one changed again after `upto` is left for the next round, as
   * Graph leaves late changes.
   */
  changes(
    from: number,
    upto: number,
    limit: number,
  ): { entries: DeltaEntry[]; next: number | undefined } {
    const entries: DeltaEntry[] = [];
    let i = from;
    for (; i < this.logVersions.length && entries.length < limit; i++) {
      const version = this.logVersions[i] ?? Number.POSITIVE_INFINITY;
      if (version > upto) return { entries, next: undefined };
      const entry = this.entryAt(this.logIds[i] ?? '', version);
      if (entry !== undefined) entries.push(entry);
    }
    const more = i < this.logVersions.length && (this.logVersions[i] ?? Infinity) <= upto;
    return { entries, next: more ? i : undefined };
  }

  private entryAt(id: string, version: number): DeltaEntry | undefined {
    const active = this.byId.get(id);
    if (active !== undefined)
      return active.version === version ? { kind: 'user', record: active } : undefined;
    const soft = this.softDeleted.get(id);
    if (soft !== undefined)
      return soft.version === version ? { kind: 'removed', id, reason: 'changed' } : undefined;
    return this.hardDeleted.get(id) === version
      ? { kind: 'removed', id, reason: 'deleted' }
      : undefined;
  }

  private bump(id: string): number {
    this.version += 1;
    this.logVersions.push(this.version);
    this.logIds.push(id);
    return this.version;
  }

  private requireActive(id: string): UserRecord {
    const record = this.byId.get(id);
    if (record === undefined) throw this.notFound(id);
    return record;
  }

  private notFound(id: string): DirectoryError {
    return new DirectoryError(404, 'not_found', `No user with id ${id} in tenant ${this.id}.`);
  }

  private assertUpnFree(upn: string, id: string): void {
    const holder = this.byUpn.get(upn.toLowerCase());
    if (holder !== undefined && holder !== id) {
      throw new DirectoryError(409, 'conflict', `userPrincipalName ${upn} is already in use.`);
    }
  }

  private removeActive(record: UserRecord): void {
    const index = this.indexAfter(record.seq - 1);
    this.active.splice(index, 1);
    this.byId.delete(record.user.id);
    this.byUpn.delete(record.user.userPrincipalName.toLowerCase());
  }

  private index(record: UserRecord): void {
    this.byId.set(record.user.id, record);
    this.byUpn.set(record.user.userPrincipalName.toLowerCase(), record.user.id);
  }

  /** Index of the first active user with seq > cursor (binary search). */
  private indexAfter(cursor: number): number {
    let lo = 0;
    let hi = this.active.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.active[mid]?.seq ?? Infinity) <= cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position in the change log of the first change after version `since` (binary search). */
  changeIndexAfter(since: number): number {
    let lo = 0;
    let hi = this.logVersions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.logVersions[mid] ?? Infinity) <= since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
