/** Where an employee's email address came from, in the order Roster tries them. */
export type EmailSource = 'proxyAddresses' | 'mail' | 'otherMails' | 'userPrincipalName';

/**
 * One person in Roster's directory: the Entra object id, the resolved email and the mapped
 * fields, keyed by the field keys of the tenant's settings, in their order.
 */
export interface Employee {
  /** The Entra ID object id; stable across renames. */
  readonly id: string;
  readonly email: string;
  readonly emailSource: EmailSource;
  /** Secondary SMTP addresses, lower-case `smtp:` proxy addresses without the prefix. */
  readonly aliases: readonly string[];
  readonly fields: Readonly<Record<string, string | null>>;
  /** Content hash of everything above but the id: equal hashes mean nothing to write. */
  readonly hash: string;
}

/** Why a user is not in the directory; `code` is stable, `text` is what an admin reads. */
export interface SkipReason {
  readonly code: string;
  readonly text: string;
}

/** A change of one field, as the run history and the card show it. */
export interface FieldDiff {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}
