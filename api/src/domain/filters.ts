import type { SkipReason } from './employee.js';
import { attributePath, readAttributeValues, type AttributePath } from './graph-user-attributes.js';
import { compileRulePattern } from './rule-pattern.js';
import type { FilterRule, FilterSettings, TenantSettings } from './settings.js';
import type { SourceUser, UserFacts } from './source-user.js';

/** Stable codes of filter decisions; the run history and the card group skips by them. */
export type FilterReasonCode =
  | 'disabled'
  | 'guest'
  | 'shared-mailbox'
  | 'room-or-equipment'
  | 'service-account'
  | 'unlicensed'
  | 'rule'
  | 'group';

/** Why the filters leave a user out; `rule` is the id of the rule that decided, if one did. */
export interface FilterReason extends SkipReason {
  readonly code: FilterReasonCode;
  readonly rule?: string;
}

/** Whether a user is imported, and if not, why. */
export type FilterDecision =
  { readonly include: true } | { readonly include: false; readonly reason: FilterReason };

/** The names of the filter presets (`settings.filters.presets`). */
export type PresetName = keyof FilterSettings['presets'];

/** The Graph attributes each preset reads, so that `$select` asks for them and nothing more. */
export const presetAttributes = {
  excludeDisabled: ['accountEnabled'],
  excludeGuests: ['userType', 'userPrincipalName'],
  // The mailbox type comes from mailboxSettings (read per user, see `needsMailboxPurpose`);
  // the rest serves the fallback when it cannot be read.
  excludeSharedMailboxes: ['mail', 'accountEnabled', 'assignedLicenses', 'givenName'],
  excludeRoomsAndEquipment: ['mail', 'accountEnabled', 'assignedLicenses'],
  excludeServiceAccounts: ['userPrincipalName', 'mail'],
  excludeUnlicensed: ['assignedLicenses'],
} as const satisfies Record<PresetName, readonly string[]>;

/**
 * How service accounts are recognised: by the local part (before `@`) of the user principal
 * name or of mail, ignoring case. The lists are explicit so that every exclusion can say which
 * entry decided it; tenants with other conventions add a rule.
 */
export const serviceAccountNames = {
  /** Conventional prefixes of service, admin, sync and no-reply accounts. */
  prefixes: [
    'svc-',
    'svc_',
    'svc.',
    'sa-',
    'sa_',
    'service-',
    'service_',
    'service.',
    'admin-',
    'admin_',
    'adm-',
    'adm_',
    // Sync accounts, among them Microsoft Entra Connect's own: Sync_<server>_<id>@….
    'sync_',
    // Senders nobody answers: noreply, noreply-billing, do-not-reply.hr, …
    'noreply',
    'no-reply',
    'no_reply',
    'donotreply',
    'do-not-reply',
    'do_not_reply',
  ],
  /** Whole local parts of system mailboxes. */
  exact: ['mailer-daemon', 'postmaster'],
} as const;

const excluded = (code: FilterReasonCode, text: string, rule?: string): FilterReason =>
  rule === undefined ? { code, text } : { code, text, rule };

const byFilter = (code: FilterReasonCode, what: string) =>
  excluded(code, `excluded by filter: ${what}`);

