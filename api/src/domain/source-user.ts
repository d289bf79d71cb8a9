/**
 * A user as Microsoft Graph sent it: the selected attributes, untouched. Roster never trusts
 * its shape; every reader goes through `readAttribute()` (graph-user-attributes.ts) or checks
 * types itself.
 */
export type SourceUser = Readonly<{ id: string } & Record<string, unknown>>;

/**
 * What Roster knows about a user besides its Graph attributes, gathered by the source only
 * when the settings need it.
 */
export interface UserFacts {
  /**
   * `mailboxSettings.userPurpose` (`user`, `shared`, `room`, `equipment`, …); undefined when not
   * read (`needsMailboxPurpose` said no) or unavailable (no mailbox, no permission), in which
   * case the shared-mailbox filter presumes from the account's shape and says so.
   */
  mailboxPurpose?: string;
  /** Whether the user is listed under `/places/microsoft.graph.room`. */
  isRoom?: boolean;
  /**
   * Ids (lower case) of the groups (transitively) containing the user, among the groups the
   * filters name. Required whenever the filters name groups: `decide` refuses to guess.
   */
  groupIds?: ReadonlySet<string>;
}
