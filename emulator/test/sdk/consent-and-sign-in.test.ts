import { CryptoProvider, ServerError } from '@azure/msal-node';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterPermissions } from '../../src/identity/app-registration.js';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { generateTenants } from '../../src/tenant/generate-tenant.js';
import { DirectoryRole, type TenantData } from '../../src/tenant/tenant-data.js';
import { control, request } from '../support/control-plane.js';
import { msalClient, trustingAgent } from '../support/sdk-clients.js';

const consentRedirect = 'https://localhost:3978/auth/consent/callback';
/** A web redirect URI for sign-in, registered on the app in beforeAll. */
const signInRedirect = 'https://localhost:3978/auth/callback';
const graphDefault = 'https://graph.microsoft.com/.default';
const adminRoles: string[] = [
  DirectoryRole.globalAdministrator,
  DirectoryRole.applicationAdministrator,
  DirectoryRole.cloudApplicationAdministrator,
  DirectoryRole.userAdministrator,
];

interface TenantsList {
  tenants: { id: string; consented: boolean; permissions: string[] }[];
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** An `<input>` of a page: what a browser would see. */
interface PageInput {
  type: string;
  name: string;
  value: string;
  checked: boolean;
}

function inputsOf(html: string): PageInput[] {
  return [...html.matchAll(/<input\b([^>]*)>/g)].map(([, attributes = '']) => {
    const attribute = (name: string) =>
      unescapeHtml(new RegExp(`\\b${name}="([^"]*)"`).exec(attributes)?.[1] ?? '');
    return {
      type: attribute('type') || 'text',
      name: attribute('name'),
      value: attribute('value'),
      checked: /\schecked\b/.test(attributes),
    };
  });
}

/** The fields a browser submits for the page's form: hidden and text inputs, and the checked radio. */
function formFields(html: string, overrides: Record<string, string> = {}): URLSearchParams {
  const fields = new URLSearchParams();
  for (const input of inputsOf(html)) {
    if (input.name === '') continue;
    if (input.type === 'radio' && !input.checked) continue;
    fields.set(input.name, input.value);
  }
  for (const [name, value] of Object.entries(overrides)) fields.set(name, value);
  return fields;
}

/** The UPNs a page offers as radio choices. */
function offeredLogins(html: string): string[] {
  return inputsOf(html)
    .filter((input) => input.type === 'radio' && input.name === 'login')
    .map((input) => input.value);
}

/** Where a 302 sends the browser, parsed. */
function redirectTarget(response: { status: number; headers: Headers }): URL {
  expect(response.status).toBe(302);
  const location = response.headers.get('location');
  expect(location).not.toBeNull();
  return new URL(location!);
}

async function msalFailure(call: Promise<unknown>): Promise<ServerError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('MSAL got a token instead of an error');
}