function stringOf(user: SourceUser, name: string): string | undefined {
  const value = user[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function isGuest(user: SourceUser): FilterReason | null {
  if (stringOf(user, 'userType')?.toLowerCase() === 'guest') return byFilter('guest', 'guest user');
  if (stringOf(user, 'userPrincipalName')?.toUpperCase().includes('#EXT#') === true) {
    return byFilter('guest', 'guest user (#EXT# in the user principal name)');
  }
  return null;
}

function serviceAccount(user: SourceUser): FilterReason | null {
  for (const name of ['userPrincipalName', 'mail']) {
    const address = stringOf(user, name)?.toLowerCase();
    if (address === undefined) continue;
    const at = address.lastIndexOf('@');
    const local = at > 0 ? address.slice(0, at) : address;
    const prefix = serviceAccountNames.prefixes.find((p) => local.startsWith(p));
    if (prefix !== undefined) {
      return byFilter('service-account', `service account (name starts with "${prefix}")`);
    }
    const exact = serviceAccountNames.exact.find((e) => local === e);
    if (exact !== undefined) {
      return byFilter('service-account', `service account (name is "${exact}")`);
    }
  }
  return null;
}

/** assignedLicenses as Graph sent it; undefined when not selected, so nothing is presumed. */
function licenceCount(user: SourceUser): number | undefined {
  const licences = user['assignedLicenses'];
  return Array.isArray(licences) ? licences.length : undefined;
}

/** Rooms and equipment by their mailbox type, read from mailboxSettings. */
function roomOrEquipmentMailbox(facts: UserFacts): FilterReason | null {
  switch (facts.mailboxPurpose?.toLowerCase()) {
    case 'room':
      return byFilter('room-or-equipment', 'room mailbox');
    case 'equipment':
      return byFilter('room-or-equipment', 'equipment mailbox');
    default:
      return null;
  }
}

function sharedMailbox(user: SourceUser, facts: UserFacts): FilterReason | null {
  if (facts.mailboxPurpose !== undefined) {
    return facts.mailboxPurpose.toLowerCase() === 'shared'
      ? byFilter('shared-mailbox', 'shared mailbox')
      : null;
  }
  // Without mailboxSettings (no Exchange Online mailbox, or no MailboxSettings.Read), fall back
  // to how Exchange creates shared mailboxes: an account that cannot sign in, has no licence
  // and no first name. People rarely match all three; the reason says it was presumed.
  const presumed =
    user['accountEnabled'] === false &&
    licenceCount(user) === 0 &&
    stringOf(user, 'givenName') === undefined;
  return presumed
    ? byFilter(
        'shared-mailbox',
        'shared mailbox (presumed: its mailbox type could not be read, and it is a disabled, unlicensed account without a first name)',
      )
    : null;
}

const lower = (value: string) => value.toLowerCase();

/** A rule ready to run: its path parsed, its values lower-cased, its pattern compiled. */
interface PreparedRule {
  readonly rule: FilterRule;
  readonly path: AttributePath;
  readonly description: string;
  readonly matches: (values: readonly string[]) => boolean;
}

const verbs = {
  equals: 'equals',
  notEquals: 'does not equal',
  startsWith: 'starts with',
  endsWith: 'ends with',
  contains: 'contains',
  matches: 'matches',
  isEmpty: 'is empty',
  isNotEmpty: 'is not empty',
  in: 'is one of',
} as const satisfies Record<FilterRule['operator'], string>;

/** How a rule reads in a reason: `department equals Contractors`. */
export function describeRule(rule: Pick<FilterRule, 'attribute' | 'operator' | 'value'>): string {
  const value = rule.value;
  const shown =
    value === undefined
      ? ''
      : rule.operator === 'matches'
        ? ` /${String(value)}/`
        : ` ${Array.isArray(value) ? value.join(', ') : value}`;
  return `${rule.attribute} ${verbs[rule.operator]}${shown}`;
}

/**
 * Compiles a validated rule. A collection attribute (`proxyAddresses`) matches when any of its
 * values does; `notEquals` is the negation of `equals`, so an empty attribute is "not equal".
 */
function prepareRule(rule: FilterRule): PreparedRule {
  const needles = (Array.isArray(rule.value) ? rule.value : [rule.value ?? '']).map((v) =>
    lower(v.trim()),
  );
  const [needle = ''] = needles;
  const any = (test: (value: string) => boolean) => (values: readonly string[]) =>
    values.some((value) => test(lower(value)));
  const matches = ((): PreparedRule['matches'] => {
    switch (rule.operator) {
      case 'equals':
        return any((v) => v === needle);
      case 'notEquals': {
        const equals = any((v) => v === needle);
        return (values) => !equals(values);
      }
      case 'startsWith':
        return any((v) => v.startsWith(needle));
      case 'endsWith':
        return any((v) => v.endsWith(needle));
      case 'contains':
        return any((v) => v.includes(needle));
      case 'in': {
        const set = new Set(needles);
        return any((v) => set.has(v));
      }
      case 'matches': {
        const test = compileRulePattern(typeof rule.value === 'string' ? rule.value : '');
        return (values) => values.some(test);
      }
      case 'isEmpty':
        return (values) => values.length === 0;
      case 'isNotEmpty':
        return (values) => values.length > 0;
    }
  })();
  return { rule, path: attributePath(rule.attribute), description: describeRule(rule), matches };
}

/** The filters of one tenant, prepared once and applied to every user of a run. */
export interface UserFilter {
  /** Whether the user is imported; throws if group filters are set but `facts.groupIds` is not. */
  decide(user: SourceUser, facts: UserFacts): FilterDecision;
  /** Whether the user's mailbox type must be read before `decide` can be trusted. */
  needsMailboxPurpose(user: SourceUser, facts?: UserFacts): boolean;
}

/**
 * Prepares a tenant's filters. The checks run in this order, and the first that leaves the
 * user out gives the reason: presets (listed room, disabled, guest, service account,
 * unlicensed), exclude rules in their order, excluded groups; then, if any include rule or included
 * group exists, the user must match one of them; last, the presets that need the mailbox type
 * (room or equipment mailbox, shared mailbox). Exclusions thus always win, and the mailbox
 * type, which costs a request per user, is only needed for users nothing else decides.
 */
export function userFilter(filters: FilterSettings): UserFilter {
  const { presets, groups } = filters;
  const rules = filters.rules.map(prepareRule);
  const excludeRules = rules.filter((r) => r.rule.action === 'exclude');
  const includeRules = rules.filter((r) => r.rule.action === 'include');
  const groupFiltered = groups.include.length > 0 || groups.exclude.length > 0;

  /**
   * Every check but the mailbox type. `early` runs before group memberships may be known:
   * group checks are then skipped when they are not. A user it leaves out early is left out
   * by `decide` too, so their mailbox type is never needed.
   */
  function withoutMailbox(user: SourceUser, facts: UserFacts, early: boolean): FilterReason | null {
    // First, because Exchange creates rooms disabled: "room" tells an admin more than
    // "disabled account", and the room list costs one request per round, not one per user.
    if (presets.excludeRoomsAndEquipment && facts.isRoom === true) {
      return byFilter('room-or-equipment', "room (listed among the tenant's rooms)");
    }
    if (presets.excludeDisabled && user['accountEnabled'] === false) {
      return byFilter('disabled', 'disabled account');
    }
    const guest = presets.excludeGuests ? isGuest(user) : null;
    if (guest !== null) return guest;
    const service = presets.excludeServiceAccounts ? serviceAccount(user) : null;
    if (service !== null) return service;
    if (presets.excludeUnlicensed && licenceCount(user) === 0) {
      return byFilter('unlicensed', 'no licence assigned');
    }

    const matched = (r: PreparedRule) => r.matches(readAttributeValues(user, r.path));
    const excludedBy = excludeRules.find(matched);
    if (excludedBy !== undefined) {
      return excluded('rule', `excluded by rule "${excludedBy.description}"`, excludedBy.rule.id);
    }

    const memberOf = facts.groupIds;
    if (memberOf === undefined && groupFiltered) {
      if (early) {
        // Only the include rules can decide yet, and only when no included group could.
        return groups.include.length === 0 && includeRules.length > 0 && !includeRules.some(matched)
          ? excluded('rule', 'not matched by any include rule')
          : null;
      }
      // Treating unknown memberships as "in no group" would skip, and so remove, everyone.
      throw new Error("group filters are set but the user's group memberships were not read");
    }
    const inGroup = (id: string) => memberOf?.has(id) === true;
    const excludedGroup = groups.exclude.find(inGroup);
    if (excludedGroup !== undefined) {
      return byFilter('group', `member of excluded group ${excludedGroup}`);
    }

    if (includeRules.length === 0 && groups.include.length === 0) return null;
    if (includeRules.some(matched) || groups.include.some(inGroup)) return null;
    if (includeRules.length === 0) return excluded('group', 'not in any included group');
    return excluded(
      'rule',
      groups.include.length === 0
        ? 'not matched by any include rule'
        : 'not matched by any include rule, and not in any included group',
    );
  }

  function byMailbox(user: SourceUser, facts: UserFacts): FilterReason | null {
    return (
      (presets.excludeRoomsAndEquipment ? roomOrEquipmentMailbox(facts) : null) ??
      (presets.excludeSharedMailboxes ? sharedMailbox(user, facts) : null)
    );
  }

  return {
    decide(user, facts) {
      const reason = withoutMailbox(user, facts, false) ?? byMailbox(user, facts);
      return reason === null ? { include: true } : { include: false, reason };
    },
    needsMailboxPurpose(user, facts = {}) {
      if (!presets.excludeSharedMailboxes && !presets.excludeRoomsAndEquipment) return false;
      if (facts.mailboxPurpose !== undefined) return false;
      // No Exchange address, no mailbox: Graph would answer 404 MailboxNotEnabledForRESTAPI.
      const proxies = user['proxyAddresses'];
      const hasMailbox =
        stringOf(user, 'mail') !== undefined ||
        (Array.isArray(proxies) &&
          proxies.some((p) => typeof p === 'string' && p.toLowerCase().startsWith('smtp:')));
      // Exchange Online creates shared, room and equipment mailboxes on disabled accounts that
      // need no licence. An enabled, licensed account is a user's mailbox; reading its type
      // would cost a request per person in the tenant for the rare resource an admin
      // converted by hand, which a rule can exclude instead.
      const userMailbox = user['accountEnabled'] === true && (licenceCount(user) ?? 0) > 0;
      return hasMailbox && !userMailbox && withoutMailbox(user, facts, true) === null;
    },
  };
}

/** Whether the tenant's filters import this user, and if not, the reason an admin reads. */
export function decide(
  user: SourceUser,
  facts: UserFacts,
  settings: Pick<TenantSettings, 'filters'>,
): FilterDecision {
  return userFilter(settings.filters).decide(user, facts);
}

/**
 * Whether the source must read this user's mailboxSettings (in `$batch`es of 20): only when a
 * shared-mailbox or room preset is on, the user has a mailbox, and nothing else already
 * excludes them. Pass the facts known so far (rooms, groups) to save more reads.
 */
export function needsMailboxPurpose(
  user: SourceUser,
  settings: Pick<TenantSettings, 'filters'>,
  facts?: UserFacts,
): boolean {
  return userFilter(settings.filters).needsMailboxPurpose(user, facts);
}
