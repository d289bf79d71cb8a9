import { describe, expect, it } from 'vitest';
import {
  defaultTenantSettings,
  tenantSettingsSchema,
  type TenantSettings,
  type TenantSettingsInput,
} from './settings.js';
import { settingsFingerprint } from './settings-fingerprint.js';

/** Every problem the schema finds, as `path: message`. */
function problems(input: unknown): string[] {
  const result = tenantSettingsSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const group1 = '11111111-1111-4111-8111-111111111111';
const group2 = '22222222-2222-4222-8222-222222222222';
const rule = (over: Record<string, unknown>) => ({
  filters: {
    rules: [
      {
        id: 'r1',
        attribute: 'department',
        operator: 'equals',
        value: 'X',
        action: 'exclude',
        ...over,
      },
    ],
  },
});

describe('defaultTenantSettings', () => {
  it('imports the usual fields, in the product order', () => {
    expect(defaultTenantSettings().fields.map((f) => [f.key, f.source, f.enabled])).toEqual([
      ['displayName', 'displayName', true],
      ['firstName', 'givenName', true],
      ['lastName', 'surname', true],
      ['jobTitle', 'jobTitle', true],
      ['department', 'department', true],
      ['company', 'companyName', true],
      ['office', 'officeLocation', true],
      ['businessPhone', 'businessPhones[0]', true],
      ['mobilePhone', 'mobilePhone', true],
      ['email', 'mail', true],
      ['streetAddress', 'streetAddress', true],
      ['city', 'city', true],
      ['state', 'state', true],
      ['postalCode', 'postalCode', true],
      ['country', 'country', true],
    ]);
  });

  it('has the defaults an admin would pick', () => {
    const { fields: _fields, ...rest } = defaultTenantSettings();
    expect(rest).toEqual({
      email: { useProxyAddresses: true, useOtherMails: true, useUpnAsEmail: false },
      filters: {
        presets: {
          excludeDisabled: true,
          excludeGuests: true,
          excludeSharedMailboxes: true,
          excludeRoomsAndEquipment: true,
          excludeServiceAccounts: true,
          excludeUnlicensed: false,
        },
        rules: [],
        groups: { include: [], exclude: [] },
      },
      cleanUp: false,
      deletionThreshold: { percent: 10, absolute: 500 },
      scheduleIntervalMinutes: 180,
      notifications: 'changesOrFailures',
    });
  });

  it('round-trips through the schema and hands out fresh objects', () => {
    const a = defaultTenantSettings();
    expect(tenantSettingsSchema.parse(a)).toEqual(a);
    a.fields.pop();
    a.filters.groups.include.push(group1);
    const b = defaultTenantSettings();
    expect(b.fields).toHaveLength(15);
    expect(b.filters.groups.include).toEqual([]);
  });

  it('fills in what a partial input leaves out', () => {
    const settings = tenantSettingsSchema.parse({
      email: { useUpnAsEmail: true },
      filters: { presets: { excludeUnlicensed: true } },
      cleanUp: true,
    });
    expect(settings.email).toEqual({
      useProxyAddresses: true,
      useOtherMails: true,
      useUpnAsEmail: true,
    });
    expect(settings.filters.presets.excludeDisabled).toBe(true);
    expect(settings.filters.presets.excludeUnlicensed).toBe(true);
    expect(settings.cleanUp).toBe(true);
    expect(settings.fields).toHaveLength(15);
    // Settings saved before the bot existed notify as the default says.
    expect(settings.notifications).toBe('changesOrFailures');
  });
});

describe('tenantSettingsSchema', () => {
  it.each([
    [
      { fields: [{ key: 'title', label: 'Title', source: 'jobTitel' }] },
      'fields.0.source: Unknown Graph user attribute "jobTitel" in field "title"',
    ],
    [
      {
        fields: [
          { key: 'x', label: 'X', source: 'onPremisesExtensionAttributes.extensionAttribute16' },
        ],
      },
      'fields.0.source: Unknown Graph user attribute "onPremisesExtensionAttributes.extensionAttribute16" in field "x"',
    ],
    [
      { fields: [{ key: 'x', label: 'X', source: 'manager' }] },
      'fields.0.source: Graph user attribute "manager" is a person: name one of their attributes, e.g. manager.displayName in field "x"',
    ],
    [
      {
        fields: [
          { key: 'title', label: 'Title', source: 'jobTitle' },
          { key: 'title', label: 'Title again', source: 'jobTitle' },
        ],
      },
      'fields.1.key: Duplicate field key "title"',
    ],
    [
      { fields: [{ key: 'Title', label: 'Title', source: 'jobTitle' }] },
      'fields.0.key: Field keys start with a lower-case letter, then letters and digits',
    ],
    [
      { fields: [{ key: 'job-title', label: 'Title', source: 'jobTitle' }] },
      'fields.0.key: Field keys start with a lower-case letter, then letters and digits',
    ],
    [
      { fields: [{ key: 'title', label: '   ', source: 'jobTitle' }] },
      'fields.0.label: Field labels cannot be empty',
    ],
    [
      { fields: [{ key: 'title', label: 'x'.repeat(65), source: 'jobTitle' }] },
      'fields.0.label: Field labels are at most 64 characters',
    ],
    [
      {
        fields: Array.from({ length: 61 }, (_, i) => ({
          key: `f${i}`,
          label: `F${i}`,
          source: 'jobTitle',
        })),
      },
      'fields: At most 60 fields',
    ],
    [
      { fields: [{ key: 'email', label: 'Email', source: 'userPrincipalName' }] },
      'fields.0.source: The "email" field is filled by email resolution; its source must be "mail"',
    ],
    [
      { fields: [{ key: 'title', label: 'Title', source: 'jobTitle', shown: true }] },
      'fields.0: Unrecognized key: "shown"',
    ],
    [
      rule({ attribute: 'departmnt' }),
      'filters.rules.0.attribute: Unknown Graph user attribute "departmnt" in rule "r1"',
    ],
    [
      rule({ operator: 'in' }),
      'filters.rules.0.value: Operator "in" needs a list of values in rule "r1"',
    ],
    [
      rule({ operator: 'equals', value: ['a', 'b'] }),
      'filters.rules.0.value: Operator "equals" needs one value in rule "r1"',
    ],
    [
      rule({ operator: 'contains', value: undefined }),
      'filters.rules.0.value: Operator "contains" needs one value in rule "r1"',
    ],
    [
      rule({ operator: 'isEmpty' }),
      'filters.rules.0.value: Operator "isEmpty" takes no value in rule "r1"',
    ],
    [
      rule({ operator: 'matches', value: '(a+)+$' }),
      'filters.rules.0.value: Invalid pattern: the pattern could take too long to match: it repeats a group that itself repeats or alternates, e.g. (a+)+ or (a|b)* in rule "r1"',
    ],
    [
      rule({ operator: 'matches', value: 'x'.repeat(257) }),
      'filters.rules.0.value: Invalid pattern: the pattern is longer than 256 characters in rule "r1"',
    ],
    [
      rule({ operator: 'like' }),
      expect.stringMatching(/^filters\.rules\.0\.operator: Invalid option/),
    ],
    [rule({ action: 'drop' }), expect.stringMatching(/^filters\.rules\.0\.action: Invalid option/)],
    [
      rule({ id: 'has space' }),
      'filters.rules.0.id: Rule ids are 1–64 letters, digits, "-" or "_"',
    ],
    [
      {
        filters: {
          rules: [
            { id: 'r1', attribute: 'city', operator: 'isEmpty', action: 'exclude' },
            { id: 'r1', attribute: 'state', operator: 'isEmpty', action: 'exclude' },
          ],
        },
      },
      'filters.rules.1.id: Duplicate rule id "r1"',
    ],
    [
      { filters: { groups: { include: ['sales'] } } },
      'filters.groups.include.0: Group ids are GUIDs',
    ],
    [
      { filters: { groups: { include: [group1], exclude: [group1.toUpperCase()] } } },
      `filters.groups.exclude: Group ${group1} is both included and excluded`,
    ],
    [{ scheduleIntervalMinutes: 5 }, expect.stringMatching(/^scheduleIntervalMinutes: Too small/)],
    [{ scheduleIntervalMinutes: 2880 }, expect.stringMatching(/^scheduleIntervalMinutes: Too big/)],
    [{ scheduleIntervalMinutes: 30.5 }, expect.stringMatching(/^scheduleIntervalMinutes: Invalid/)],
    [
      { deletionThreshold: { percent: 150 } },
      expect.stringMatching(/^deletionThreshold\.percent: Too big/),
    ],
    [
      { notifications: 'never' },
      'notifications: Invalid option: expected one of "always"|"changesOrFailures"|"failuresOnly"',
    ],
    [{ notifications: null }, expect.stringMatching(/^notifications: Invalid option/)],
    [{ cleanup: true }, ': Unrecognized key: "cleanup"'],
    [
      { filters: { presets: { excludeRooms: true } } },
      'filters.presets: Unrecognized key: "excludeRooms"',
    ],
  ])('refuses %j', (input, problem) => {
    expect(problems(input)).toEqual([problem]);
  });

  it.each<TenantSettingsInput>([
    { fields: [] },
    {
      fields: [
        {
          key: 'ext1',
          label: 'Cost centre',
          source: 'onPremisesExtensionAttributes.extensionAttribute1',
        },
      ],
    },
    { fields: [{ key: 'boss', label: 'Manager', source: 'manager.displayName', enabled: false }] },
    rule({ operator: 'in', value: ['Sales', 'Support'] }) as TenantSettingsInput,
    rule({ operator: 'isNotEmpty', value: undefined }) as TenantSettingsInput,
    rule({ operator: 'matches', value: '^(svc|adm)-' }) as TenantSettingsInput,
    rule({
      attribute: 'extension_0123456789abcdef0123456789abcdef_costCentre',
    }) as TenantSettingsInput,
    { filters: { groups: { include: [group1], exclude: [group2] } } },
    { scheduleIntervalMinutes: 15 },
    { scheduleIntervalMinutes: 1440 },
    { deletionThreshold: { percent: 0, absolute: 0 } },
    { notifications: 'always' },
    { notifications: 'failuresOnly' },
  ])('accepts %j', (input) => {
    expect(problems(input)).toEqual([]);
  });

  it('lists every problem at once', () => {
    expect(
      problems({
        fields: [{ key: 'title', label: '', source: 'jobTitel' }],
        scheduleIntervalMinutes: 1,
      }),
    ).toHaveLength(3);
  });

  it('stores group ids in lower case, as Graph returns them', () => {
    const settings = tenantSettingsSchema.parse({
      filters: { groups: { include: [group1.toUpperCase()] } },
    });
    expect(settings.filters.groups.include).toEqual([group1]);
  });

  it('trims labels', () => {
    const settings = tenantSettingsSchema.parse({
      fields: [{ key: 'title', label: '  Title ', source: 'jobTitle' }],
    });
    expect(settings.fields[0]?.label).toBe('Title');
  });
});

describe('settingsFingerprint', () => {
  const base = tenantSettingsSchema.parse({
    filters: {
      rules: [
        { id: 'a', attribute: 'department', operator: 'equals', value: 'X', action: 'exclude' },
        { id: 'b', attribute: 'city', operator: 'isEmpty', action: 'exclude' },
      ],
      groups: { include: [group1, group2] },
    },
  });
  const fingerprint = settingsFingerprint(base);
  const edit = (change: (s: TenantSettings) => void) => {
    const copy = structuredClone(base);
    change(copy);
    return settingsFingerprint(copy);
  };

  it('is stable', () => {
    expect(settingsFingerprint(structuredClone(base))).toBe(fingerprint);
    expect(fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each<[string, (s: TenantSettings) => void]>([
    ['a field source', (s) => void (s.fields[3]!.source = 'employeeType')],
    ['a field key', (s) => void (s.fields[3]!.key = 'title')],
    ['a field disabled', (s) => void (s.fields[3]!.enabled = false)],
    [
      'a field added',
      (s) => void s.fields.push({ key: 'fax', label: 'Fax', source: 'faxNumber', enabled: true }),
    ],
    ['an email option', (s) => void (s.email.useUpnAsEmail = true)],
    ['a preset', (s) => void (s.filters.presets.excludeUnlicensed = true)],
    ['a rule value', (s) => void (s.filters.rules[0]!.value = 'Y')],
    ['a rule action', (s) => void (s.filters.rules[0]!.action = 'include')],
    ['a rule removed', (s) => void s.filters.rules.pop()],
    ['a group removed', (s) => void s.filters.groups.include.pop()],
    [
      'a group moved to exclude',
      (s) => void s.filters.groups.exclude.push(s.filters.groups.include.pop()!),
    ],
  ])('changes with %s', (_what, change) => {
    expect(edit(change)).not.toBe(fingerprint);
  });

  it.each<[string, (s: TenantSettings) => void]>([
    ['a label', (s) => void (s.fields[3]!.label = 'Title')],
    ['the field order', (s) => void s.fields.reverse()],
    [
      'a disabled field',
      (s) => void s.fields.push({ key: 'fax', label: 'Fax', source: 'faxNumber', enabled: false }),
    ],
    ['the rule order', (s) => void s.filters.rules.reverse()],
    ['a rule id', (s) => void (s.filters.rules[0]!.id = 'renamed')],
    ['the group order', (s) => void s.filters.groups.include.reverse()],
    ['Clean Up', (s) => void (s.cleanUp = true)],
    ['the deletion threshold', (s) => void (s.deletionThreshold.percent = 20)],
    ['the schedule', (s) => void (s.scheduleIntervalMinutes = 15)],
    ['notifications', (s) => void (s.notifications = 'always')],
  ])('ignores %s', (_what, change) => {
    expect(edit(change)).toBe(fingerprint);
  });
});
