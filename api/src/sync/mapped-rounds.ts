import { userFilter } from '../domain/filters.js';
import { employeeMapper } from '../domain/map-employee.js';
import type { Incoming } from '../domain/plan.js';
import { graphSelect, needs } from '../domain/select-attributes.js';
import type { TenantSettings } from '../domain/settings.js';
import type { SourceUser, UserFacts } from '../domain/source-user.js';
import type { DirectorySource } from '../ports/directory-source.js';

/** What the tenant's filters need beyond the users' attributes, read once per round. */
export interface RoundFacts {
  readonly rooms: ReadonlySet<string> | undefined;
  readonly groups: ReadonlyMap<string, ReadonlySet<string>>;
}

/** One page of a round, mapped and filtered, ready for the planner. */
export interface MappedPage {
  readonly items: readonly { readonly user: SourceUser | undefined; readonly incoming: Incoming }[];
  readonly users: number;
  readonly deltaLink?: string;
}

/** Reads the rooms and group memberships the settings' filters use; nothing when they use none. */
export async function readRoundFacts(
  source: DirectorySource,
  settings: TenantSettings,
): Promise<RoundFacts> {
  const needed = needs(settings);
  const rooms = needed.rooms ? await source.roomAddresses() : undefined;
  const groups = new Map<string, ReadonlySet<string>>();
  for (const groupId of needed.groups) groups.set(groupId, await source.groupMemberIds(groupId));
  return { rooms, groups };
}

/** The facts of one user, from the round's facts and the mailbox purposes read for its page. */
export function userFacts(
  user: SourceUser,
  facts: RoundFacts,
  purposes: ReadonlyMap<string, string> | undefined,
): UserFacts {
  const result: { -readonly [K in keyof UserFacts]: UserFacts[K] } = {};
  const purpose = purposes?.get(user.id);
  if (purpose !== undefined) result.mailboxPurpose = purpose;
  if (facts.rooms !== undefined) {
    const addresses = [user['mail'], user['userPrincipalName']]
      .filter((a): a is string => typeof a === 'string')
      .map((a) => a.toLowerCase());
    result.isRoom = addresses.some((a) => facts.rooms?.has(a) === true);
  }
  if (facts.groups.size > 0) {
    result.groupIds = new Set(
      [...facts.groups].filter(([, ids]) => ids.has(user.id)).map(([id]) => id),
    );
  }
  return result;
}

/** Mailbox purposes for the users of a page whose other attributes do not already decide. */
export async function pageMailboxPurposes(
  source: DirectorySource,
  settings: TenantSettings,
  users: readonly SourceUser[],
  facts: RoundFacts,
  filter = userFilter(settings.filters),
): Promise<ReadonlyMap<string, string> | undefined> {
  if (!needs(settings).mailboxSettings) return undefined;
  // Mailbox settings cost a request per user (20 to a batch): read only where they decide.
  const ids = users
    .filter((user) => filter.needsMailboxPurpose(user, userFacts(user, facts, undefined)))
    .map((u) => u.id);
  return ids.length > 0 ? source.mailboxPurposes(ids) : undefined;
}

/**
 * The pages of a round (full without a delta link, delta with one), each user mapped and
 * filtered against the settings, Graph's removals passed through.
 */
export async function* mappedRound(
  source: DirectorySource,
  settings: TenantSettings,
  deltaLink: string | undefined,
): AsyncIterable<MappedPage> {
  const facts = await readRoundFacts(source, settings);
  const filter = userFilter(settings.filters);
  const mapUser = employeeMapper(settings);
  const readsMailboxes = needs(settings).mailboxSettings;
  const select = graphSelect(settings);
  const manager = needs(settings).manager;
  const request = {
    select,
    ...(deltaLink === undefined ? {} : { deltaLink }),
    ...(manager.length === 0 ? {} : { manager }),
  };
  type Item = { user: SourceUser | undefined; incoming: Incoming };
  /**
   * Users whose mailbox type is being read, mapped once it is known. They are handed over
   * with the next page (before its own users, so a user Graph repeats keeps its last state
   * last): the reads overlap with the work on the rest of the round instead of stalling it.
   */
  let deferred: Promise<Item[]> | undefined;
  for await (const page of source.users(request)) {
    const items: Item[] = deferred === undefined ? [] : await deferred;
    const waiting: SourceUser[] = [];
    for (const user of page.users) {
      const known = userFacts(user, facts, undefined);
      if (readsMailboxes && filter.needsMailboxPurpose(user, known)) waiting.push(user);
      else items.push({ user, incoming: mapUser(user, known) });
    }
    for (const gone of page.removed) {
      items.push({
        user: undefined,
        incoming: { kind: 'removed', id: gone.id, reason: gone.reason },
      });
    }
    deferred =
      waiting.length === 0
        ? undefined
        : source.mailboxPurposes(waiting.map((u) => u.id)).then((purposes) =>
            waiting.map((user) => ({
              user,
              incoming: mapUser(user, userFacts(user, facts, purposes)),
            })),
          );
    // Should the caller stop early, a failed read must not become an unhandled rejection.
    deferred?.catch(() => undefined);
    if (page.deltaLink !== undefined) {
      if (deferred !== undefined) items.push(...(await deferred));
      yield { items, users: page.users.length + page.removed.length, deltaLink: page.deltaLink };
      return;
    }
    yield { items, users: page.users.length + page.removed.length };
  }
}
