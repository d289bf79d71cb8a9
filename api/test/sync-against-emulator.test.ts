import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTenantSettings, type TenantSettings } from '../src/domain/settings.js';
import { linkTenant } from '../src/sync/link-tenant.js';
import { runDirectorySync } from '../src/sync/run-directory-sync.js';
import { startHarness, type Harness } from './support/emulator-harness.js';

interface ControlUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
}

describe('sync against the emulator over HTTPS', () => {
  let h: Harness;
  const deps = () => ({
    store: h.roster.store,
    directory: h.roster.directory,
    clock: h.roster.clock,
  });
  const sync = (full = false) =>
    runDirectorySync(deps(), { tenantId: h.tenantId, trigger: 'manual', full });
  const setSettings = async (change: (s: TenantSettings) => TenantSettings) => {
    const tenant = await h.roster.store.tenants.get(h.tenantId);
    if (tenant === undefined) throw new Error('not linked');
    await h.roster.store.tenants.save(
      { ...tenant, settings: change(tenant.settings as TenantSettings) },
      tenant.version,
    );
  };
  /** An employee id that is in the directory now. */
  const someEmployee = async (index: number) => {
    const page = await h.roster.store.employees.page(h.tenantId, { limit: index + 1 });
    const employee = page.items[index];
    if (employee === undefined) throw new Error('directory too small');
    return employee;
  };

  beforeAll(async () => {
    h = await startHarness({ users: 300, seed: 11 });
    await linkTenant(deps(), h.tenantId);
    await setSettings((s) => ({ ...s, cleanUp: true }));
  });
  afterAll(async () => {
    await h.close();
  });

  it('links the tenant with its name from /organization and default settings', async () => {
    const tenant = await h.roster.store.tenants.get(h.tenantId);
    expect(tenant?.displayName).toBe(h.emulator.tenants[0]?.displayName);
    expect((tenant?.settings as TenantSettings).fields).toEqual(defaultTenantSettings().fields);
  });

  it('imports every user a full round returns, or says why not', async () => {
    const run = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.round).toBe('full');
    const skipped = Object.values(run.counts.skipped).reduce((a, b) => a + b, 0);
    expect(run.counts.added + skipped).toBe(300);
    expect(run.counts.added).toBeGreaterThan(200);
    expect(skipped).toBeGreaterThan(0);
    expect(await h.roster.store.employees.count(h.tenantId)).toBe(run.counts.added);
    // Guests and disabled accounts (shared mailboxes and rooms are disabled accounts too).
    expect(Object.keys(run.counts.skipped)).toEqual(
      expect.arrayContaining(['guest', 'disabled', 'service-account']),
    );
  });

  it('changes nothing when nothing changed, in a delta round and in a full one', async () => {
    const delta = await sync();
    expect(delta.round).toBe('delta');
    expect(delta.counts).toMatchObject({ added: 0, updated: 0, removed: 0, held: 0 });
    const full = await sync(true);
    expect(full.round).toBe('full');
    expect(full.counts).toMatchObject({ added: 0, updated: 0, removed: 0, held: 0 });
    expect(full.counts.unchanged).toBe(await h.roster.store.employees.count(h.tenantId));
  });

  it('brings control-plane changes, soft and hard deletes and restores in the next delta run', async () => {
    const renamed = await someEmployee(3);
    const softDeleted = await someEmployee(4);
    const hardDeleted = await someEmployee(5);
    await h.control('PATCH', `/tenants/${h.tenantId}/users/${renamed.id}`, {
      jobTitle: 'Master Weaver',
    });
    const created = await h.control<ControlUser>('POST', `/tenants/${h.tenantId}/users`, {
      displayName: 'Imogen Vale',
      givenName: 'Imogen',
      surname: 'Vale',
      userPrincipalName: 'imogen.vale@thistlemarten.example',
      mail: 'imogen.vale@thistlemarten.example',
      accountEnabled: true,
      userType: 'Member',
      assignedLicenses: [{ skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', disabledPlans: [] }],
    });
    await h.control('DELETE', `/tenants/${h.tenantId}/users/${softDeleted.id}`);
    await h.control('DELETE', `/tenants/${h.tenantId}/users/${hardDeleted.id}?hard=true`);

    const run = await sync();
    expect(run.round).toBe('delta');
    expect(run.counts).toMatchObject({ added: 1, updated: 1, removed: 2, held: 0 });
    const changes = await h.roster.store.runs.changes(h.tenantId, run.id, { limit: 100 });
    expect(changes.items).toContainEqual(
      expect.objectContaining({
        kind: 'updated',
        employeeId: renamed.id,
        diffs: [expect.objectContaining({ after: 'Master Weaver' })],
      }),
    );
    expect(changes.items).toContainEqual(
      expect.objectContaining({ kind: 'added', employeeId: created.id }),
    );
    const gone = await h.roster.store.employees.getMany(h.tenantId, [
      softDeleted.id,
      hardDeleted.id,
    ]);
    expect(gone).toEqual([]);

    await h.control('POST', `/tenants/${h.tenantId}/users/${softDeleted.id}/restore`);
    const restored = await sync();
    expect(restored.counts).toMatchObject({ added: 1, removed: 0 });
    expect(await h.roster.store.employees.getMany(h.tenantId, [softDeleted.id])).toHaveLength(1);
  });

  it('removes a user who stops matching the filters, with the reason', async () => {
    const employee = await someEmployee(6);
    await h.control('PATCH', `/tenants/${h.tenantId}/users/${employee.id}`, {
      accountEnabled: false,
    });
    const run = await sync();
    expect(run.counts.removed).toBe(1);
    const changes = await h.roster.store.runs.changes(h.tenantId, run.id, { limit: 10 });
    expect(changes.items).toHaveLength(1);
    expect(changes.items[0]).toMatchObject({
      kind: 'removed',
      employeeId: employee.id,
      reason: { code: 'disabled' },
    });
  });

  it('keeps users Entra ID removed when Clean Up is off', async () => {
    await setSettings((s) => ({ ...s, cleanUp: false }));
    const employee = await someEmployee(7);
    await h.control('DELETE', `/tenants/${h.tenantId}/users/${employee.id}`);
    const run = await sync();
    expect(run.counts.removed).toBe(0);
    expect(await h.roster.store.employees.getMany(h.tenantId, [employee.id])).toHaveLength(1);
    await setSettings((s) => ({ ...s, cleanUp: true }));
  });

  it('holds a mass deletion over the threshold and applies everything else', async () => {
    const before = await h.roster.store.employees.count(h.tenantId);
    const victims = (await h.roster.store.employees.page(h.tenantId, { limit: 60 })).items.slice(
      20,
    );
    await h.control(
      'POST',
      `/tenants/${h.tenantId}/changes`,
      victims.map((v) => ({ op: 'delete', id: v.id, hard: true })),
    );
    const survivor = await someEmployee(0);
    await h.control('PATCH', `/tenants/${h.tenantId}/users/${survivor.id}`, {
      department: 'Finishing',
    });
    const run = await sync(true);
    expect(run.status).toBe('held');
    expect(run.counts.held).toBeGreaterThanOrEqual(40);
    expect(run.counts.removed).toBe(0);
    expect(run.counts.updated).toBe(1);
    expect(run.heldBecause).toMatch(/over the limit of 10%/);
    expect(await h.roster.store.employees.count(h.tenantId)).toBe(before);
  });

  it('falls back to a full round when the delta link expired', async () => {
    await setSettings((s) => ({ ...s, cleanUp: false }));
    await sync();
    await h.control('POST', `/tenants/${h.tenantId}/expire-delta-tokens`);
    const run = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.round).toBe('full');
    const next = await sync();
    expect(next.round).toBe('delta');
  });

  it('survives a storm of 429s and a connection reset mid-page', async () => {
    await h.control('POST', `/tenants/${h.tenantId}/faults`, {
      status: 429,
      retryAfter: 0.05,
      times: 6,
      path: '/v1.0/users/delta',
    });
    await h.control('POST', `/tenants/${h.tenantId}/faults`, {
      resetConnection: true,
      times: 1,
      path: '/v1.0/users/delta',
    });
    const run = await sync(true);
    expect(run.status).toBe('succeeded');
    expect(run.errors).toEqual([]);
    const faults = await h.control<{ faults: unknown[] }>('GET', `/tenants/${h.tenantId}/faults`);
    expect(faults.faults).toEqual([]);
  });

  it('tells shared mailboxes and rooms apart through mailbox settings and places', async () => {
    await setSettings((s) => ({
      ...s,
      cleanUp: false,
      filters: { ...s.filters, presets: { ...s.filters.presets, excludeDisabled: false } },
    }));
    await h.control('DELETE', '/stats');
    const run = await sync();
    expect(run.round).toBe('full'); // new filters: every user is read again
    expect(run.counts.skipped['shared-mailbox']).toBeGreaterThan(0);
    expect(run.counts.skipped['room-or-equipment']).toBeGreaterThan(0);
    const stats = await h.control<Record<string, unknown>>('GET', '/stats');
    expect(JSON.stringify(stats)).toContain('$batch');
    await setSettings((s) => ({
      ...s,
      filters: { ...s.filters, presets: { ...s.filters.presets, excludeDisabled: true } },
    }));
  });

  it('keeps 90 days of run history', async () => {
    const old = new Date(Date.now() - 91 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 89 * 86_400_000).toISOString();
    const record = (id: string, startedAt: string) => ({
      id,
      tenantId: h.tenantId,
      trigger: 'schedule' as const,
      round: 'delta' as const,
      startedAt,
      endedAt: startedAt,
      status: 'succeeded' as const,
      counts: { added: 0, updated: 0, removed: 0, held: 0, unchanged: 0, skipped: {} },
      heldBecause: null,
      errors: [],
    });
    await h.roster.store.runs.start(record('old-run', old));
    await h.roster.store.runs.start(record('recent-run', recent));
    await sync();
    expect(await h.roster.store.runs.get(h.tenantId, 'old-run')).toBeUndefined();
    expect(await h.roster.store.runs.get(h.tenantId, 'recent-run')).toBeDefined();
  });

  it('refreshes an expired token once and carries on', async () => {
    // MSAL still trusts its cached token; Graph, whose clock moved, says it expired.
    await h.control('POST', '/clock', { advanceSeconds: 2 * 3600 });
    const run = await sync();
    expect(run.status).toBe('succeeded');
    expect(run.errors).toEqual([]);
  });

  it('gets a new token when Graph rejects one mid-round, but only once per request', async () => {
    await h.control('POST', `/tenants/${h.tenantId}/faults`, {
      status: 401,
      times: 1,
      path: '/v1.0/users/delta',
    });
    const recovered = await sync(true);
    expect(recovered.status).toBe('succeeded');

    await h.control('POST', `/tenants/${h.tenantId}/faults`, {
      status: 401,
      times: 2,
      path: '/v1.0/users/delta',
    });
    const refused = await sync(true);
    expect(refused.status).toBe('failed');
    expect(refused.errors.join()).toMatch(/not authorized/);
    expect(refused.counts.removed).toBe(0);
    await h.control('DELETE', `/tenants/${h.tenantId}/faults`);
  });
});

