import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  graphUserAttributes,
  parseAttributePath,
  readAttribute,
  readAttributeValues,
  selectFor,
  unreadUserAttributes,
  type GraphAttribute,
} from './graph-user-attributes.js';
import type { SourceUser } from './source-user.js';

interface CsdlType {
  kind: string;
  base: string | null;
  properties: Record<string, { type: string; nullable: boolean }>;
}

const csdl = JSON.parse(
  readFileSync(
    new URL('../../../emulator/src/graph/graph-v1.0-csdl-subset.json', import.meta.url),
    'utf8',
  ),
) as Record<string, CsdlType>;

/** user ← directoryObject ← entity, as the metadata declares the chain. */
function userProperties(): Map<string, string> {
  const out = new Map<string, string>();
  for (let name: string | undefined = 'user'; name !== undefined;) {
    const type: CsdlType | undefined = csdl[name];
    if (type === undefined) throw new Error(`metadata has no type ${name}`);
    for (const [property, { type: t }] of Object.entries(type.properties)) out.set(property, t);
    name = type.base?.replace(/^graph\./, '');
  }
  return out;
}

const edm: Record<string, string> = {
  'Edm.String': 'string',
  'Edm.Boolean': 'boolean',
  'Edm.DateTimeOffset': 'dateTime',
  'Edm.Int32': 'int',
  'Edm.Guid': 'guid',
  'Collection(Edm.String)': 'strings',
  'Collection(Edm.Guid)': 'guids',
};

/** The catalog entry the metadata implies for a CSDL type. */
function fromCsdl(type: string): GraphAttribute {
  const simple = edm[type];
  if (simple === 'strings' || (simple !== undefined && simple !== 'guids')) {
    return { type: simple } as GraphAttribute;
  }
  const complex = /^(Collection\()?graph\.(\w+)\)?$/.exec(type);
  const complexType = complex?.[2];
  const definition = complexType === undefined ? undefined : csdl[complexType];
  if (complexType === undefined || definition?.kind !== 'ComplexType') {
    throw new Error(`no complex type for ${type}`);
  }
  const members = Object.fromEntries(
    Object.entries(definition.properties).map(([name, p]) => [name, edm[p.type] ?? p.type]),
  );
  return {
    type: complex?.[1] === undefined ? 'complex' : 'complexes',
    complexType,
    members,
  } as GraphAttribute;
}

describe('graphUserAttributes', () => {
  const metadata = userProperties();

  it.each(Object.entries(graphUserAttributes))('%s agrees with the metadata', (name, entry) => {
    const type = metadata.get(name);
    expect(type, `${name} is not a user property in the metadata`).toBeDefined();
    expect(entry).toEqual(fromCsdl(type!));
  });

  it('decides on every user property of the metadata, read or not, but not both', () => {
    const read = Object.keys(graphUserAttributes);
    const unread = Object.keys(unreadUserAttributes);
    expect(read.filter((name) => unread.includes(name))).toEqual([]);
    expect([...read, ...unread].sort()).toEqual([...metadata.keys()].sort());
  });
});

