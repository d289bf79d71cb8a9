import { describe, expect, it } from 'vitest';
import { decide, needsMailboxPurpose, type FilterDecision } from './filters.js';
import { tenantSettingsSchema, type TenantSettings } from './settings.js';
import type { SourceUser, UserFacts } from './source-user.js';

/** Settings whose filters are the defaults, changed by `filters`. */
function settingsWith(filters: Record<string, unknown> = {}): TenantSettings {
  return tenantSettingsSchema.parse({ filters });
}
const presets = (changes: Record<string, boolean>) => settingsWith({ presets: changes });
const defaults = settingsWith();

/** A licensed, enabled member with a mailbox: what every preset lets through. */
const person: SourceUser = {
  id: 'ada',
  accountEnabled: true,
  userType: 'Member',
  userPrincipalName: 'ada@contoso.com',
  mail: 'Ada.Lovelace@contoso.com',
  proxyAddresses: ['SMTP:Ada.Lovelace@contoso.com', 'smtp:ada@fabrikam.com'],
  givenName: 'Ada',
  assignedLicenses: [{ skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900', disabledPlans: [] }],
  department: 'Contractors',
  city: null,
  manager: { id: 'grace', displayName: 'Grace Hopper' },
};
const as = (changes: Record<string, unknown>): SourceUser => ({ ...person, ...changes });
/** Enabled but unlicensed: what a resource mailbox an admin enabled looks like. */
const unlicensed = as({ assignedLicenses: [] });

const included: FilterDecision = { include: true };
const byFilter = (code: string, what: string) => ({
  include: false,
  reason: { code, text: `excluded by filter: ${what}` },
});
const presumedShared =
  'shared mailbox (presumed: its mailbox type could not be read, and it is a disabled, unlicensed account without a first name)';
const resourceLike = { accountEnabled: false, assignedLicenses: [], givenName: null };

describe('decide: presets', () => {
  it.each<
    [string, SourceUser, UserFacts, TenantSettings, FilterDecision | ReturnType<typeof byFilter>]
  >([
    ['a person', person, {}, defaults, included],
    [
      'a person, with every preset on',
      person,
      { mailboxPurpose: 'user' },
      presets({ excludeUnlicensed: true }),
      included,
    ],

    [
      'disabled',
      as({ accountEnabled: false }),
      {},
      defaults,
      byFilter('disabled', 'disabled account'),
    ],
    [
      'disabled, preset off',
      as({ accountEnabled: false }),
      {},
      presets({ excludeDisabled: false }),
      included,
    ],
    ['accountEnabled not returned', as({ accountEnabled: undefined }), {}, defaults, included],

    ['a guest', as({ userType: 'Guest' }), {}, defaults, byFilter('guest', 'guest user')],
    [
      'a #EXT# UPN',
      as({ userPrincipalName: 'grace_fabrikam.com#EXT#@contoso.onmicrosoft.com' }),
      {},
      defaults,
      byFilter('guest', 'guest user (#EXT# in the user principal name)'),
    ],
    [
      'a guest, preset off',
      as({ userType: 'Guest' }),
      {},
      presets({ excludeGuests: false }),
      included,
    ],

    [
      'a shared mailbox',
      person,
      { mailboxPurpose: 'shared' },
      defaults,
      byFilter('shared-mailbox', 'shared mailbox'),
    ],
    ['a user mailbox', person, { mailboxPurpose: 'user' }, defaults, included],
    ['a linked mailbox', person, { mailboxPurpose: 'linked' }, defaults, included],
    [
      'a shared mailbox, preset off',
      person,
      { mailboxPurpose: 'shared' },
      presets({ excludeSharedMailboxes: false }),
      included,
    ],
    [
      'mailbox type unknown: presumed shared from its shape',
      as(resourceLike),
      {},
      presets({ excludeDisabled: false }),
      byFilter('shared-mailbox', presumedShared),
    ],
    [
      'mailbox type unknown, but a first name',
      as({ ...resourceLike, givenName: 'Reception' }),
      {},
      presets({ excludeDisabled: false }),
      included,
    ],
    [
      'mailbox type unknown, but licensed',
      as({ accountEnabled: false, givenName: null }),
      {},
      presets({ excludeDisabled: false }),
      included,
    ],
    [
      'mailbox type unknown, licences not read',
      as({ ...resourceLike, assignedLicenses: undefined }),
      {},
      presets({ excludeDisabled: false }),
      included,
    ],
    [
      'mailbox type known: no presuming',
      as(resourceLike),
      { mailboxPurpose: 'user' },
      presets({ excludeDisabled: false }),
      included,
    ],
    [
      'a disabled shared mailbox is excluded as disabled first',
      as(resourceLike),
      { mailboxPurpose: 'shared' },
      defaults,
      byFilter('disabled', 'disabled account'),
    ],

    [
      'a room mailbox',
      person,
      { mailboxPurpose: 'room' },
      defaults,
      byFilter('room-or-equipment', 'room mailbox'),
    ],
    [
      'an equipment mailbox',
      person,
      { mailboxPurpose: 'Equipment' },
      defaults,
      byFilter('room-or-equipment', 'equipment mailbox'),
    ],
    [
      'a listed room',
      person,
      { isRoom: true },
      defaults,
      byFilter('room-or-equipment', "room (listed among the tenant's rooms)"),
    ],
    [
      'a disabled listed room is a room',
      as(resourceLike),
      { isRoom: true },
      defaults,
      byFilter('room-or-equipment', "room (listed among the tenant's rooms)"),
    ],
    [
      'a room, preset off',
      person,
      { mailboxPurpose: 'room', isRoom: true },
      presets({ excludeRoomsAndEquipment: false }),
      included,
    ],
    [
      'a room with the shape of a shared mailbox is a room',
      as(resourceLike),
      { mailboxPurpose: 'room' },
      presets({ excludeDisabled: false }),
      byFilter('room-or-equipment', 'room mailbox'),
    ],

    [
      'svc- UPN',
      as({ userPrincipalName: 'SVC-Backup@contoso.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name starts with "svc-")'),
    ],
    [
      'svc_ UPN',
      as({ userPrincipalName: 'svc_scanner@contoso.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name starts with "svc_")'),
    ],
    [
      'admin- UPN',
      as({ userPrincipalName: 'admin-ada@contoso.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name starts with "admin-")'),
    ],
    [
      'Entra Connect sync account',
      as({ userPrincipalName: 'Sync_DC01_1a2b3c4d5e6f@contoso.onmicrosoft.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name starts with "sync_")'),
    ],
    [
      'noreply mail',
      as({ mail: 'noreply@contoso.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name starts with "noreply")'),
    ],
    [
      'noreply-billing mail',
      as({ mail: 'NoReply-Billing@contoso.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name starts with "noreply")'),
    ],
    [
      'sa- UPN',
      as({ userPrincipalName: 'sa-reporting@contoso.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name starts with "sa-")'),
    ],
    [
      'postmaster',
      as({ userPrincipalName: 'postmaster@contoso.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name is "postmaster")'),
    ],
    [
      'do-not-reply UPN',
      as({ userPrincipalName: 'Do-Not-Reply@contoso.com' }),
      {},
      defaults,
      byFilter('service-account', 'service account (name starts with "do-not-reply")'),
    ],
    [
      'a name that only resembles one',
      as({ userPrincipalName: 'svcjones@contoso.com', mail: 'sam.postmaster@contoso.com' }),
      {},
      defaults,
      included,
    ],
    [
      'a service account, preset off',
      as({ userPrincipalName: 'svc-backup@contoso.com' }),
      {},
      presets({ excludeServiceAccounts: false }),
      included,
    ],

    [
      'unlicensed, preset on',
      as({ assignedLicenses: [] }),
      {},
      presets({ excludeUnlicensed: true }),
      byFilter('unlicensed', 'no licence assigned'),
    ],
    ['unlicensed, preset off (the default)', as({ assignedLicenses: [] }), {}, defaults, included],
    [
      'licences not read: nothing presumed',
      as({ assignedLicenses: undefined }),
      {},
      presets({ excludeUnlicensed: true }),
      included,
    ],
  ])('%s', (_case, user, facts, settings, expected) => {
    expect(decide(user, facts, settings)).toEqual(expected);
  });
});

describe('decide: rules', () => {
  const extension = 'extension_0123456789abcdef0123456789abcdef_badge';
  const user = as({ [extension]: 'Gold' });

  it.each<[string, string, unknown, boolean, string]>([
    ['department', 'equals', 'contractors', true, 'department equals contractors'],
    ['department', 'equals', ' Contractors ', true, 'department equals  Contractors '],
    ['department', 'equals', 'Contract', false, 'department equals Contract'],
    ['department', 'notEquals', 'Employees', true, 'department does not equal Employees'],
    ['department', 'notEquals', 'CONTRACTORS', false, 'department does not equal CONTRACTORS'],
    ['city', 'notEquals', 'Paris', true, 'city does not equal Paris'],
    ['department', 'startsWith', 'CONTR', true, 'department starts with CONTR'],
    ['department', 'startsWith', 'tractors', false, 'department starts with tractors'],
    ['department', 'endsWith', 'tors', true, 'department ends with tors'],
    ['department', 'endsWith', 'contr', false, 'department ends with contr'],
    ['department', 'contains', 'RAC', true, 'department contains RAC'],
    ['department', 'contains', 'xyz', false, 'department contains xyz'],
    ['department', 'matches', '^con.*S$', true, 'department matches /^con.*S$/'],
    ['department', 'matches', '^tors', false, 'department matches /^tors/'],
    ['city', 'isEmpty', undefined, true, 'city is empty'],
    ['department', 'isEmpty', undefined, false, 'department is empty'],
    ['department', 'isNotEmpty', undefined, true, 'department is not empty'],
    ['city', 'isNotEmpty', undefined, false, 'city is not empty'],
    ['department', 'in', ['Sales', 'CONTRACTORS'], true, 'department is one of Sales, CONTRACTORS'],
    ['department', 'in', ['Sales', 'Support'], false, 'department is one of Sales, Support'],
    // A collection matches when any element does.
    ['proxyAddresses', 'endsWith', '@fabrikam.com', true, 'proxyAddresses ends with @fabrikam.com'],
    [
      'proxyAddresses',
      'equals',
      'smtp:ada@fabrikam.com',
      true,
      'proxyAddresses equals smtp:ada@fabrikam.com',
    ],
    [
      'proxyAddresses',
      'notEquals',
      'smtp:ada@fabrikam.com',
      false,
      'proxyAddresses does not equal smtp:ada@fabrikam.com',
    ],
    ['otherMails', 'isEmpty', undefined, true, 'otherMails is empty'],
    ['manager.displayName', 'startsWith', 'grace', true, 'manager.displayName starts with grace'],
    ['accountEnabled', 'equals', 'TRUE', true, 'accountEnabled equals TRUE'],
    [extension, 'in', ['gold', 'silver'], true, `${extension} is one of gold, silver`],
    [
      'onPremisesExtensionAttributes.extensionAttribute1',
      'isEmpty',
      undefined,
      true,
      'onPremisesExtensionAttributes.extensionAttribute1 is empty',
    ],
  ])('%s %s %j → %s', (attribute, operator, value, matches, description) => {
    const rule = (action: string) =>
      settingsWith({
        rules: [
          { id: 'r1', attribute, operator, action, ...(value === undefined ? {} : { value }) },
        ],
      });
    expect(decide(user, {}, rule('exclude'))).toEqual(
      matches
        ? {
            include: false,
            reason: { code: 'rule', text: `excluded by rule "${description}"`, rule: 'r1' },
          }
        : included,
    );
    expect(decide(user, {}, rule('include'))).toEqual(
      matches
        ? included
        : { include: false, reason: { code: 'rule', text: 'not matched by any include rule' } },
    );
  });

  it('matches patterns against the first 1024 characters only', () => {
    const title = (length: number) => as({ jobTitle: `${'a'.repeat(length)}x` });
    const rules = settingsWith({
      rules: [
        { id: 'long', attribute: 'jobTitle', operator: 'matches', value: 'x$', action: 'exclude' },
      ],
    });
    expect(decide(title(1023), {}, rules).include).toBe(false);
    expect(decide(title(1024), {}, rules).include).toBe(true);
  });

  const rule = (id: string, action: string, department: string) => ({
    id,
    attribute: 'department',
    operator: 'equals',
    value: department,
    action,
  });

  it('lets exclusions win, and names the first that matched', () => {
    const settings = settingsWith({
      rules: [
        rule('keep', 'include', 'Contractors'),
        rule('other', 'exclude', 'Sales'),
        rule('drop', 'exclude', 'Contractors'),
        rule('again', 'exclude', 'Contractors'),
      ],
    });
    expect(decide(person, {}, settings)).toEqual({
      include: false,
      reason: {
        code: 'rule',
        text: 'excluded by rule "department equals Contractors"',
        rule: 'drop',
      },
    });
  });

  it('needs one include rule of several to match', () => {
    const settings = settingsWith({
      rules: [rule('sales', 'include', 'Sales'), rule('contractors', 'include', 'Contractors')],
    });
    expect(decide(person, {}, settings)).toEqual(included);
    expect(decide(as({ department: 'Support' }), {}, settings)).toEqual({
      include: false,
      reason: { code: 'rule', text: 'not matched by any include rule' },
    });
  });

  it('applies presets before rules', () => {
    const settings = settingsWith({ rules: [rule('drop', 'exclude', 'Contractors')] });
    expect(decide(as({ accountEnabled: false }), {}, settings)).toEqual(
      byFilter('disabled', 'disabled account'),
    );
  });
});

describe('decide: groups', () => {
  const sales = '11111111-1111-4111-8111-111111111111';
  const support = '22222222-2222-4222-8222-222222222222';
  const alumni = '33333333-3333-4333-8333-333333333333';
  const member = (...ids: string[]): UserFacts => ({ groupIds: new Set(ids) });
  const includeRule = {
    id: 'contractors',
    attribute: 'department',
    operator: 'equals',
    value: 'Contractors',
    action: 'include',
  };
  const includeSales = settingsWith({ groups: { include: [sales, support] } });
  const excludeAlumni = settingsWith({ groups: { exclude: [alumni] } });
  const both = settingsWith({
    rules: [includeRule],
    groups: { include: [sales], exclude: [alumni] },
  });

  it.each<[string, SourceUser, UserFacts, TenantSettings, unknown]>([
    ['in an included group', person, member(support), includeSales, included],
    [
      'in no included group',
      person,
      member(alumni),
      includeSales,
      { include: false, reason: { code: 'group', text: 'not in any included group' } },
    ],
    [
      'in an excluded group',
      person,
      member(alumni, sales),
      excludeAlumni,
      byFilter('group', `member of excluded group ${alumni}`),
    ],
    ['in no excluded group', person, member(sales), excludeAlumni, included],
    ['matched by the include rule only', person, member(), both, included],
    ['in the included group only', as({ department: 'Sales' }), member(sales), both, included],
    [
      'neither in the group nor matched by the rule',
      as({ department: 'Sales' }),
      member(),
      both,
      {
        include: false,
        reason: {
          code: 'rule',
          text: 'not matched by any include rule, and not in any included group',
        },
      },
    ],
    [
      'an excluded group wins over the include rule and group',
      person,
      member(sales, alumni),
      both,
      byFilter('group', `member of excluded group ${alumni}`),
    ],
  ])('%s', (_case, user, facts, settings, expected) => {
    expect(decide(user, facts, settings)).toEqual(expected);
  });

  it('refuses to decide without the memberships it needs', () => {
    expect(() => decide(person, {}, includeSales)).toThrow(
      "group filters are set but the user's group memberships were not read",
    );
    expect(decide(person, {}, defaults)).toEqual(included);
  });
});

describe('needsMailboxPurpose', () => {
  const sales = '11111111-1111-4111-8111-111111111111';
  const includeRule = (department: string) =>
    settingsWith({
      rules: [
        {
          id: 'r',
          attribute: 'department',
          operator: 'equals',
          value: department,
          action: 'include',
        },
      ],
    });

  it.each<[string, SourceUser, TenantSettings, UserFacts | undefined, boolean]>([
    ['an unlicensed account with a mailbox', unlicensed, defaults, undefined, true],
    ['an enabled, licensed account: a user mailbox', person, defaults, {}, false],
    ['only the room preset on', unlicensed, presets({ excludeSharedMailboxes: false }), {}, true],
    [
      'only the shared preset on',
      unlicensed,
      presets({ excludeRoomsAndEquipment: false }),
      {},
      true,
    ],
    [
      'neither preset on',
      person,
      presets({ excludeSharedMailboxes: false, excludeRoomsAndEquipment: false }),
      {},
      false,
    ],
    ['already known', person, defaults, { mailboxPurpose: 'user' }, false],
    [
      'no mailbox',
      as({ mail: null, proxyAddresses: ['SIP:ada@contoso.com'] }),
      defaults,
      {},
      false,
    ],
    [
      'a mailbox seen only in proxyAddresses',
      as({ mail: null, assignedLicenses: [] }),
      defaults,
      {},
      true,
    ],
    ['disabled', as({ accountEnabled: false }), defaults, {}, false],
    ['a guest', as({ userType: 'Guest' }), defaults, {}, false],
    ['a service account', as({ mail: 'noreply@contoso.com' }), defaults, {}, false],
    [
      'unlicensed, preset on',
      as({ assignedLicenses: [] }),
      presets({ excludeUnlicensed: true }),
      {},
      false,
    ],
    ['a listed room', person, defaults, { isRoom: true }, false],
    [
      'excluded by a rule',
      person,
      settingsWith({
        rules: [{ id: 'r', attribute: 'department', operator: 'isNotEmpty', action: 'exclude' }],
      }),
      {},
      false,
    ],
    ['matched by no include rule', person, includeRule('Sales'), {}, false],
    ['matched by an include rule', unlicensed, includeRule('Contractors'), {}, true],
    [
      'in an excluded group',
      person,
      settingsWith({ groups: { exclude: [sales] } }),
      { groupIds: new Set([sales]) },
      false,
    ],
    [
      'group memberships not read yet',
      unlicensed,
      settingsWith({ groups: { include: [sales] } }),
      {},
      true,
    ],
    [
      'in no included group',
      person,
      settingsWith({ groups: { include: [sales] } }),
      { groupIds: new Set() },
      false,
    ],
  ])('%s', (_case, user, settings, facts, expected) => {
    expect(needsMailboxPurpose(user, settings, facts)).toBe(expected);
  });

  it('is false only for user mailboxes and users decide leaves out without their mailbox type', () => {
    const users = [
      person,
      as({ accountEnabled: false }),
      as({ userType: 'Guest' }),
      as({ userPrincipalName: 'svc-x@contoso.com' }),
      as({ assignedLicenses: [] }),
      as({ department: 'Sales' }),
      as(resourceLike),
    ];
    const settingsList = [
      defaults,
      presets({ excludeDisabled: false, excludeUnlicensed: true }),
      includeRule('Sales'),
    ];
    for (const settings of settingsList) {
      for (const user of users) {
        if (needsMailboxPurpose(user, settings, {})) continue;
        const userMailbox =
          user['accountEnabled'] === true &&
          Array.isArray(user['assignedLicenses']) &&
          user['assignedLicenses'].length > 0;
        if (userMailbox) continue;
        expect(decide(user, {}, settings).include).toBe(false);
        for (const mailboxPurpose of [undefined, 'user', 'shared', 'room']) {
          const facts = mailboxPurpose === undefined ? {} : { mailboxPurpose };
          expect(decide(user, facts, settings)).toEqual(decide(user, {}, settings));
        }
      }
    }
  });
});
