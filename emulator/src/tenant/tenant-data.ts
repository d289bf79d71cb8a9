/**
 * The shape of a tenant as the emulator holds it: Graph-shaped JSON objects, exactly as
 * `--fixture FILE.json` supplies them and as the generator makes them.
 */

/** A Graph v1.0 `user` object (any property of microsoft.graph.user), plus its manager link. */
export interface GraphUser {
  id: string;
  userPrincipalName: string;
  /** Navigation property: only the manager's id is kept; Graph expands it on request. */
  manager?: { id: string } | null;
  [property: string]: unknown;
}

/** A Graph v1.0 `group`; `members` holds ids of users or groups (nested groups allowed). */
export interface GraphGroup {
  id: string;
  displayName: string;
  description?: string | null;
  mail?: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  members: string[];
}

/** A Graph v1.0 `verifiedDomain`. */
export interface VerifiedDomain {
  name: string;
  isDefault: boolean;
  isInitial: boolean;
  type: string;
  capabilities: string;
}

/** The directory objects a directory extension can extend (`extensionProperty.targetObjects`). */
export type ExtensionTarget =
  'User' | 'Group' | 'AdministrativeUnit' | 'Application' | 'Device' | 'Organization';

/**
 * A Graph v1.0 `extensionProperty`: a directory extension registered in the tenant by an app
 * (or synced from on-premises AD). Users carry its values as `extension_<app id>_<name>`.
 */
export interface ExtensionProperty {
  id: string;
  /** `extension_<owning app id without dashes>_<name>`. */
  name: string;
  dataType: 'Binary' | 'Boolean' | 'DateTime' | 'Integer' | 'LargeInteger' | 'String';
  isMultiValued: boolean;
  isSyncedFromOnPremises: boolean;
  targetObjects: ExtensionTarget[];
  /** The app that registered it. */
  appDisplayName: string;
}

/** Graph's `mailboxSettings.userPurpose` values. */
export type UserPurpose = 'user' | 'linked' | 'shared' | 'room' | 'equipment' | 'others';

/** What `GET /users/{id}/mailboxSettings` answers; users without an entry have no mailbox. */
export interface MailboxSettings {
  userPurpose: UserPurpose;
  timeZone?: string;
  language?: { locale: string; displayName: string };
}

export interface TenantData {
  id: string;
  displayName: string;
  verifiedDomains: VerifiedDomain[];
  users: GraphUser[];
  groups: GraphGroup[];
  /** Keyed by user id. A user with no entry has no Exchange Online mailbox. */
  mailboxSettings: Record<string, MailboxSettings>;
  /**
   * Directory role template ids per user id (for example Global Administrator). Not a Graph
   * property of the user: it becomes the `wids` claim of that user's sign-in tokens.
   */
  directoryRoles: Record<string, string[]>;
  /** Whether the demo app has admin consent in this tenant when the emulator starts. */
  consented: boolean;
  /** Directory extensions registered in the tenant; none when absent. */
  extensionProperties?: ExtensionProperty[];
}

/** Well-known directory role template ids (the `wids` claim). */
export const DirectoryRole = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  applicationAdministrator: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplicationAdministrator: '158c047a-c907-4556-b7ef-446551a6b5f7',
  userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
} as const;