describe('parseAttributePath', () => {
  it.each([
    ['jobTitle', { kind: 'attribute', name: 'jobTitle' }, 'jobTitle'],
    ['accountEnabled', { kind: 'attribute', name: 'accountEnabled' }, 'accountEnabled'],
    ['proxyAddresses', { kind: 'attribute', name: 'proxyAddresses' }, 'proxyAddresses'],
    ['businessPhones[0]', { kind: 'element', name: 'businessPhones', index: 0 }, 'businessPhones'],
    ['otherMails[12]', { kind: 'element', name: 'otherMails', index: 12 }, 'otherMails'],
    [
      'onPremisesExtensionAttributes.extensionAttribute1',
      { kind: 'member', name: 'onPremisesExtensionAttributes', member: 'extensionAttribute1' },
      'onPremisesExtensionAttributes',
    ],
    [
      'onPremisesExtensionAttributes.extensionAttribute15',
      { kind: 'member', name: 'onPremisesExtensionAttributes', member: 'extensionAttribute15' },
      'onPremisesExtensionAttributes',
    ],
    [
      'employeeOrgData.costCenter',
      { kind: 'member', name: 'employeeOrgData', member: 'costCenter' },
      'employeeOrgData',
    ],
    ['manager.displayName', { kind: 'manager', name: 'displayName' }, 'manager'],
    ['manager.mail', { kind: 'manager', name: 'mail' }, 'manager'],
    [
      'extension_0123456789abcdef0123456789abcdef_costCentre',
      { kind: 'extension', name: 'extension_0123456789abcdef0123456789abcdef_costCentre' },
      'extension_0123456789abcdef0123456789abcdef_costCentre',
    ],
  ])('accepts %s', (text, expected, select) => {
    const result = parseAttributePath(text);
    expect(result).toEqual({ ok: true, path: { text, ...expected } });
    expect(selectFor(text)).toBe(select);
  });

  it.each([
    ['jobTitel', 'Unknown Graph user attribute "jobTitel"'],
    ['JobTitle', 'Unknown Graph user attribute "JobTitle"'],
    ['toString', 'Unknown Graph user attribute "toString"'],
    ['', 'Unknown Graph user attribute ""'],
    ['job title', 'Unknown Graph user attribute "job title"'],
    [
      'onPremisesExtensionAttributes.extensionAttribute16',
      'Unknown Graph user attribute "onPremisesExtensionAttributes.extensionAttribute16"',
    ],
    [
      'onPremisesExtensionAttributes',
      'Graph user attribute "onPremisesExtensionAttributes" is an object: name one of its members, e.g. onPremisesExtensionAttributes.extensionAttribute1',
    ],
    ['assignedLicenses', 'Graph user attribute "assignedLicenses" is a list of objects, not text'],
    ['assignedLicenses.skuId', 'Unknown Graph user attribute "assignedLicenses.skuId"'],
    [
      'jobTitle[0]',
      'Graph user attribute "jobTitle" is not a list, so "jobTitle[0]" cannot index it',
    ],
    ['businessPhones[01]', 'Unknown Graph user attribute "businessPhones[01]"'],
    ['businessPhones[-1]', 'Unknown Graph user attribute "businessPhones[-1]"'],
    ['businessPhones.0', 'Unknown Graph user attribute "businessPhones.0"'],
    ['jobTitle.length', 'Unknown Graph user attribute "jobTitle.length"'],
    [
      'manager',
      'Graph user attribute "manager" is a person: name one of their attributes, e.g. manager.displayName',
    ],
    [
      'manager.accountEnabled',
      'Unknown Graph user attribute "manager.accountEnabled": only the manager\'s text attributes can be read',
    ],
    [
      'manager.manager',
      'Unknown Graph user attribute "manager.manager": only the manager\'s text attributes can be read',
    ],
    ['manager.displayName.x', 'Unknown Graph user attribute "manager.displayName.x"'],
    [
      'aboutMe',
      'Graph user attribute "aboutMe" is not read by Roster: it is returned only for a single user, not by /users or /users/delta',
    ],
    [
      'mailboxSettings.userPurpose',
      'Graph user attribute "mailboxSettings.userPurpose" is not read by Roster: it cannot be selected on /users; the shared-mailbox and room filters read it per user',
    ],
    [
      'passwordProfile',
      'Graph user attribute "passwordProfile" is not read by Roster: it holds credentials, which Roster never reads',
    ],
    [
      'extension_0123_costCentre',
      'Invalid directory extension attribute "extension_0123_costCentre": expected extension_<app id as 32 lower-case hex digits>_<name>',
    ],
    [
      'extension_0123456789ABCDEF0123456789ABCDEF_costCentre',
      'Invalid directory extension attribute "extension_0123456789ABCDEF0123456789ABCDEF_costCentre": expected extension_<app id as 32 lower-case hex digits>_<name>',
    ],
    [
      'extension_01234567-89ab-cdef-0123-456789abcdef_costCentre',
      'Invalid directory extension attribute "extension_01234567-89ab-cdef-0123-456789abcdef_costCentre": expected extension_<app id as 32 lower-case hex digits>_<name>',
    ],
    [`a${'b'.repeat(200)}`, `Graph user attribute "a${'b'.repeat(39)}…" is too long`],
  ])('rejects %j', (text, message) => {
    expect(parseAttributePath(text)).toEqual({ ok: false, message });
    expect(() => selectFor(text)).toThrow(message);
  });
});