describe('a sync that outlasts its retry budget', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ users: 120, seed: 12 }, { ROSTER_RETRY_BUDGET: '3' });
    await linkTenant(
      { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock },
      h.tenantId,
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it('fails with no removals and no new delta link, and the next run converges', async () => {
    const deps = { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock };
    const tenant = await h.roster.store.tenants.get(h.tenantId);
    await h.roster.store.tenants.save(
      { ...tenant!, settings: { ...(tenant!.settings as TenantSettings), cleanUp: true } },
      tenant!.version,
    );
    const first = await runDirectorySync(deps, { tenantId: h.tenantId, trigger: 'manual' });
    expect(first.status).toBe('succeeded');
    const count = await h.roster.store.employees.count(h.tenantId);
    const link = await h.roster.store.deltas.get(h.tenantId);

    const victim = (await h.roster.store.employees.page(h.tenantId, { limit: 1 })).items[0]!;
    await h.control('DELETE', `/tenants/${h.tenantId}/users/${victim.id}`);
    await h.control('POST', `/tenants/${h.tenantId}/faults`, {
      status: 503,
      path: '/v1.0/users/delta',
    });
    const failed = await runDirectorySync(deps, {
      tenantId: h.tenantId,
      trigger: 'manual',
      full: true,
    });
    expect(failed.status).toBe('failed');
    expect(failed.errors.join()).toMatch(/unavailable/i);
    expect(await h.roster.store.employees.count(h.tenantId)).toBe(count);
    expect(await h.roster.store.deltas.get(h.tenantId)).toEqual(link);

    await h.control('DELETE', `/tenants/${h.tenantId}/faults`);
    const next = await runDirectorySync(deps, { tenantId: h.tenantId, trigger: 'manual' });
    expect(next.status).toBe('succeeded');
    expect(next.counts.removed).toBe(1);
    expect(await h.roster.store.employees.count(h.tenantId)).toBe(count - 1);
  });

  it('refuses a second sync of the same tenant while one holds the lease', async () => {
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(await h.roster.store.leases.acquire(h.tenantId, 'someone-else', now, later)).toBe(true);
    const deps = { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock };
    await expect(
      runDirectorySync(deps, { tenantId: h.tenantId, trigger: 'manual' }),
    ).rejects.toMatchObject({ code: 'sync_in_progress' });
    await h.roster.store.leases.release(h.tenantId, 'someone-else');
  });
});

