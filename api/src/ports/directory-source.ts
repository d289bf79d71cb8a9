import type { SourceUser } from '../domain/source-user.js';

/** The tenant as Graph's `/organization` describes it. */
export interface Organization {
  readonly id: string;
  readonly displayName: string;
  readonly verifiedDomains: readonly { name: string; isDefault: boolean }[];
}

/** One page of a users round: users, Graph's explicit removals, and the link that ends it. */
export interface SourcePage {
  readonly users: readonly SourceUser[];
  readonly removed: readonly { id: string; reason: 'changed' | 'deleted' }[];
  /** Present on the last page only: where the next delta round starts. */
  readonly deltaLink?: string;
}

/** What to read: the attributes to select, and the delta link to resume from (none: a full round). */
export interface UsersRequest {
  readonly select: readonly string[];
  readonly deltaLink?: string;
  /**
   * Attributes of each user's manager to attach as `user.manager` (`manager.*` fields);
   * `manager` must then be in `select`. Graph's delta gives only the manager's id.
   */
  readonly manager?: readonly string[];
}

/**
 * One run's view of one tenant's directory: Microsoft Graph in production, the emulator
 * locally. Reads only. Failures surface as `DirectoryError`s with a kind the sync can act on;
 * retries happen inside, within the run's budget.
 */
export interface DirectorySource {
  organization(): Promise<Organization>;
  /** Pages of a full round (no delta link) or of a delta round, in order. */
  users(request: UsersRequest): AsyncIterable<SourcePage>;
  /** `mailboxSettings.userPurpose` per user id; absent for users without a mailbox. */
  mailboxPurposes(userIds: readonly string[]): Promise<Map<string, string>>;
  /** Lower-case email addresses of the tenant's rooms. */
  roomAddresses(): Promise<Set<string>>;
  /** Ids of the users in a group, nested groups included. */
  groupMemberIds(groupId: string): Promise<Set<string>>;
  /**
   * One user by id or userPrincipalName with the given attributes (and, when named, their
   * manager's, as `manager`); undefined when Graph has none.
   */
  user(
    idOrUpn: string,
    select: readonly string[],
    manager?: readonly string[],
  ): Promise<SourceUser | undefined>;
  /** Retries spent so far. */
  readonly retriesUsed: number;
}

/** Opens a tenant's directory for one run, with a fresh retry budget. */
export interface DirectoryConnector {
  /** `freshToken` skips cached tokens: Check Connectivity must prove consent holds now. */
  connect(tenantId: string, options?: { freshToken?: boolean }): DirectorySource;
}

export type DirectoryErrorKind =
  /** The delta link expired or Graph asked for a resync: run a full round. */
  | 'delta-expired'
  /** The tenant has not consented, or consent lacks a permission. */
  | 'not-authorized'
  /** Graph kept failing after every retry the run's budget allowed. */
  | 'unavailable'
  /** Anything else Graph refused. */
  | 'rejected';

export class DirectoryError extends Error {
  constructor(
    readonly kind: DirectoryErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