describe('readAttribute', () => {
  const extension = 'extension_0123456789abcdef0123456789abcdef_badges';
  const user: SourceUser = {
    id: 'u1',
    jobTitle: '  Engineer ',
    department: '   ',
    accountEnabled: false,
    showInAddressList: true,
    businessPhones: [' +1 555 0100 ', '+1 555 0101'],
    otherMails: ['', '  ', 'b@x.example'],
    proxyAddresses: ['SMTP:a@x.example', 'smtp:alias@x.example'],
    imAddresses: [],
    onPremisesExtensionAttributes: { extensionAttribute1: 'CC-42', extensionAttribute2: null },
    employeeOrgData: null,
    manager: { id: 'm1', displayName: 'Grace Hopper', mail: '' },
    [extension]: [3, 'gold', true, { nested: 'ignored' }],
    createdDateTime: '2024-01-02T03:04:05Z',
  };

  it.each([
    ['jobTitle', 'Engineer', ['Engineer']],
    ['department', null, []],
    ['companyName', null, []], // not returned at all
    ['accountEnabled', 'false', ['false']],
    ['showInAddressList', 'true', ['true']],
    ['createdDateTime', '2024-01-02T03:04:05Z', ['2024-01-02T03:04:05Z']],
    ['businessPhones[0]', '+1 555 0100', ['+1 555 0100']],
    ['businessPhones[1]', '+1 555 0101', ['+1 555 0101']],
    ['businessPhones[2]', null, []],
    ['businessPhones', '+1 555 0100, +1 555 0101', ['+1 555 0100', '+1 555 0101']],
    ['otherMails[0]', null, []], // the index counts Graph's elements, blank or not
    ['otherMails', 'b@x.example', ['b@x.example']],
    ['imAddresses', null, []],
    [
      'proxyAddresses',
      'SMTP:a@x.example, smtp:alias@x.example',
      ['SMTP:a@x.example', 'smtp:alias@x.example'],
    ],
    ['onPremisesExtensionAttributes.extensionAttribute1', 'CC-42', ['CC-42']],
    ['onPremisesExtensionAttributes.extensionAttribute2', null, []],
    ['onPremisesExtensionAttributes.extensionAttribute3', null, []],
    ['employeeOrgData.division', null, []],
    ['manager.displayName', 'Grace Hopper', ['Grace Hopper']],
    ['manager.mail', null, []],
    [extension, '3, gold, true', ['3', 'gold', 'true']],
    ['extension_0123456789abcdef0123456789abcdef_other', null, []],
  ])('%s → %j', (path, value, values) => {
    expect(readAttribute(user, path)).toBe(value);
    expect(readAttributeValues(user, path)).toEqual(values);
  });

  it('tolerates values of an unexpected shape', () => {
    const odd: SourceUser = {
      id: 'u2',
      jobTitle: { text: 'Engineer' },
      businessPhones: '+1 555 0100',
      onPremisesExtensionAttributes: ['CC-42'],
      manager: [{ displayName: 'Grace Hopper' }],
      department: Number.NaN,
    };
    for (const path of [
      'jobTitle',
      'businessPhones[0]',
      'onPremisesExtensionAttributes.extensionAttribute1',
      'manager.displayName',
      'department',
    ]) {
      expect(readAttribute(odd, path)).toBeNull();
    }
  });

  it('never reads inherited properties', () => {
    const user = Object.assign(Object.create({ jobTitle: 'Inherited' }) as object, {
      id: 'u3',
      manager: Object.create({ displayName: 'Inherited' }) as object,
    }) as SourceUser;
    expect(readAttribute(user, 'jobTitle')).toBeNull();
    expect(readAttribute(user, 'manager.displayName')).toBeNull();
  });
});
