import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error.js';
import { defaultTenantSettings, tenantSettingsSchema } from '../domain/settings.js';
import type { DirectoryConnector, DirectorySource } from '../ports/directory-source.js';
import { DirectoryError } from '../ports/directory-source.js';
import type { LinkedTenant, RosterStore } from '../ports/store.js';
import { checkConnectivity } from './check-connectivity.js';

const tenantId = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const sales = '0e9d8c7b-6a5f-4e4d-9c3b-2a1f0e9d8c7b';
const gone = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';

/** A source that answers like a healthy tenant; each test overrides what it breaks. */
function source(overrides: Partial<DirectorySource> = {}): DirectorySource {
  return {
    retriesUsed: 0,
    tokenPermissions: () => Promise.resolve(['User.Read.All', 'GroupMember.Read.All']),
    organization: () =>
      Promise.resolve({ id: tenantId, displayName: 'Contoso', verifiedDomains: [] }),
    firstUsers: () =>
      Promise.resolve([
        { id: 'u1', displayName: 'No Mailbox' },
        { id: 'u2', displayName: 'Ada', mail: 'ada@contoso.example' },
      ]),
    group: (id) =>
      Promise.resolve(id === sales ? { id, displayName: 'Sales Department' } : undefined),
    mailboxPurpose: (id) => Promise.resolve(id === 'u2' ? 'user' : null),
    roomAddresses: () => Promise.resolve(new Set(['room@contoso.example'])),
    users: () => {
      throw new Error('not read by the check');
    },
    mailboxPurposes: () => Promise.reject(new Error('not read by the check')),
    groupMemberIds: () => Promise.reject(new Error('not read by the check')),
    user: () => Promise.reject(new Error('not read by the check')),
    searchGroups: () => Promise.reject(new Error('not read by the check')),
    extensionProperties: () => Promise.reject(new Error('not read by the check')),
    ...overrides,
  };
}

function deps(directory: DirectorySource, settings: unknown = defaultTenantSettings()) {
  const tenant: LinkedTenant = {
    tenantId,
    displayName: 'Contoso',
    linkedAt: '2025-01-01T00:00:00.000Z',
    settings,
    version: 1,
  } as LinkedTenant;
  const fresh: boolean[] = [];
  const connector: DirectoryConnector = {
    connect: (_id, options) => {
      fresh.push(options?.freshToken === true);
      return directory;
    },
  };
  const store = {
    tenants: { get: (id: string) => Promise.resolve(id === tenantId ? tenant : undefined) },
  } as unknown as RosterStore;
  return { deps: { store, directory: connector }, fresh };
}

const withGroups = tenantSettingsSchema.parse({
  filters: { groups: { include: [sales] } },
});

describe('checkConnectivity', () => {
  it('passes every step the settings need, in order, with a fresh token', async () => {
    const { deps: d, fresh } = deps(source(), withGroups);
    const report = await checkConnectivity(d, tenantId);
    expect(fresh).toEqual([true]);
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.step, s.status])).toEqual([
      ['token', 'passed'],
      ['organization', 'passed'],
      ['users', 'passed'],
      ['groups', 'passed'],
      ['mailboxSettings', 'passed'],
      ['rooms', 'passed'],
    ]);
    expect(report.steps[0]?.detail).toContain('User.Read.All, GroupMember.Read.All');
    expect(report.steps[3]?.detail).toContain('Sales Department');
    // The user without a mailbox is passed over for one with.
    expect(report.steps[4]?.detail).toBe('Read the mailbox type of Ada: user.');
    for (const step of report.steps) expect(step.ms).toBeGreaterThanOrEqual(0);
  });

  it('skips what the settings do not read, saying why', async () => {
    const settings = tenantSettingsSchema.parse({
      filters: { presets: { excludeSharedMailboxes: false, excludeRoomsAndEquipment: false } },
    });
    const report = await checkConnectivity(deps(source(), settings).deps, tenantId);
    expect(report.ok).toBe(true);
    const skipped = report.steps.filter((s) => s.status === 'skipped');
    expect(skipped.map((s) => s.step)).toEqual(['groups', 'mailboxSettings', 'rooms']);
    expect(skipped.map((s) => s.ms)).toEqual([0, 0, 0]);
    expect(skipped[0]?.detail).toMatch(/name no groups/);
  });

  it('skips everything after a refused sign-in, and says how to consent again', async () => {
    const refused = new DirectoryError('not-authorized', 'AADSTS700016: not found', {
      code: 'AADSTS700016',
    });
    const report = await checkConnectivity(
      deps(source({ tokenPermissions: () => Promise.reject(refused) })).deps,
      tenantId,
    );
    expect(report.ok).toBe(false);
    expect(report.steps[0]).toMatchObject({ step: 'token', status: 'failed' });
    expect(report.steps[0]?.fix).toMatch(/Link Entra ID Account/);
    expect(report.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
  });

  it('names the permission a refused read needs, and goes on with the other steps', async () => {
    const denied = new DirectoryError('not-authorized', 'Insufficient privileges', {
      code: 'Authorization_RequestDenied',
    });
    const report = await checkConnectivity(
      deps(source({ group: () => Promise.reject(denied) }), withGroups).deps,
      tenantId,
    );
    expect(report.ok).toBe(false);
    const groups = report.steps.find((s) => s.step === 'groups');
    expect(groups).toMatchObject({ status: 'failed', permission: 'GroupMember.Read.All' });
    expect(report.steps.find((s) => s.step === 'rooms')?.status).toBe('passed');
  });

  it('fails the groups step for a filter group Entra ID no longer has', async () => {
    const settings = tenantSettingsSchema.parse({
      filters: { groups: { include: [sales], exclude: [gone] } },
    });
    const report = await checkConnectivity(deps(source(), settings).deps, tenantId);
    const groups = report.steps.find((s) => s.step === 'groups');
    expect(groups?.status).toBe('failed');
    expect(groups?.detail).toContain(gone);
    expect(groups).not.toHaveProperty('permission');
  });

  it('fails the organization step when Graph answers for another tenant', async () => {
    const other = source({
      organization: () =>
        Promise.resolve({ id: 'another', displayName: 'Elsewhere', verifiedDomains: [] }),
    });
    const report = await checkConnectivity(deps(other).deps, tenantId);
    expect(report.steps[1]).toMatchObject({ step: 'organization', status: 'failed' });
  });

  it('refuses a tenant that is not linked', async () => {
    const error = await checkConnectivity(deps(source()).deps, 'not-linked').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('tenant_not_linked');
  });
});
