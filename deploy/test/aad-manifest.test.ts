import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requiredScope } from '../../api/src/http/auth/authentication-error.js';
import { stepPermissions } from '../../api/src/sync/check-connectivity.js';
import { repositoryRoot } from '../src/repository.js';

interface AadManifest {
  signInAudience: string;
  identifierUris: string[];
  groupMembershipClaims: string;
  api: {
    requestedAccessTokenVersion: number;
    oauth2PermissionScopes: { id: string; value: string; type: string; isEnabled: boolean }[];
    preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
  };
  optionalClaims: { accessToken: { name: string }[] };
  requiredResourceAccess: {
    resourceAppId: string;
    resourceAccess: { id: string; type: string }[];
  }[];
  web: { redirectUris: string[] };
  spa: { redirectUris: string[] };
}

const read = async () =>
  JSON.parse(await readFile(join(repositoryRoot, 'aad.manifest.json'), 'utf8')) as AadManifest;

/** The Microsoft 365 clients Teams SSO needs pre-authorised (Teams platform docs). */
const microsoft365Clients = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264', // Teams desktop and mobile
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346', // Teams web
  '4765445b-32c6-49b0-83e6-1d93765276ca', // Microsoft 365 web
  '0ec893e0-5785-4de6-99da-4ed124e5296c', // Microsoft 365 desktop
  'd3590ed6-52b3-4102-aeff-aad2292ab01c', // Microsoft 365 mobile, Outlook desktop
  'bc59ab01-8403-45c6-8796-ac3ef710b3e3', // Outlook web
  '27922004-5251-4030-b22d-91ecd9a37ea4', // Outlook mobile
];

const scopeId = '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}';

describe('the Entra app registration (aad.manifest.json)', () => {
  it('is multi-tenant, with the API on api://{TAB_DOMAIN}/{client id} and v2 tokens', async () => {
    const manifest = await read();
    expect(manifest.signInAudience).toBe('AzureADMultipleOrgs');
    expect(manifest.identifierUris).toEqual(['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
    expect(manifest.api.requestedAccessTokenVersion).toBe(2);
  });

  it('exposes the one scope the API requires', async () => {
    const { api } = await read();
    expect(
      api.oauth2PermissionScopes.map(({ id, value, type, isEnabled }) => ({
        id,
        value,
        type,
        isEnabled,
      })),
    ).toEqual([{ id: scopeId, value: requiredScope, type: 'User', isEnabled: true }]);
  });

  it('pre-authorises exactly the Teams and Microsoft 365 clients, for that scope', async () => {
    const { api } = await read();
    expect(api.preAuthorizedApplications.map((app) => app.appId).sort()).toEqual(
      [...microsoft365Clients].sort(),
    );
    expect(
      api.preAuthorizedApplications.every((app) => app.delegatedPermissionIds.join() === scopeId),
    ).toBe(true);
  });

  it('asks for the Graph application permissions Roster reads with, and no more', async () => {
    const { requiredResourceAccess } = await read();
    expect(requiredResourceAccess.map((resource) => resource.resourceAppId)).toEqual([
      'Microsoft Graph',
    ]);
    const access = requiredResourceAccess[0]?.resourceAccess ?? [];
    expect(access.every((permission) => permission.type === 'Role')).toBe(true);
    expect(access.map((permission) => permission.id).sort()).toEqual(
      [...new Set(Object.values(stepPermissions))].sort(),
    );
    expect(access.map((permission) => permission.id).sort()).toEqual([
      'GroupMember.Read.All',
      'MailboxSettings.Read',
      'Organization.Read.All',
      'Place.Read.All',
      'User.Read.All',
    ]);
  });

  it('documents every permission it asks for in deploy/permissions.md', async () => {
    const { requiredResourceAccess } = await read();
    const documented = await readFile(join(repositoryRoot, 'deploy', 'permissions.md'), 'utf8');
    for (const { id } of requiredResourceAccess.flatMap((resource) => resource.resourceAccess)) {
      expect(documented).toContain(`## ${id}\n`);
    }
  });

  it("puts the user's directory roles and the token type in access tokens", async () => {
    const manifest = await read();
    expect(manifest.groupMembershipClaims).toBe('DirectoryRole');
    expect(manifest.optionalClaims.accessToken.map((claim) => claim.name)).toContain('idtyp');
  });

  it('sends admin consent back to the API and the tab sign-in back to the tab', async () => {
    const manifest = await read();
    expect(manifest.web.redirectUris).toEqual(['${{TAB_ENDPOINT}}/auth/consent/callback']);
    expect(manifest.spa.redirectUris).toEqual(['${{TAB_ENDPOINT}}/']);
  });

  it("matches the Teams manifest's SSO resource", async () => {
    const teams = JSON.parse(
      await readFile(join(repositoryRoot, 'appPackage', 'manifest.json'), 'utf8'),
    ) as { webApplicationInfo: { id: string; resource: string } };
    const manifest = await read();
    expect(teams.webApplicationInfo).toEqual({
      id: '${{AAD_APP_CLIENT_ID}}',
      resource: manifest.identifierUris[0],
    });
  });
});
