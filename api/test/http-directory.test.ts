import { generateTenants, rosterPermissions, type TenantData } from '@roster/emulator';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attributesResponseSchema,
  connectivityReportSchema,
  groupSearchResponseSchema,
  type ConnectivityReport,
} from '../src/contracts/api.js';
import type { TenantSettingsInput } from '../src/domain/settings.js';
import { linkTenant } from '../src/sync/link-tenant.js';
import { SyncLauncher } from '../src/sync/sync-launcher.js';
import { startHarness, type Harness } from './support/emulator-harness.js';
import { testApp, tokenFor } from './support/test-app.js';

const hrApp = '4d405aa8baa04fb494d3e0571fd9fd71';
const costCenter = `extension_${hrApp}_costCenter`;
const injection = "x') or startswith(displayName,'";

/** Check Connectivity, the group picker and the mappable attributes, against the emulator. */
describe('directory lookups over HTTP', () => {
  let h: Harness;
  let app: Express;
  let launcher: SyncLauncher;
  let tenants: TenantData[];
  let deps: Parameters<typeof linkTenant>[0];
  const tokens = { adminA: '', userA: '', adminB: '' };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const tenantA = () => tenants[0]!;

  /** Grants the given app permissions in tenant A (all of Roster's when none are given). */
  const consent = (permissions: readonly string[] = rosterPermissions) =>
    h.control('POST', `/tenants/${tenantA().id}/consent`, { permissions });

  const saveSettings = async (settings: TenantSettingsInput) => {
    const stored = await h.roster.store.tenants.get(tenantA().id);
    await h.roster.store.tenants.save({ ...stored!, settings }, stored!.version);
  };

  const check = async (): Promise<ConnectivityReport> => {
    const res = await request(app)
      .post('/api/tenant/connectivity')
      .set(bearer(tokens.adminA))
      .expect(200);
    return connectivityReportSchema.parse(res.body);
  };
  const stepOf = (report: ConnectivityReport, step: string) =>
    report.steps.find((s) => s.step === step)!;

  const searchGroups = (query: Record<string, string>, token = tokens.adminA) =>
    request(app).get('/api/groups').query(query).set(bearer(token));

  beforeAll(async () => {
    tenants = generateTenants(2, { usersPerTenant: 40, seed: 41 });
    const a = tenants[0]!;
    a.groups.push(
      {
        id: 'c3f2a1b0-9e8d-4c7b-a6f5-e4d3c2b1a090',
        displayName: "O'Brien's Team",
        description: 'Named with a quote',
        mailEnabled: false,
        securityEnabled: true,
        groupTypes: [],
        members: [],
      },
      {
        id: 'e5f4a3b2-c1d0-4e9f-8a7b-6c5d4e3f2a10',
        displayName: '50% + #1 & Co',
        mailEnabled: false,
        securityEnabled: true,
        groupTypes: [],
        members: [],
      },
      {
        id: 'd4e3f2a1-b0c9-4d8e-b7f6-a5b4c3d2e1f0',
        displayName: `${injection}Decoy`,
        mailEnabled: false,
        securityEnabled: true,
        groupTypes: [],
        members: [],
      },
    );
    a.extensionProperties = [
      {
        id: '1f0f15e3-925d-40f0-8fc8-9d3ad135bce0',
        name: costCenter,
        dataType: 'String',
        isMultiValued: false,
        isSyncedFromOnPremises: false,
        targetObjects: ['User'],
        appDisplayName: 'HR Connector',
      },
      {
        id: '2f0f15e3-925d-40f0-8fc8-9d3ad135bce1',
        name: `extension_${hrApp}_groupCode`,
        dataType: 'String',
        isMultiValued: false,
        isSyncedFromOnPremises: false,
        targetObjects: ['Group'],
        appDisplayName: 'HR Connector',
      },
      {
        id: '3f0f15e3-925d-40f0-8fc8-9d3ad135bce2',
        name: `extension_${hrApp}_badgePhoto`,
        dataType: 'Binary',
        isMultiValued: false,
        isSyncedFromOnPremises: false,
        targetObjects: ['User'],
        appDisplayName: 'HR Connector',
      },
    ];
    a.users[2]![costCenter] = 'CC-4100';
    h = await startHarness({ tenants });
    deps = { store: h.roster.store, directory: h.roster.directory, clock: h.roster.clock };
    await linkTenant(deps, a.id);
    ({ app, launcher } = await testApp(h));
    tokens.adminA = await tokenFor(h, a, 0);
    tokens.userA = await tokenFor(h, a, 1);
    tokens.adminB = await tokenFor(h, tenants[1]!, 0);
  });
  afterAll(async () => {
    await launcher.idle();
    await h.close();
  });

  describe('who may ask', () => {
    const routes = [
      ['post', '/api/tenant/connectivity'],
      ['get', '/api/groups'],
      ['get', '/api/attributes'],
    ] as const;

    it.each(routes)('%s %s: admins only', async (method, path) => {
      const res = await request(app)[method](path).set(bearer(tokens.userA)).expect(403);
      expect(res.body.error.code).toBe('not_admin');
      await request(app)[method](path).expect(401);
    });

    it.each(routes)(
      "%s %s: another tenant's admin gets 404 while theirs is not linked",
      async (method, path) => {
        const res = await request(app)[method](path).set(bearer(tokens.adminB)).expect(404);
        expect(res.body.error.code).toBe('tenant_not_linked');
      },
    );
  });

  describe('POST /api/tenant/connectivity', () => {
    it('passes every step the default settings need, and skips the groups', async () => {
      const report = await check();
      expect(report.ok).toBe(true);
      expect(report.steps.map((s) => [s.step, s.status])).toEqual([
        ['token', 'passed'],
        ['organization', 'passed'],
        ['users', 'passed'],
        ['groups', 'skipped'],
        ['mailboxSettings', 'passed'],
        ['rooms', 'passed'],
      ]);
      expect(stepOf(report, 'organization').detail).toContain(tenantA().displayName);
      expect(stepOf(report, 'token').detail).toContain('User.Read.All');
      expect(stepOf(report, 'groups').detail).toMatch(/name no groups/);
    });

    it('reads the groups the filters name', async () => {
      const sales = tenantA().groups[0]!;
      await saveSettings({ filters: { groups: { include: [sales.id] } } });
      try {
        const report = await check();
        expect(report.ok).toBe(true);
        expect(stepOf(report, 'groups')).toMatchObject({ status: 'passed' });
        expect(stepOf(report, 'groups').detail).toContain(sales.displayName);
      } finally {
        await saveSettings({});
      }
    });

    it('names a missing permission and how to grant it, and checks the rest', async () => {
      await consent(rosterPermissions.filter((p) => p !== 'GroupMember.Read.All'));
      await saveSettings({ filters: { groups: { include: [tenantA().groups[0]!.id] } } });
      try {
        const report = await check();
        expect(report.ok).toBe(false);
        const groups = stepOf(report, 'groups');
        expect(groups).toMatchObject({ status: 'failed', permission: 'GroupMember.Read.All' });
        expect(groups.detail).toContain('Authorization_RequestDenied');
        expect(groups.fix).toContain('Link Entra ID Account');
        // The fresh token shows what was granted; the other reads still pass.
        expect(stepOf(report, 'token').detail).not.toContain('GroupMember.Read.All');
        expect(report.steps.filter((s) => s.status === 'failed').map((s) => s.step)).toEqual([
          'groups',
        ]);
      } finally {
        await consent();
        await saveSettings({});
      }
    });

    it('names MailboxSettings.Read when the mailbox filters cannot read mailbox types', async () => {
      await consent(rosterPermissions.filter((p) => p !== 'MailboxSettings.Read'));
      try {
        const report = await check();
        expect(stepOf(report, 'mailboxSettings')).toMatchObject({
          status: 'failed',
          permission: 'MailboxSettings.Read',
        });
      } finally {
        await consent();
      }
    });

    it('fails sign-in when consent is revoked, skips the rest, and says to link again', async () => {
      await h.control('DELETE', `/tenants/${tenantA().id}/consent`);
      try {
        const report = await check();
        expect(report.ok).toBe(false);
        const token = stepOf(report, 'token');
        expect(token.status).toBe('failed');
        expect(token.detail).toContain('AADSTS700016');
        expect(token.fix).toContain('Link Entra ID Account');
        expect(report.steps.slice(1).map((s) => s.status)).toEqual(Array(5).fill('skipped'));
      } finally {
        await consent();
      }
      expect((await check()).ok).toBe(true);
    });
  });

  describe('GET /api/groups', () => {
    const namesOf = (body: unknown) =>
      groupSearchResponseSchema.parse(body).groups.map((g) => g.displayName);

    it('finds groups by display name prefix, ignoring case, sorted by name', async () => {
      const res = await searchGroups({ search: 'ALL' }).expect(200);
      const expected = tenantA()
        .groups.map((g) => g.displayName)
        .filter((name) => name.toLowerCase().startsWith('all'))
        .sort((a, b) => a.localeCompare(b));
      expect(expected.length).toBeGreaterThan(0);
      expect(namesOf(res.body)).toEqual(expected);
      const obrien = await searchGroups({ search: "o'b" }).expect(200);
      expect(obrien.body.groups).toEqual([
        {
          id: 'c3f2a1b0-9e8d-4c7b-a6f5-e4d3c2b1a090',
          displayName: "O'Brien's Team",
          description: 'Named with a quote',
        },
      ]);
    });

    it('lists groups up to the limit when there is no search text', async () => {
      const res = await searchGroups({ limit: '3' }).expect(200);
      expect(res.body.groups).toHaveLength(3);
    });

    it('takes OData syntax in the search as plain text, never as more of the filter', async () => {
      const injected = await searchGroups({ search: injection }).expect(200);
      expect(namesOf(injected.body)).toEqual([`${injection}Decoy`]);
      // Characters that mean something in a URL reach Graph as themselves.
      const symbols = await searchGroups({ search: '50% + #1 &' }).expect(200);
      expect(namesOf(symbols.body)).toEqual(['50% + #1 & Co']);
      for (const search of ["'", "''", "')", 'a&b', '#', '%27', "Sales' or '1' eq '1"]) {
        const res = await searchGroups({ search }).expect(200);
        expect(res.body.groups).toEqual([]);
      }
    });

    it('refuses search text and limits out of bounds, naming the field', async () => {
      for (const query of [
        { search: 'x'.repeat(121) },
        { search: 'a\u0000b' },
        { limit: '0' },
        { limit: '101' },
        { limit: 'ten' },
        { filter: "startswith(displayName,'')" },
      ]) {
        const res = await searchGroups(query).expect(400);
        expect(res.body.error.code).toBe('invalid_request');
      }
      const twice = await request(app)
        .get('/api/groups?search=a&search=b')
        .set(bearer(tokens.adminA))
        .expect(400);
      expect(twice.body.error.details[0].path).toBe('search');
    });

    it('says which permission is missing when Graph refuses the groups', async () => {
      await consent(rosterPermissions.filter((p) => p !== 'GroupMember.Read.All'));
      // Linking again is how a change of consent reaches Roster: it takes a fresh token.
      await linkTenant(deps, tenantA().id);
      try {
        const res = await searchGroups({ search: 'a' }).expect(403);
        expect(res.body.error).toMatchObject({
          code: 'permission_missing',
          details: { permission: 'GroupMember.Read.All' },
        });
      } finally {
        await consent();
        await linkTenant(deps, tenantA().id);
      }
    });
  });

  describe('GET /api/attributes', () => {
    it('offers the catalog, and says why the extensions are missing without Directory.Read.All', async () => {
      const res = await request(app).get('/api/attributes').set(bearer(tokens.adminA)).expect(200);
      const body = attributesResponseSchema.parse(res.body);
      expect(body.extensions).toMatchObject({
        status: 'unavailable',
        permission: 'Directory.Read.All',
      });
      const paths = body.attributes.map((a) => a.path);
      expect(paths).toEqual(expect.arrayContaining(['jobTitle', 'businessPhones[0]', 'mail']));
      expect(paths.some((p) => p.startsWith('extension_'))).toBe(false);
    });

    it("adds the tenant's user extensions once Roster may list them", async () => {
      await consent([...rosterPermissions, 'Directory.Read.All']);
      await linkTenant(deps, tenantA().id);
      try {
        const res = await request(app)
          .get('/api/attributes')
          .set(bearer(tokens.adminA))
          .expect(200);
        const body = attributesResponseSchema.parse(res.body);
        expect(body.extensions).toEqual({ status: 'available', count: 1 });
        // The group-only and the binary extension are not offered.
        expect(body.attributes.filter((a) => a.kind === 'extension')).toEqual([
          {
            path: costCenter,
            label: 'Cost center (HR Connector)',
            kind: 'extension',
            type: 'string',
            multiValued: false,
            extension: { app: 'HR Connector', syncedFromOnPremises: false },
          },
        ]);
      } finally {
        await consent();
        await linkTenant(deps, tenantA().id);
      }
    });
  });

  describe('a second linked tenant', () => {
    it("sees its own groups and extensions, never tenant A's", async () => {
      const b = tenants[1]!;
      await linkTenant(deps, b.id);
      const res = await searchGroups({ limit: '100' }, tokens.adminB).expect(200);
      const ids = (res.body.groups as { id: string }[]).map((g) => g.id).sort();
      expect(ids).toEqual(b.groups.map((g) => g.id).sort());
      const aIds = new Set(tenantA().groups.map((g) => g.id));
      expect(ids.some((id) => aIds.has(id))).toBe(false);
      const injected = await searchGroups({ search: injection }, tokens.adminB).expect(200);
      expect(injected.body.groups).toEqual([]);
      const report = await request(app)
        .post('/api/tenant/connectivity')
        .set(bearer(tokens.adminB))
        .expect(200);
      expect(report.body.steps[1].detail).toContain(b.displayName);
    });
  });
});
