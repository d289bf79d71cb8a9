import { describe, expect, it } from 'vitest';
import {
  catalogAttributes,
  extensionAttributes,
  labelOf,
  type DirectoryExtension,
} from './mappable-attributes.js';
import { parseAttributePath } from './graph-user-attributes.js';
import { tenantSettingsSchema } from './settings.js';

const app = '4d405aa8baa04fb494d3e0571fd9fd71';

const extension = (name: string, more: Partial<DirectoryExtension> = {}): DirectoryExtension => ({
  name: `extension_${app}_${name}`,
  dataType: 'String',
  isMultiValued: false,
  isSyncedFromOnPremises: false,
  targetObjects: ['User'],
  appDisplayName: 'HR Connector',
  ...more,
});

describe('catalogAttributes', () => {
  const catalog = catalogAttributes();

  it('offers only paths that settings accept, each once, of the kind the parser gives', () => {
    const paths = catalog.map((a) => a.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const attribute of catalog) {
      const parsed = parseAttributePath(attribute.path);
      expect(parsed.ok ? parsed.path.kind : parsed.message).toBe(attribute.kind);
      expect(attribute.label).not.toBe('');
    }
  });

  it("offers every default field's source", () => {
    const offered = new Set(catalog.map((a) => a.path));
    for (const field of tenantSettingsSchema.parse({}).fields) {
      expect(offered.has(field.source)).toBe(true);
    }
  });

  it.each([
    ['jobTitle', 'Job title', 'string', false],
    ['accountEnabled', 'Account enabled', 'boolean', false],
    ['employeeHireDate', 'Employee hire date', 'dateTime', false],
    ['proxyAddresses', 'Proxy addresses (all)', 'string', true],
    ['businessPhones[0]', 'Business phones (first)', 'string', false],
    [
      'onPremisesExtensionAttributes.extensionAttribute1',
      'Extension attribute 1 (on-premises extension attributes)',
      'string',
      false,
    ],
    ['employeeOrgData.costCenter', 'Cost center (employee org data)', 'string', false],
    ['manager.displayName', "Manager's display name", 'string', false],
    ['onPremisesSamAccountName', 'On-premises SAM account name', 'string', false],
    ['imAddresses[0]', 'IM addresses (first)', 'string', false],
  ])('%s reads as "%s"', (path, label, type, multiValued) => {
    expect(catalog.find((a) => a.path === path)).toMatchObject({ label, type, multiValued });
  });

  it('leaves out what is not text: lists of objects and the manager as a whole', () => {
    const paths = catalog.map((a) => a.path);
    expect(paths.some((p) => p.startsWith('assignedLicenses'))).toBe(false);
    expect(paths).not.toContain('manager');
    expect(paths).not.toContain('manager.accountEnabled');
  });
});

describe('extensionAttributes', () => {
  it('offers the extensions of users, typed and labelled, sorted by name', () => {
    const offered = extensionAttributes([
      extension('skills', {
        isMultiValued: true,
        isSyncedFromOnPremises: true,
        appDisplayName: '',
      }),
      extension('costCenter'),
      extension('hireBonus', { dataType: 'LargeInteger' }),
    ]);
    expect(offered).toEqual([
      {
        path: `extension_${app}_costCenter`,
        label: 'Cost center (HR Connector)',
        kind: 'extension',
        type: 'string',
        multiValued: false,
        extension: { app: 'HR Connector', syncedFromOnPremises: false },
      },
      expect.objectContaining({ path: `extension_${app}_hireBonus`, type: 'int' }),
      expect.objectContaining({
        path: `extension_${app}_skills`,
        label: 'Skills',
        multiValued: true,
        extension: { app: '', syncedFromOnPremises: true },
      }),
    ]);
  });

  it('leaves out extensions of other objects, binary ones, names Roster cannot read, and repeats', () => {
    expect(
      extensionAttributes([
        extension('groupCode', { targetObjects: ['Group'] }),
        extension('photo', { dataType: 'Binary' }),
        { ...extension('x'), name: 'extension_NOTHEX_x' },
        extension('badge', { targetObjects: ['Device', 'user'] }),
        extension('badge'),
      ]).map((a) => a.path),
    ).toEqual([`extension_${app}_badge`]);
  });
});

describe('labelOf', () => {
  it.each([
    ['userPrincipalName', 'User principal name'],
    ['id', 'ID'],
    ['employee_number', 'Employee number'],
    ['extensionAttribute15', 'Extension attribute 15'],
  ])('%s → %s', (name, label) => {
    expect(labelOf(name)).toBe(label);
  });
});
