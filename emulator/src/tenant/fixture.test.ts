import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureError, loadFixture, parseFixture } from './fixture.js';
import { generateTenant, generateTenants } from './generate-tenant.js';
import { DirectoryRole } from './tenant-data.js';

const TENANT_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER_TENANT_ID = '0aa1b2c3-d4e5-46f7-8899-aabbccddeeff';

/** A small valid tenant; tests copy it and break one thing. */
function tenant(): Record<string, unknown> & {
  users: Record<string, unknown>[];
  groups: Record<string, unknown>[];
} {
  return {
    id: TENANT_ID,
    displayName: 'Contoso Test',
    users: [
      {
        id: 'u1',
        userPrincipalName: 'ada@contoso.example',
        displayName: 'Ada Lovelace',
        mail: 'ada@contoso.example',
        proxyAddresses: ['SMTP:ada@contoso.example'],
        accountEnabled: true,
        manager: null,
      },
      {
        id: 'u2',
        userPrincipalName: 'bob@contoso.example',
        displayName: 'Bob',
        manager: { id: 'u1' },
      },
      {
        id: 'u3',
        userPrincipalName: 'cy_partner.example#EXT#@contoso.onmicrosoft.com',
        userType: 'Guest',
        mail: 'cy@partner.example',
      },
    ],
    groups: [
      { id: 'g1', displayName: 'Everyone', members: ['u1', 'g2'] },
      {
        id: 'g2',
        displayName: 'Team',
        members: ['u2'],
        groupTypes: ['Unified'],
        mail: 'team@contoso.example',
      },
    ],
    mailboxSettings: { u1: { userPurpose: 'user', timeZone: 'UTC' } },
    directoryRoles: { u1: [DirectoryRole.globalAdministrator] },
  };
}

function problemsOf(json: unknown): string {
  try {
    parseFixture(json);
  } catch (error) {
    expect(error).toBeInstanceOf(FixtureError);
    return (error as Error).message;
  }
  throw new Error('expected the fixture to be rejected');
}