describe('admin consent and sign-in', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  let tenantA: TenantData;
  let tenantB: TenantData;

  beforeAll(async () => {
    const tenants = generateTenants(2, { usersPerTenant: 20, seed: 7 }).map((tenant) => ({
      ...tenant,
      consented: false,
    }));
    tenantA = tenants[0]!;
    tenantB = tenants[1]!;
    emulator = await startEmulator({ tenants });
    agent = trustingAgent(emulator);
    await control(emulator, agent, 'PATCH', '/app', {
      redirectUris: [...emulator.app.redirectUris, signInRedirect],
    });
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });

  const consented = async (tenantId: string): Promise<boolean | undefined> => {
    const listed = await control<TenantsList>(emulator, agent, 'GET', '/tenants');
    return listed.tenants.find((t) => t.id === tenantId)?.consented;
  };

  const consentQuery = (overrides: Record<string, string> = {}) =>
    new URLSearchParams({
      client_id: emulator.app.clientId,
      redirect_uri: consentRedirect,
      state: 'state-123',
      scope: graphDefault,
      ...overrides,
    }).toString();

  /** Opens the consent page, then submits its form as a browser would. */
  const submitConsent = async (
    tenantSegment: string,
    overrides: Record<string, string>,
    query = consentQuery(),
  ) => {
    const path = `/${tenantSegment}/v2.0/adminconsent?${query}`;
    const page = await request(emulator, agent, path);
    expect(page.status).toBe(200);
    const html = await page.text();
    return request(emulator, agent, path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formFields(html, overrides).toString(),
    });
  };

  describe('admin consent over HTTP', () => {
    it("shows a page listing the app's permissions and offering only the tenant's administrators", async () => {
      const response = await request(
        emulator,
        agent,
        `/${tenantA.id}/v2.0/adminconsent?${consentQuery()}`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('Permissions requested');
      for (const permission of rosterPermissions) expect(html).toContain(permission);
      const offered = offeredLogins(html);
      expect(offered).toContain(tenantA.users[0]!.userPrincipalName);
      expect(offered).not.toContain(tenantA.users[1]!.userPrincipalName);
      expect(offered).not.toContain(tenantB.users[0]!.userPrincipalName);
      expect(await consented(tenantA.id)).toBe(false);
    });

    it('cancel redirects with error=access_denied, error_description and state, and records nothing', async () => {
      const response = await submitConsent(tenantA.id, { decision: 'cancel' });
      const target = redirectTarget(response);
      expect(`${target.origin}${target.pathname}`).toBe(consentRedirect);
      expect(target.searchParams.get('error')).toBe('access_denied');
      expect(target.searchParams.get('error_subcode')).toBe('cancel');
      expect(target.searchParams.get('error_description')).toMatch(/^AADSTS65004: /);
      expect(target.searchParams.get('state')).toBe('state-123');
      expect(target.searchParams.has('tenant')).toBe(false);
      expect(await consented(tenantA.id)).toBe(false);
    });

    it('a non-administrator cannot grant consent: access_denied with AADSTS90094', async () => {
      const response = await submitConsent(tenantA.id, {
        decision: 'accept',
        login: tenantA.users[1]!.userPrincipalName,
      });
      const target = redirectTarget(response);
      expect(target.searchParams.get('error')).toBe('access_denied');
      expect(target.searchParams.get('error_subcode')).toBeNull();
      expect(target.searchParams.get('error_description')).toMatch(/^AADSTS90094: /);
      expect(target.searchParams.get('state')).toBe('state-123');
      expect(await consented(tenantA.id)).toBe(false);
    });

    it('approving redirects with admin_consent=True, tenant, scope and state, and records consent', async () => {
      const response = await submitConsent(tenantA.id, { decision: 'accept' });
      const target = redirectTarget(response);
      expect(`${target.origin}${target.pathname}`).toBe(consentRedirect);
      expect(target.searchParams.get('admin_consent')).toBe('True');
      expect(target.searchParams.get('tenant')).toBe(tenantA.id);
      expect(target.searchParams.get('scope')).toBe(graphDefault);
      expect(target.searchParams.get('state')).toBe('state-123');
      expect(target.searchParams.has('error')).toBe(false);

      const listed = await control<TenantsList>(emulator, agent, 'GET', '/tenants');
      const recorded = listed.tenants.find((t) => t.id === tenantA.id);
      expect(recorded?.consented).toBe(true);
      expect([...(recorded?.permissions ?? [])].sort()).toEqual([...rosterPermissions].sort());
    });

    it('client credentials fail before consent (AADSTS700016) and succeed once an admin approves', async () => {
      await control(emulator, agent, 'DELETE', `/tenants/${tenantA.id}/consent`);
      const error = await msalFailure(
        msalClient(emulator, tenantA.id, agent).acquireTokenByClientCredential({
          scopes: [graphDefault],
        }),
      );
      expect(error.errorCode).toBe('unauthorized_client');
      expect(String(error.errorNo)).toBe('700016');

      const approval = await submitConsent(tenantA.id, { decision: 'accept' });
      expect(redirectTarget(approval).searchParams.get('admin_consent')).toBe('True');

      const result = await msalClient(emulator, tenantA.id, agent).acquireTokenByClientCredential({
        scopes: [graphDefault],
      });
      expect(result).not.toBeNull();
      expect(decodeJwt(result!.accessToken)['tid']).toBe(tenantA.id);
      const users = await request(emulator, agent, '/v1.0/users?$top=1', {
        headers: { authorization: `Bearer ${result!.accessToken}` },
      });
      expect(users.status).toBe(200);
    });

    it('an unregistered redirect_uri gets an AADSTS50011 error page and no redirect', async () => {
      const evil = 'https://evil.example/callback';
      const path = `/${tenantB.id}/v2.0/adminconsent?${consentQuery({ redirect_uri: evil })}`;
      const page = await request(emulator, agent, path);
      expect(page.status === 302 || page.status === 303).toBe(false);
      expect(page.headers.get('location')).toBeNull();
      const html = await page.text();
      expect(html).toContain('AADSTS50011');
      expect(html).not.toContain('<form');

      // Posting an approval straight at the endpoint is refused the same way.
      const posted = await request(emulator, agent, path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: emulator.app.clientId,
          redirect_uri: evil,
          state: 'state-123',
          scope: graphDefault,
          decision: 'accept',
          login: tenantB.users[0]!.userPrincipalName,
        }).toString(),
      });
      expect(posted.headers.get('location')).toBeNull();
      expect(await posted.text()).toContain('AADSTS50011');
      expect(await consented(tenantB.id)).toBe(false);
    });

    it("/organizations/v2.0/adminconsent lets an admin of any tenant consent for the admin's own tenant", async () => {
      const query = consentQuery({ state: 'org-state' });
      const page = await request(emulator, agent, `/organizations/v2.0/adminconsent?${query}`);
      expect(page.status).toBe(200);
      const offered = offeredLogins(await page.text());
      expect(offered).toContain(tenantA.users[0]!.userPrincipalName);
      expect(offered).toContain(tenantB.users[0]!.userPrincipalName);

      const response = await submitConsent(
        'organizations',
        { decision: 'accept', login: tenantB.users[0]!.userPrincipalName },
        query,
      );
      const target = redirectTarget(response);
      expect(target.searchParams.get('admin_consent')).toBe('True');
      expect(target.searchParams.get('tenant')).toBe(tenantB.id);
      expect(target.searchParams.get('state')).toBe('org-state');
      expect(await consented(tenantB.id)).toBe(true);
    });
  });

  describe('authorization code with PKCE', () => {
    const apiScope = () => `${emulator.app.identifierUri}/access_as_user`;

    /** Starts sign-in with MSAL's URL, submits the account page, returns the redirect's query. */
    const signIn = async (
      tenantId: string,
      login: string,
      pkce: { challenge: string },
      loginHint?: string,
    ): Promise<URLSearchParams> => {
      const authorizeUrl = await msalClient(emulator, tenantId, agent).getAuthCodeUrl({
        scopes: [apiScope()],
        redirectUri: signInRedirect,
        codeChallenge: pkce.challenge,
        codeChallengeMethod: 'S256',
        state: 'sign-in-state',
        ...(loginHint !== undefined ? { loginHint } : {}),
      });
      const url = new URL(authorizeUrl);
      expect(url.origin).toBe(emulator.url);
      expect(url.pathname).toBe(`/${tenantId}/oauth2/v2.0/authorize`);
      const path = `${url.pathname}${url.search}`;
      const page = await request(emulator, agent, path);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(offeredLogins(html)).toContain(login);
      const fields = formFields(html, loginHint === undefined ? { login } : {});
      expect(fields.get('login')).toBe(login);
      const response = await request(emulator, agent, path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: fields.toString(),
      });
      const target = redirectTarget(response);
      expect(`${target.origin}${target.pathname}`).toBe(signInRedirect);
      expect(target.searchParams.get('state')).toBe('sign-in-state');
      expect(target.searchParams.get('error')).toBeNull();
      return target.searchParams;
    };

    const verifyAccessToken = async (token: string, tenantId: string): Promise<JWTPayload> => {
      const keys = await request(emulator, agent, `/${tenantId}/discovery/v2.0/keys`);
      expect(keys.status).toBe(200);
      const jwks = (await keys.json()) as JSONWebKeySet;
      const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
        algorithms: ['RS256'],
        issuer: `${emulator.url}/${tenantId}/v2.0`,
        audience: emulator.app.clientId,
      });
      return payload;
    };

    const redeemRaw = (tenantId: string, fields: Record<string, string>) =>
      request(emulator, agent, `/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: emulator.app.clientId,
          client_secret: emulator.app.clientSecret,
          grant_type: 'authorization_code',
          redirect_uri: signInRedirect,
          scope: apiScope(),
          ...fields,
        }).toString(),
      });

    it("the admin demo user signs in with login_hint and MSAL redeems the code for a token for Roster's API", async () => {
      const admin = tenantA.users[0]!;
      const pkce = await new CryptoProvider().generatePkceCodes();
      const reply = await signIn(
        tenantA.id,
        admin.userPrincipalName,
        pkce,
        admin.userPrincipalName,
      );
      const code = reply.get('code');
      expect(code).toBeTruthy();

      const result = await msalClient(emulator, tenantA.id, agent).acquireTokenByCode({
        code: code!,
        scopes: [apiScope()],
        redirectUri: signInRedirect,
        codeVerifier: pkce.verifier,
      });
      expect(result.tenantId).toBe(tenantA.id);
      expect(result.account?.username).toBe(admin.userPrincipalName);
      expect(result.uniqueId).toBe(admin.id);

      const claims = await verifyAccessToken(result.accessToken, tenantA.id);
      expect(claims.aud).toBe(emulator.app.clientId);
      expect(String(claims['scp']).split(' ')).toContain('access_as_user');
      expect(claims['tid']).toBe(tenantA.id);
      expect(claims['oid']).toBe(admin.id);
      expect(claims['preferred_username']).toBe(admin.userPrincipalName);
      expect(claims['wids']).toContain(DirectoryRole.globalAdministrator);
    });

    it('the non-admin demo user, picked on the account page, gets a token with no admin role', async () => {
      const member = tenantA.users[1]!;
      const pkce = await new CryptoProvider().generatePkceCodes();
      const reply = await signIn(tenantA.id, member.userPrincipalName, pkce);
      const result = await msalClient(emulator, tenantA.id, agent).acquireTokenByCode({
        code: reply.get('code')!,
        scopes: [apiScope()],
        redirectUri: signInRedirect,
        codeVerifier: pkce.verifier,
      });
      const claims = await verifyAccessToken(result.accessToken, tenantA.id);
      expect(claims['oid']).toBe(member.id);
      expect(String(claims['scp']).split(' ')).toContain('access_as_user');
      const wids = Array.isArray(claims['wids']) ? (claims['wids'] as string[]) : [];
      for (const role of adminRoles) expect(wids).not.toContain(role);
    });

    it('a wrong code_verifier is refused with invalid_grant (AADSTS501481)', async () => {
      const admin = tenantA.users[0]!;
      const pkce = await new CryptoProvider().generatePkceCodes();
      const other = await new CryptoProvider().generatePkceCodes();
      const reply = await signIn(
        tenantA.id,
        admin.userPrincipalName,
        pkce,
        admin.userPrincipalName,
      );
      const response = await redeemRaw(tenantA.id, {
        code: reply.get('code')!,
        code_verifier: other.verifier,
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; error_codes: number[] };
      expect(body.error).toBe('invalid_grant');
      expect(body.error_codes).toEqual([501481]);

      // MSAL sees the same refusal.
      const error = await msalFailure(
        msalClient(emulator, tenantA.id, agent).acquireTokenByCode({
          code: reply.get('code')!,
          scopes: [apiScope()],
          redirectUri: signInRedirect,
          codeVerifier: other.verifier,
        }),
      );
      expect(error.errorCode).toBe('invalid_grant');
    });

    it('an authorization code is single-use: the second redemption fails with AADSTS54005', async () => {
      const admin = tenantA.users[0]!;
      const pkce = await new CryptoProvider().generatePkceCodes();
      const reply = await signIn(
        tenantA.id,
        admin.userPrincipalName,
        pkce,
        admin.userPrincipalName,
      );
      const fields = { code: reply.get('code')!, code_verifier: pkce.verifier };

      const first = await redeemRaw(tenantA.id, fields);
      expect(first.status).toBe(200);
      const tokens = (await first.json()) as { access_token: string; token_type: string };
      expect(tokens.token_type).toBe('Bearer');
      await verifyAccessToken(tokens.access_token, tenantA.id);

      const second = await redeemRaw(tenantA.id, fields);
      expect(second.status).toBe(400);
      const body = (await second.json()) as { error: string; error_codes: number[] };
      expect(body.error).toBe('invalid_grant');
      expect(body.error_codes).toEqual([54005]);
    });
  });
});