describe('manager fields', () => {
  let h: Harness;
  const deps = () => ({
    store: h.roster.store,
    directory: h.roster.directory,
    clock: h.roster.clock,
  });

  beforeAll(async () => {
    h = await startHarness({ users: 80, seed: 13 });
    await linkTenant(deps(), h.tenantId);
    const tenant = await h.roster.store.tenants.get(h.tenantId);
    const settings = tenant!.settings as TenantSettings;
    await h.roster.store.tenants.save(
      {
        ...tenant!,
        settings: {
          ...settings,
          fields: [
            ...settings.fields,
            { key: 'manager', label: 'Manager', source: 'manager.displayName', enabled: true },
          ],
        },
      },
      tenant!.version,
    );
  });
  afterAll(async () => {
    await h.close();
  });

  it("maps manager.displayName from each user's manager, and follows a change of manager", async () => {
    const first = await runDirectorySync(deps(), { tenantId: h.tenantId, trigger: 'manual' });
    expect(first.status).toBe('succeeded');
    const { items } = await h.roster.store.employees.page(h.tenantId, { limit: 100 });
    const byId = new Map(items.map((e) => [e.id, e]));
    const withManager = items.filter((e) => e.fields['manager'] !== null);
    expect(withManager.length).toBeGreaterThan(items.length / 2);

    const report = withManager.find(
      (e) => e.fields['manager'] !== items[0]!.fields['displayName'],
    )!;
    const newManager = items[0]!;
    await h.control('PATCH', `/tenants/${h.tenantId}/users/${report.id}`, {
      manager: { id: newManager.id },
    });
    const next = await runDirectorySync(deps(), { tenantId: h.tenantId, trigger: 'manual' });
    expect(next.round).toBe('delta');
    expect(next.counts.updated).toBe(1);
    const [updated] = await h.roster.store.employees.getMany(h.tenantId, [report.id]);
    expect(updated!.fields['manager']).toBe(byId.get(newManager.id)!.fields['displayName']);

    await h.control('PATCH', `/tenants/${h.tenantId}/users/${report.id}`, { manager: null });
    await runDirectorySync(deps(), { tenantId: h.tenantId, trigger: 'manual' });
    const [cleared] = await h.roster.store.employees.getMany(h.tenantId, [report.id]);
    expect(cleared!.fields['manager']).toBeNull();
  });
});
