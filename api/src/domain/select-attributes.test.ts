import { describe, expect, it } from 'vitest';
import { graphSelect, needs } from './select-attributes.js';
import { tenantSettingsSchema, type TenantSettingsInput } from './settings.js';

const allPresetsOff = {
  excludeDisabled: false,
  excludeGuests: false,
  excludeSharedMailboxes: false,
  excludeRoomsAndEquipment: false,
  excludeServiceAccounts: false,
  excludeUnlicensed: false,
};
const noEmailOptions = { useProxyAddresses: false, useOtherMails: false, useUpnAsEmail: false };

/** The least a sync can ask for: no fields, no presets, no email fallbacks; then `changes`. */
function minimal(changes: TenantSettingsInput = {}) {
  return tenantSettingsSchema.parse({
    fields: [],
    email: noEmailOptions,
    ...changes,
    filters: { ...changes.filters, presets: { ...allPresetsOff, ...changes.filters?.presets } },
  });
}

describe('graphSelect', () => {
  it('asks for what the defaults read, and nothing more', () => {
    expect(graphSelect(tenantSettingsSchema.parse({}))).toEqual([
      'accountEnabled', // disabled preset, shared-mailbox fallback
      'assignedLicenses', // shared-mailbox fallback
      'businessPhones',
      'city',
      'companyName',
      'country',
      'department',
      'displayName',
      'givenName',
      'id',
      'jobTitle',
      'mail',
      'mobilePhone',
      'officeLocation',
      'otherMails',
      'postalCode',
      'proxyAddresses',
      'state',
      'streetAddress',
      'surname',
      'userPrincipalName', // guest and service-account presets
      'userType', // guest preset
    ]);
  });

  it.each<[string, TenantSettingsInput, string[]]>([
    ['nothing configured: the id, and mail for the email', {}, ['id', 'mail']],
    [
      'enabled fields only, by their top-level attribute',
      {
        fields: [
          { key: 'title', label: 'Title', source: 'jobTitle' },
          { key: 'phone', label: 'Phone', source: 'businessPhones[0]' },
          { key: 'boss', label: 'Manager', source: 'manager.displayName' },
          {
            key: 'cost',
            label: 'Cost centre',
            source: 'onPremisesExtensionAttributes.extensionAttribute3',
          },
          {
            key: 'badge',
            label: 'Badge',
            source: 'extension_0123456789abcdef0123456789abcdef_badge',
          },
          { key: 'fax', label: 'Fax', source: 'faxNumber', enabled: false },
        ],
      },
      [
        'businessPhones',
        'extension_0123456789abcdef0123456789abcdef_badge',
        'id',
        'jobTitle',
        'mail',
        'manager',
        'onPremisesExtensionAttributes',
      ],
    ],
    [
      'the email column reads nothing itself',
      { fields: [{ key: 'email', label: 'Email', source: 'mail' }] },
      ['id', 'mail'],
    ],
    [
      'email options',
      { email: { useProxyAddresses: true, useOtherMails: true, useUpnAsEmail: true } },
      ['id', 'mail', 'otherMails', 'proxyAddresses', 'userPrincipalName'],
    ],
    [
      'disabled preset',
      { filters: { presets: { excludeDisabled: true } } },
      ['accountEnabled', 'id', 'mail'],
    ],
    [
      'guest preset',
      { filters: { presets: { excludeGuests: true } } },
      ['id', 'mail', 'userPrincipalName', 'userType'],
    ],
    [
      'shared-mailbox preset',
      { filters: { presets: { excludeSharedMailboxes: true } } },
      ['accountEnabled', 'assignedLicenses', 'givenName', 'id', 'mail'],
    ],
    [
      'rooms preset',
      { filters: { presets: { excludeRoomsAndEquipment: true } } },
      ['accountEnabled', 'assignedLicenses', 'id', 'mail'],
    ],
    [
      'service-account preset',
      { filters: { presets: { excludeServiceAccounts: true } } },
      ['id', 'mail', 'userPrincipalName'],
    ],
    [
      'unlicensed preset',
      { filters: { presets: { excludeUnlicensed: true } } },
      ['assignedLicenses', 'id', 'mail'],
    ],
    [
      'rules, by their top-level attribute',
      {
        filters: {
          rules: [
            {
              id: 'a',
              attribute: 'employeeOrgData.division',
              operator: 'isEmpty',
              action: 'exclude',
            },
            { id: 'b', attribute: 'department', operator: 'equals', value: 'X', action: 'include' },
            { id: 'c', attribute: 'department', operator: 'equals', value: 'Y', action: 'include' },
          ],
        },
      },
      ['department', 'employeeOrgData', 'id', 'mail'],
    ],
    [
      'groups read nothing from users',
      { filters: { groups: { include: ['11111111-1111-4111-8111-111111111111'] } } },
      ['id', 'mail'],
    ],
  ])('%s', (_case, changes, select) => {
    expect(graphSelect(minimal(changes))).toEqual(select);
  });
});

describe('needs', () => {
  const g1 = '11111111-1111-4111-8111-111111111111';
  const g2 = '22222222-2222-4222-8222-222222222222';

  it.each<[string, TenantSettingsInput, ReturnType<typeof needs>]>([
    ['nothing', {}, { mailboxSettings: false, rooms: false, groups: [], manager: [] }],
    [
      'shared mailboxes: mailbox types only',
      { filters: { presets: { excludeSharedMailboxes: true } } },
      { mailboxSettings: true, rooms: false, groups: [], manager: [] },
    ],
    [
      'rooms: mailbox types and the room list',
      { filters: { presets: { excludeRoomsAndEquipment: true } } },
      { mailboxSettings: true, rooms: true, groups: [], manager: [] },
    ],
    [
      'groups, sorted and once each',
      { filters: { groups: { include: [g2, g1], exclude: [] } } },
      { mailboxSettings: false, rooms: false, groups: [g1, g2], manager: [] },
    ],
    [
      'the manager attributes fields and rules read',
      {
        fields: [
          { key: 'boss', label: 'Manager', source: 'manager.displayName' },
          { key: 'bossMail', label: 'Manager email', source: 'manager.mail', enabled: false },
        ],
        filters: {
          rules: [
            { id: 'a', attribute: 'manager.jobTitle', operator: 'isNotEmpty', action: 'include' },
            { id: 'b', attribute: 'manager.displayName', operator: 'isEmpty', action: 'exclude' },
          ],
        },
      },
      { mailboxSettings: false, rooms: false, groups: [], manager: ['displayName', 'jobTitle'] },
    ],
  ])('%s', (_case, changes, expected) => {
    expect(needs(minimal(changes))).toEqual(expected);
  });

  it('for the defaults: mailbox types and rooms', () => {
    expect(needs(tenantSettingsSchema.parse({}))).toEqual({
      mailboxSettings: true,
      rooms: true,
      groups: [],
      manager: [],
    });
  });
});