describe('parseFixture', () => {
  it('accepts a small fixture and fills in the defaults', () => {
    const minimal = { id: OTHER_TENANT_ID, displayName: 'Empty Co', users: [] };
    const [full, empty] = parseFixture({ tenants: [tenant(), minimal] });
    expect(full).toEqual({
      id: TENANT_ID,
      displayName: 'Contoso Test',
      verifiedDomains: [
        {
          name: 'contoso.example',
          isDefault: true,
          isInitial: false,
          type: 'Managed',
          capabilities: 'Email, OfficeCommunicationsOnline',
        },
        {
          name: 'contoso.onmicrosoft.com',
          isDefault: false,
          isInitial: true,
          type: 'Managed',
          capabilities: 'Email, OfficeCommunicationsOnline',
        },
      ],
      users: tenant().users,
      groups: [
        {
          id: 'g1',
          displayName: 'Everyone',
          mailEnabled: false,
          securityEnabled: true,
          groupTypes: [],
          members: ['u1', 'g2'],
        },
        {
          id: 'g2',
          displayName: 'Team',
          mail: 'team@contoso.example',
          mailEnabled: true,
          securityEnabled: false,
          groupTypes: ['Unified'],
          members: ['u2'],
        },
      ],
      mailboxSettings: { u1: { userPurpose: 'user', timeZone: 'UTC' } },
      directoryRoles: { u1: [DirectoryRole.globalAdministrator] },
      consented: true,
    });
    expect(empty).toEqual({
      id: OTHER_TENANT_ID,
      displayName: 'Empty Co',
      verifiedDomains: [
        {
          name: 'emptyco.onmicrosoft.com',
          isDefault: true,
          isInitial: true,
          type: 'Managed',
          capabilities: 'Email, OfficeCommunicationsOnline',
        },
      ],
      users: [],
      groups: [],
      mailboxSettings: {},
      directoryRoles: {},
      consented: true,
    });
  });

  it('keeps given verifiedDomains and consented', () => {
    const given = {
      ...tenant(),
      consented: false,
      verifiedDomains: [
        { name: 'contoso.example', isDefault: true },
        { name: 'contoso.onmicrosoft.com', isInitial: true, capabilities: 'Email' },
      ],
    };
    const [parsed] = parseFixture({ tenants: [given] });
    expect(parsed?.consented).toBe(false);
    expect(parsed?.verifiedDomains).toEqual([
      {
        name: 'contoso.example',
        isDefault: true,
        isInitial: false,
        type: 'Managed',
        capabilities: 'Email, OfficeCommunicationsOnline',
      },
      {
        name: 'contoso.onmicrosoft.com',
        isDefault: false,
        isInitial: true,
        type: 'Managed',
        capabilities: 'Email',
      },
    ]);
  });

  it('accepts the example in docs/tenant-data.md', () => {
    const doc = readFileSync(new URL('../../docs/tenant-data.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## The fixture format'));
    const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    const [parsed] = parseFixture(JSON.parse(example ?? 'null'));
    expect(parsed?.users.map((u) => u.userPrincipalName)).toEqual([
      'admin@alderfinch.example',
      'zoe.muller@alderfinch.example',
      'jane.doe_partner.example#EXT#@alderfinch.onmicrosoft.com',
      'sales@alderfinch.example',
    ]);
    expect(parsed?.groups[1]).toMatchObject({ mailEnabled: true, securityEnabled: false });
    expect(parsed?.verifiedDomains.map((d) => [d.name, d.isDefault, d.isInitial])).toEqual([
      ['alderfinch.example', true, false],
      ['alderfinch.onmicrosoft.com', false, true],
    ]);
  });

  it('round-trips generated tenants', () => {
    const tenants = generateTenants(2, { usersPerTenant: 300, seed: 4 });
    expect(parseFixture(JSON.parse(JSON.stringify({ tenants })))).toEqual(tenants);
  });

  it('names a missing property by its path', () => {
    const broken = tenant();
    broken.users[1] = { userPrincipalName: 'bob@contoso.example' };
    expect(problemsOf({ tenants: [broken] })).toContain('tenants[0].users[1].id: Required');
  });

  it('rejects a tenant id that is not a GUID', () => {
    expect(problemsOf({ tenants: [{ ...tenant(), id: 'contoso' }] })).toContain(
      'tenants[0].id: must be a GUID',
    );
  });

  it('rejects duplicate tenant ids', () => {
    const message = problemsOf({ tenants: [tenant(), { ...tenant(), displayName: 'Again' }] });
    expect(message).toContain(
      `tenants[1].id: duplicate tenant id "${TENANT_ID}" (also tenants[0])`,
    );
  });

  it('rejects duplicate user ids and userPrincipalNames', () => {
    const broken = tenant();
    broken.users.push({ id: 'u1', userPrincipalName: 'ADA@contoso.example' });
    const message = problemsOf({ tenants: [broken] });
    expect(message).toContain('tenants[0].users[3].id: duplicate user id "u1" (also users[0])');
    expect(message).toContain(
      'tenants[0].users[3].userPrincipalName: duplicate userPrincipalName "ADA@contoso.example" (also users[0])',
    );
  });

  it('rejects a manager that does not exist, is the user, or loops', () => {
    const missing = tenant();
    missing.users[1] = {
      id: 'u2',
      userPrincipalName: 'bob@contoso.example',
      manager: { id: 'nobody' },
    };
    expect(problemsOf({ tenants: [missing] })).toContain(
      'tenants[0].users[1].manager.id: no user with id "nobody"',
    );

    const self = tenant();
    self.users[1] = { id: 'u2', userPrincipalName: 'bob@contoso.example', manager: { id: 'u2' } };
    expect(problemsOf({ tenants: [self] })).toContain(
      'tenants[0].users[1].manager.id: a user cannot be their own manager',
    );

    const loop = tenant();
    loop.users[0] = { id: 'u1', userPrincipalName: 'ada@contoso.example', manager: { id: 'u2' } };
    const message = problemsOf({ tenants: [loop] });
    expect(message).toContain('tenants[0].users[0].manager: manager chain loops: u1 → u2 → u1');
    expect(message).toContain('(1 problem)');
  });

  it('rejects group members that do not exist and nesting loops', () => {
    const ghost = tenant();
    ghost.groups[0] = { id: 'g1', displayName: 'Everyone', members: ['u1', 'ghost'] };
    expect(problemsOf({ tenants: [ghost] })).toContain(
      'tenants[0].groups[0].members[1]: no user or group with id "ghost"',
    );

    const loop = tenant();
    loop.groups[1] = { id: 'g2', displayName: 'Team', members: ['u2', 'g1'] };
    expect(problemsOf({ tenants: [loop] })).toContain(
      'tenants[0].groups[0].members: group nesting loops: g1 → g2 → g1',
    );

    const clash = tenant();
    clash.groups[1] = { id: 'u2', displayName: 'Team' };
    expect(problemsOf({ tenants: [clash] })).toContain(
      'tenants[0].groups[1].id: id "u2" is already a user\'s id',
    );
  });

  it('rejects mailboxSettings and directoryRoles for unknown users', () => {
    const broken = {
      ...tenant(),
      mailboxSettings: {
        ghost: { userPurpose: 'shared' },
        'a1b2c3d4-0000-4000-8000-000000000000': { userPurpose: 'room' },
      },
      directoryRoles: { u9: [DirectoryRole.userAdministrator], u1: ['Global Administrator'] },
    };
    const message = problemsOf({ tenants: [broken] });
    expect(message).toContain('tenants[0].mailboxSettings.ghost: no user with id "ghost"');
    expect(message).toContain(
      'tenants[0].mailboxSettings["a1b2c3d4-0000-4000-8000-000000000000"]: no user with id "a1b2c3d4-0000-4000-8000-000000000000"',
    );
    expect(message).toContain('tenants[0].directoryRoles.u1[0]: must be a role template id (GUID)');
  });

  it('checks verifiedDomains when they are given', () => {
    const broken = {
      ...tenant(),
      verifiedDomains: [
        { name: 'contoso.example', isDefault: true },
        { name: 'fabrikam.example', isDefault: true },
      ],
    };
    const message = problemsOf({ tenants: [broken] });
    expect(message).toContain(
      'tenants[0].verifiedDomains: exactly one domain must have isDefault: true (found 2)',
    );
    expect(message).toContain(
      'tenants[0].users[2].userPrincipalName: domain "contoso.onmicrosoft.com" is not one of the tenant\'s verifiedDomains',
    );
  });

  it('reports wrong types, unknown keys and bad values with their paths', () => {
    const broken = {
      ...tenant(),
      consented: 'yes',
      mailboxSetting: {},
      mailboxSettings: { u1: { userPurpose: 'kiosk' } },
    };
    const message = problemsOf({ tenants: [broken] });
    expect(message).toMatch(
      /tenants\[0\]\.consented: Invalid input: expected boolean, received string/,
    );
    expect(message).toMatch(/tenants\[0\]: Unrecognized key: "mailboxSetting"/);
    expect(message).toMatch(/tenants\[0\]\.mailboxSettings\.u1\.userPurpose: Invalid option/);
    const upn = tenant();
    upn.users[1] = { id: 'u2', userPrincipalName: 'bob' };
    expect(problemsOf({ tenants: [upn] })).toContain(
      'tenants[0].users[1].userPrincipalName: must look like name@domain',
    );
  });

  it('takes directory extensions with their defaults, and derives a stable id when none is given', () => {
    const name = 'extension_4d405aa8baa04fb494d3e0571fd9fd71_costCenter';
    const given = {
      ...tenant(),
      extensionProperties: [
        { name, appDisplayName: 'HR Connector' },
        {
          id: '0E9D8C7B-6A5F-4E4D-9C3B-2A1F0E9D8C7B',
          name: 'extension_4d405aa8baa04fb494d3e0571fd9fd71_skills',
          dataType: 'String',
          isMultiValued: true,
          isSyncedFromOnPremises: true,
          targetObjects: ['User', 'Group'],
        },
      ],
    };
    const [parsed] = parseFixture({ tenants: [given] });
    const [first, second] = parsed?.extensionProperties ?? [];
    expect(first?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect({ ...first, id: 'derived' }).toEqual({
      id: 'derived',
      name,
      dataType: 'String',
      isMultiValued: false,
      isSyncedFromOnPremises: false,
      targetObjects: ['User'],
      appDisplayName: 'HR Connector',
    });
    expect(second).toMatchObject({
      id: '0e9d8c7b-6a5f-4e4d-9c3b-2a1f0e9d8c7b',
      isMultiValued: true,
      targetObjects: ['User', 'Group'],
      appDisplayName: '',
    });
    // The same fixture loads with the same ids.
    expect(parseFixture({ tenants: [given] })[0]?.extensionProperties).toEqual(
      parsed?.extensionProperties,
    );
    // Left out, the tenant has no extensionProperties key at all.
    expect(parseFixture({ tenants: [tenant()] })[0]).not.toHaveProperty('extensionProperties');
  });

  it('rejects malformed and duplicate directory extensions', () => {
    const name = 'extension_4d405aa8baa04fb494d3e0571fd9fd71_costCenter';
    const duplicates = problemsOf({
      tenants: [
        {
          ...tenant(),
          extensionProperties: [{ name }, { name: name.replace('costCenter', 'CostCenter') }],
        },
      ],
    });
    expect(duplicates).toContain(
      `tenants[0].extensionProperties[1].name: duplicate extension "${name.replace('costCenter', 'CostCenter')}" (also extensionProperties[0])`,
    );
    const malformed = problemsOf({
      tenants: [
        {
          ...tenant(),
          extensionProperties: [
            { name: 'extension_costCenter' },
            { name, dataType: 'Text', targetObjects: [] },
          ],
        },
      ],
    });
    expect(malformed).toContain(
      'tenants[0].extensionProperties[0].name: must be extension_<app id as 32 lower-case hex digits>_<name>',
    );
    expect(malformed).toMatch(/tenants\[0\]\.extensionProperties\[1\]\.dataType: Invalid option/);
    expect(malformed).toMatch(/tenants\[0\]\.extensionProperties\[1\]\.targetObjects: Too small/);
  });

  it('rejects a fixture without tenants', () => {
    expect(problemsOf({ tenants: [] })).toContain('tenants: needs at least one tenant');
    expect(problemsOf([])).toMatch(/\(fixture\): Invalid input: expected object, received array/);
  });

  it('lists every problem of every tenant in one error', () => {
    const broken = tenant();
    broken.users[1] = { userPrincipalName: 'bob@contoso.example' };
    const other = {
      ...tenant(),
      id: OTHER_TENANT_ID,
      mailboxSettings: { ghost: { userPurpose: 'user' } },
    };
    const error = (() => {
      try {
        parseFixture({ tenants: [broken, other, { ...tenant(), id: 'x' }] });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(FixtureError);
    expect((error as FixtureError).problems).toEqual([
      'tenants[0].users[1].id: Required',
      'tenants[1].mailboxSettings.ghost: no user with id "ghost"',
      'tenants[2].id: must be a GUID',
    ]);
    expect((error as Error).message).toBe(
      [
        'Invalid fixture (3 problems):',
        '  tenants[0].users[1].id: Required',
        '  tenants[1].mailboxSettings.ghost: no user with id "ghost"',
        '  tenants[2].id: must be a GUID',
      ].join('\n'),
    );
  });

  it('shortens very long problem lists', () => {
    const users = Array.from({ length: 150 }, () => ({ userPrincipalName: 'x@contoso.example' }));
    const message = problemsOf({ tenants: [{ ...tenant(), users }] });
    expect(message).toContain('Invalid fixture (150 problems):');
    expect(message).toContain('… and 50 more');
  });
});

describe('loadFixture', () => {
  const dir = mkdtemp(join(tmpdir(), 'fixture-test-'));
  afterAll(async () => rm(await dir, { recursive: true, force: true }));

  it('loads a fixture file', async () => {
    const path = join(await dir, 'ok.json');
    const generated = generateTenant({ users: 20, seed: 3 });
    await writeFile(
      path,
      JSON.stringify({ $schema: './tenant-fixture.schema.json', tenants: [generated] }),
    );
    expect(await loadFixture(path)).toEqual([generated]);
  });

  it('names the file when JSON or validation fails', async () => {
    const bad = join(await dir, 'bad.json');
    await writeFile(bad, '{ "tenants": [');
    await expect(loadFixture(bad)).rejects.toThrow(
      new RegExp(
        `Invalid fixture ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(1 problem\\):\\n  not valid JSON`,
      ),
    );
    const invalid = join(await dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ tenants: [{ ...tenant(), id: 'nope' }] }));
    await expect(loadFixture(invalid)).rejects.toThrow(
      `Invalid fixture ${invalid} (1 problem):\n  tenants[0].id: must be a GUID`,
    );
    await expect(loadFixture(join(await dir, 'missing.json'))).rejects.toThrow(/ENOENT/);
  });
});
