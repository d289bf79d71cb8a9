import type { DirectoryExtension } from '../domain/mappable-attributes.js';
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

/** A group as the group picker and Check Connectivity show it. */
export interface DirectoryGroup {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  readonly mail?: string;
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
  /**
   * Gets a token for the tenant (skipping cached ones when the connector was asked for a fresh
   * token) and the application permissions (`roles`) it carries; undefined when the token
   * cannot be read, as Microsoft reserves the right to make Graph tokens opaque.
   */
  tokenPermissions(): Promise<readonly string[] | undefined>;
  /** The first `count` users of `/users` with the given attributes (`manager` is ignored). */
  firstUsers(select: readonly string[], count: number): Promise<SourceUser[]>;
  /** One group by id; undefined when Graph has none. */
  group(id: string): Promise<DirectoryGroup | undefined>;
  /**
   * Up to `limit` groups whose display name starts with `prefix`, ignoring case (any groups
   * when it is empty). The prefix is plain text: the source encodes it for Graph.
   */
  searchGroups(prefix: string, limit: number): Promise<DirectoryGroup[]>;
  /**
   * One user's `mailboxSettings.userPurpose`; null when the user has no mailbox. Unlike
   * `mailboxPurposes`, a refusal (no MailboxSettings.Read) throws.
   */
  mailboxPurpose(userId: string): Promise<string | null>;
  /** Every directory extension registered in the tenant, whatever it extends. */
  extensionProperties(): Promise<DirectoryExtension[]>;
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
  /** Graph's `error.code` (`Authorization_RequestDenied`) or Entra's (`AADSTS700016`), when known. */
  readonly code: string | undefined;

  constructor(
    readonly kind: DirectoryErrorKind,
    message: string,
    options?: { cause?: unknown; code?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code;
  }
}
