import { GraphError, type Client } from '@microsoft/microsoft-graph-client';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterPermissions } from '../../src/identity/app-registration.js';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { generateTenant } from '../../src/tenant/generate-tenant.js';
import type { TenantData } from '../../src/tenant/tenant-data.js';
import { control } from '../support/control-plane.js';
import { graphClient, graphToken, trustingAgent } from '../support/sdk-clients.js';

const appId = '4d405aa8baa04fb494d3e0571fd9fd71';
const costCenter = `extension_${appId}_costCenter`;

async function graphFailure(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected the Graph request to fail');
}

interface Page {
  value: Record<string, unknown>[];
  '@odata.nextLink'?: string;
}

/** The group picker's and the attribute mapper's lookups, through the real Graph SDK. */
describe('group search and directory extensions', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  let client: Client;
  let tenant: TenantData;

  /** A client whose token carries exactly what the tenant consented to now. */
  const freshClient = async () => {
    const token = await graphToken(emulator, tenant.id, agent);
    return graphClient(emulator, agent, () => Promise.resolve(token));
  };

  beforeAll(async () => {
    tenant = generateTenant({ users: 40, seed: 5 });
    tenant.groups.push({
      id: '6a0c1f7e-3b2d-4c9a-8e5f-1d2c3b4a5f60',
      displayName: "O'Brien's Team",
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      members: [],
    });
    tenant.extensionProperties = [
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
        id: '2a1b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        name: 'extension_9c7a5b3d1e2f40718293a4b5c6d7e8f9_employeeNumber',
        dataType: 'String',
        isMultiValued: false,
        isSyncedFromOnPremises: true,
        targetObjects: ['User'],
        appDisplayName: 'Tenant Schema Extension App',
      },
    ];
    tenant.users[1]![costCenter] = 'CC-4100';
    emulator = await startEmulator({ tenants: [tenant], throttling: { enabled: false } });
    agent = trustingAgent(emulator);
    client = await freshClient();
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });

  describe('GET /groups with $filter', () => {
    const names = (page: Page) => page.value.map((g) => String(g['displayName'])).sort();

    it('finds groups by display name prefix, ignoring case, with only the selected properties', async () => {
      const page = (await client
        .api(`/groups?$filter=${encodeURIComponent("startswith(displayName,'sales')")}`)
        .select(['id', 'displayName', 'mail'])
        .top(5)
        .get()) as Page;
      expect(names(page)).toEqual(['Sales Department']);
      expect(Object.keys(page.value[0]!).sort()).toEqual(['displayName', 'id', 'mail']);
    });

    it('reads doubled quotes as one quote of the name', async () => {
      const literal = "O'Brien".replaceAll("'", "''");
      const page = (await client
        .api(`/groups?$filter=${encodeURIComponent(`startswith(displayName,'${literal}')`)}`)
        .get()) as Page;
      expect(names(page)).toEqual(["O'Brien's Team"]);
    });

    it('keeps the filter on every page it links to', async () => {
      const first = (await client
        .api(`/groups?$filter=${encodeURIComponent("startswith(displayName,'a')")}`)
        .top(1)
        .get()) as Page;
      expect(first['@odata.nextLink']).toBeDefined();
      const second = (await client.api(first['@odata.nextLink']!).get()) as Page;
      const all = [...first.value, ...second.value].map((g) => String(g['displayName']));
      expect(all.every((name) => name.toLowerCase().startsWith('a'))).toBe(true);
      expect(all.sort()).toEqual(
        tenant.groups
          .map((g) => g.displayName)
          .filter((name) => name.toLowerCase().startsWith('a'))
          .sort(),
      );
    });

    it('refuses what Graph refuses, in its words', async () => {
      const advanced = await graphFailure(
        client.api(`/groups?$filter=${encodeURIComponent("startswith(description,'x')")}`).get(),
      );
      expect([advanced.statusCode, advanced.code]).toEqual([400, 'Request_UnsupportedQuery']);
      const broken = await graphFailure(
        client.api(`/groups?$filter=${encodeURIComponent("startswith(displayName,'x")}`).get(),
      );
      expect([broken.statusCode, broken.code]).toEqual([400, 'BadRequest']);
      const unsupported = await graphFailure(client.api('/groups?$orderby=displayName').get());
      expect(unsupported.code).toBe('Request_UnsupportedQuery');
    });
  });

  describe('POST /directoryObjects/getAvailableExtensionProperties', () => {
    const path = '/directoryObjects/getAvailableExtensionProperties';

    it("is refused without Directory.Read.All, which Roster's own permissions do not include", async () => {
      const error = await graphFailure(client.api(path).post({}));
      expect([error.statusCode, error.code]).toEqual([403, 'Authorization_RequestDenied']);
    });

    it('lists every extension registered in the tenant, or only synced or cloud ones', async () => {
      await control(emulator, agent, 'POST', `/tenants/${tenant.id}/consent`, {
        permissions: [...rosterPermissions, 'Directory.Read.All'],
      });
      const reader = await freshClient();
      const all = (await reader.api(path).post({})) as Page;
      expect(all.value.map((e) => e['name'])).toEqual(
        tenant.extensionProperties!.map((e) => e.name),
      );
      expect(all.value[0]).toEqual({
        '@odata.type': '#microsoft.graph.extensionProperty',
        id: '1f0f15e3-925d-40f0-8fc8-9d3ad135bce0',
        deletedDateTime: null,
        appDisplayName: 'HR Connector',
        dataType: 'String',
        isMultiValued: false,
        isSyncedFromOnPremises: false,
        name: costCenter,
        targetObjects: ['User'],
      });
      const cloud = (await reader.api(path).post({ isSyncedFromOnPremises: false })) as Page;
      expect(cloud.value.map((e) => e['name'])).toEqual([costCenter]);
      const synced = (await reader.api(path).post({ isSyncedFromOnPremises: true })) as Page;
      expect(synced.value).toHaveLength(1);
      const bad = await graphFailure(reader.api(path).post({ isSyncedFromOnPremises: 'no' }));
      expect(bad.statusCode).toBe(400);
    });

    it("returns an extension's value on the users that have one, when selected", async () => {
      const page = (await client.api('/users').select(['id', costCenter]).top(5).get()) as Page;
      expect(page.value[1]).toEqual({ id: tenant.users[1]!.id, [costCenter]: 'CC-4100' });
      expect(page.value[0]).toEqual({ id: tenant.users[0]!.id });
    });
  });
});
