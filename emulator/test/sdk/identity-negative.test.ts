// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { createHash, generateKeyPairSync, randomUUID, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { ServerError } from '@azure/msal-node';
import { GraphError } from '@microsoft/microsoft-graph-client';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterPermissions } from '../../src/identity/app-registration.js';
import { startEmulator, type RunningEmulator } from '../../src/start-emulator.js';
import { generateTenants } from '../../src/tenant/generate-tenant.js';
import type { TenantData } from '../../src/tenant/tenant-data.js';
import { control, request } from '../support/control-plane.js';
import { graphClient, graphToken, msalClient, trustingAgent } from '../support/sdk-clients.js';

/** Graph's error body: `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`. */
interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: { date: string; 'request-id': string; 'client-request-id': string };
  };
}

/** Graph stamps `innerError.date` to the second, without a zone: `2025-05-30T12:00:00`. */
const graphDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks a Graph error body and that its innerError names this very request. */
function expectGraphError(
  body: GraphErrorBody,
  headers: { get(name: string): string | null },
  code: string,
) {
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.innerError.date).toMatch(graphDate);
  expect(body.error.innerError['request-id']).toMatch(uuid);
  expect(body.error.innerError['request-id']).toBe(headers.get('request-id'));
}

/** Calls Graph with exactly the Authorization header given (or none). */
async function rawGraph(
  emulator: RunningEmulator,
  agent: Agent,
  path: string,
  token: string | undefined,
  extraHeaders: Record<string, string> = {},
) {
  const headers: Record<string, string> = { ...extraHeaders };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  const response = await request(emulator, agent, `/v1.0${path}`, { headers });
  return { response, body: (await response.json()) as GraphErrorBody };
}

/** The GraphError the Graph SDK rejects with; fails the test if the call succeeded. */
async function graphFailure(call: Promise<unknown>): Promise<GraphError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('Graph answered the request instead of refusing it');
}

/** The ServerError MSAL rejects with; fails the test if a token came back. */
async function msalFailure(call: Promise<unknown>): Promise<ServerError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('MSAL got a token instead of an error');
}

const graphScope = { scopes: ['https://graph.microsoft.com/.default'] };

async function mintToken(
  emulator: RunningEmulator,
  agent: Agent,
  tenantId: string,
  body: Record<string, unknown>,
): Promise<string> {
  const minted = await control<{ access_token: string }>(
    emulator,
    agent,
    'POST',
    `/tenants/${tenantId}/tokens`,
    body,
  );
  return minted.access_token;
}

/** A fresh RSA key and a self-signed certificate for it, as an app owner would upload. */
async function clientCertificate(): Promise<{
  certificatePem: string;
  privateKeyPem: string;
  thumbprintSha256: string;
}> {
  const algorithm = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomUUID().replaceAll('-', '').replace(/^./, '1'),
    name: 'CN=Roster test client',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + 30 * 24 * 3600_000),
    keys,
    signingAlgorithm: algorithm,
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    thumbprintSha256: createHash('sha256').update(Buffer.from(certificate.rawData)).digest('hex'),
  };
}

interface TenantsList {
  tenants: { id: string; consented: boolean; permissions: string[] }[];
}

describe('Graph and Entra refuse what they cannot authorize', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  let tenantA: TenantData;
  let tenantB: TenantData;

  beforeAll(async () => {
    const tenants = generateTenants(2, { usersPerTenant: 20, seed: 1 });
    tenantA = tenants[0]!;
    tenantB = tenants[1]!;
    emulator = await startEmulator({ tenants });
    agent = trustingAgent(emulator);
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });

  describe('Graph without a usable token', () => {
    it('answers 401 InvalidAuthenticationToken with WWW-Authenticate when no bearer token is sent', async () => {
      const clientRequestId = randomUUID();
      const { response, body } = await rawGraph(emulator, agent, '/users', undefined, {
        'client-request-id': clientRequestId,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect(response.headers.get('www-authenticate')).toContain('authorization_uri=');
      expectGraphError(body, response.headers, 'InvalidAuthenticationToken');
      expect(body.error.message).toBe('Access token is empty.');
      expect(body.error.innerError['client-request-id']).toBe(clientRequestId);
    });

    it('answers 401 to a token that is not a JWT', async () => {
      const { response, body } = await rawGraph(emulator, agent, '/users', 'not-a-jwt');
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expectGraphError(body, response.headers, 'InvalidAuthenticationToken');
      expect(body.error.message).toMatch(/^IDX14100: JWT is not well formed/);
    });

    it('answers 401 with WWW-Authenticate to an expired token', async () => {
      const expired = await mintToken(emulator, agent, tenantA.id, {
        kind: 'app',
        claims: { exp: Math.floor(Date.now() / 1000) - 600 },
      });
      const { response, body } = await rawGraph(emulator, agent, '/users', expired);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expectGraphError(body, response.headers, 'InvalidAuthenticationToken');
      expect(body.error.message).toBe('Lifetime validation failed, the token is expired.');
    });

    it('answers 401 to a token whose payload was changed after Entra signed it', async () => {
      const token = await graphToken(emulator, tenantA.id, agent);
      const [header, payload, signature] = token.split('.');
      const claims = decodeJwt(token);
      const widened = Buffer.from(
        JSON.stringify({ ...claims, roles: ['Directory.ReadWrite.All'] }),
      ).toString('base64url');
      expect(widened).not.toBe(payload);
      const { response, body } = await rawGraph(
        emulator,
        agent,
        '/users',
        `${header}.${widened}.${signature}`,
      );
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expectGraphError(body, response.headers, 'InvalidAuthenticationToken');
    });

    it('answers 401 to a token signed with a key Entra never published, even under its kid', async () => {
      const genuine = await graphToken(emulator, tenantA.id, agent);
      const { kid } = decodeProtectedHeader(genuine);
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const forged = await new SignJWT(decodeJwt(genuine))
        .setProtectedHeader({ typ: 'JWT', alg: 'RS256', ...(kid !== undefined ? { kid } : {}) })
        .sign(privateKey);
      const { response, body } = await rawGraph(emulator, agent, '/users', forged);
      expect(response.status).toBe(401);
      expectGraphError(body, response.headers, 'InvalidAuthenticationToken');
    });

    it("answers 401 to a user token issued for Roster's own API rather than for Graph", async () => {
      const admin = tenantA.users[0]!;
      const apiToken = await mintToken(emulator, agent, tenantA.id, {
        kind: 'user',
        userId: admin.id,
      });
      expect(decodeJwt(apiToken).aud).toBe(emulator.app.clientId);
      const { response, body } = await rawGraph(emulator, agent, '/users', apiToken);
      expect(response.status).toBe(401);
      expectGraphError(body, response.headers, 'InvalidAuthenticationToken');
      expect(body.error.message).toContain('Invalid audience');
    });

    it('answers 401 to a well-signed token for a tenant the service does not know', async () => {
      const stranger = await mintToken(emulator, agent, tenantA.id, {
        kind: 'app',
        claims: { tid: randomUUID() },
      });
      const { response, body } = await rawGraph(emulator, agent, '/users', stranger);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expectGraphError(body, response.headers, 'InvalidAuthenticationToken');
    });

    it('the Graph SDK surfaces a 401 as a GraphError carrying the code, request id and date', async () => {
      const client = graphClient(emulator, agent, () => Promise.resolve('not-a-jwt'));
      const error = await graphFailure(client.api('/users').get());
      expect(error.statusCode).toBe(401);
      expect(error.code).toBe('InvalidAuthenticationToken');
      expect(error.requestId).toMatch(uuid);
      expect(Number.isNaN(error.date.getTime())).toBe(false);
      expect(error.headers?.get('www-authenticate')).toMatch(/^Bearer /);
    });
  });

  describe('tenant isolation', () => {
    it("a tenant A token reads tenant A's user", async () => {
      const userOfA = tenantA.users[5]!;
      const client = graphClient(emulator, agent, () => graphToken(emulator, tenantA.id, agent));
      const user = (await client.api(`/users/${userOfA.id}`).select('id').get()) as { id: string };
      expect(user.id).toBe(userOfA.id);
    });

    it("a tenant B token gets 404 Request_ResourceNotFound for tenant A's user", async () => {
      const userOfA = tenantA.users[5]!;
      const token = await graphToken(emulator, tenantB.id, agent);
      expect(decodeJwt(token)['tid']).toBe(tenantB.id);
      const client = graphClient(emulator, agent, () => Promise.resolve(token));
      const error = await graphFailure(client.api(`/users/${userOfA.id}`).get());
      expect(error.statusCode).toBe(404);
      expect(error.code).toBe('Request_ResourceNotFound');
      expect(error.message).toContain(userOfA.id);
      expect(error.requestId).toMatch(uuid);
    });

    it("a tenant B token lists tenant B's users and none of tenant A's", async () => {
      const client = graphClient(emulator, agent, () => graphToken(emulator, tenantB.id, agent));
      const page = (await client.api('/users').select('id').top(999).get()) as {
        value: { id: string }[];
      };
      const listed = new Set(page.value.map((u) => u.id));
      expect(listed.size).toBe(tenantB.users.length);
      for (const user of tenantB.users) expect(listed.has(user.id)).toBe(true);
      for (const user of tenantA.users) expect(listed.has(user.id)).toBe(false);
    });
  });

  describe('permissions', () => {
    it('an app token with no roles gets 403 Authorization_RequestDenied', async () => {
      const token = await mintToken(emulator, agent, tenantA.id, { kind: 'app', roles: [] });
      expect(decodeJwt(token)['roles']).toBeUndefined();
      const client = graphClient(emulator, agent, () => Promise.resolve(token));
      const error = await graphFailure(client.api('/users').get());
      expect(error.statusCode).toBe(403);
      expect(error.code).toBe('Authorization_RequestDenied');
      expect(error.message).toBe('Insufficient privileges to complete the operation.');
      expect(error.requestId).toMatch(uuid);
      const body = JSON.parse(String(error.body)) as GraphErrorBody['error'];
      expect(body.innerError.date).toMatch(graphDate);
      expect(body.innerError['request-id']).toBe(error.requestId);
    });

    it('consent without MailboxSettings.Read: users are readable, mailbox settings are 403 ErrorAccessDenied', async () => {
      await control(emulator, agent, 'POST', `/tenants/${tenantB.id}/consent`, {
        permissions: ['User.Read.All'],
      });
      try {
        const token = await graphToken(emulator, tenantB.id, agent);
        expect(decodeJwt(token)['roles']).toEqual(['User.Read.All']);
        const client = graphClient(emulator, agent, () => Promise.resolve(token));
        const member = tenantB.users[1]!;
        const user = (await client.api(`/users/${member.id}`).select('id').get()) as { id: string };
        expect(user.id).toBe(member.id);
        const error = await graphFailure(client.api(`/users/${member.id}/mailboxSettings`).get());
        expect(error.statusCode).toBe(403);
        expect(error.code).toBe('ErrorAccessDenied');
      } finally {
        await control(emulator, agent, 'POST', `/tenants/${tenantB.id}/consent`, {});
      }
    });
  });

  describe('client credentials at the token endpoint', () => {
    it('a tenant without admin consent: MSAL rejects with AADSTS700016 unauthorized_client', async () => {
      await control(emulator, agent, 'DELETE', `/tenants/${tenantB.id}/consent`);
      try {
        const listed = await control<TenantsList>(emulator, agent, 'GET', '/tenants');
        expect(listed.tenants.find((t) => t.id === tenantB.id)?.consented).toBe(false);
        const error = await msalFailure(
          msalClient(emulator, tenantB.id, agent).acquireTokenByClientCredential(graphScope),
        );
        expect(error.errorCode).toBe('unauthorized_client');
        expect(String(error.errorNo)).toBe('700016');
        expect(error.errorMessage).toContain(
          `AADSTS700016: Application with identifier '${emulator.app.clientId}' was not found in the directory`,
        );
        // The other tenant is unaffected.
        await expect(graphToken(emulator, tenantA.id, agent)).resolves.toMatch(/\./);
      } finally {
        await control(emulator, agent, 'POST', `/tenants/${tenantB.id}/consent`, {});
      }
    });

    it('granting consent again lets MSAL get a token with every consented role', async () => {
      await control(emulator, agent, 'DELETE', `/tenants/${tenantB.id}/consent`);
      await msalFailure(
        msalClient(emulator, tenantB.id, agent).acquireTokenByClientCredential(graphScope),
      );
      await control(emulator, agent, 'POST', `/tenants/${tenantB.id}/consent`, {});
      const result = await msalClient(emulator, tenantB.id, agent).acquireTokenByClientCredential(
        graphScope,
      );
      expect(result).not.toBeNull();
      const claims = decodeJwt(result!.accessToken);
      expect(claims['tid']).toBe(tenantB.id);
      expect([...(claims['roles'] as string[])].sort()).toEqual([...rosterPermissions].sort());
    });

    it('a wrong client secret: MSAL rejects with AADSTS7000215 invalid_client', async () => {
      const client = msalClient(emulator, tenantA.id, agent, {
        clientSecret: `${emulator.app.clientSecret}-wrong`,
      });
      const error = await msalFailure(client.acquireTokenByClientCredential(graphScope));
      expect(error.errorCode).toBe('invalid_client');
      expect(String(error.errorNo)).toBe('7000215');
      expect(error.errorMessage).toContain('AADSTS7000215: Invalid client secret provided.');
    });

    it('a registered certificate: MSAL signs an assertion and gets a Graph token (appidacr 2)', async () => {
      const cert = await clientCertificate();
      await control(emulator, agent, 'PATCH', '/app', { certificates: [cert.certificatePem] });
      try {
        const client = msalClient(emulator, tenantA.id, agent, {
          clientCertificate: {
            thumbprintSha256: cert.thumbprintSha256,
            privateKey: cert.privateKeyPem,
          },
        });
        const result = await client.acquireTokenByClientCredential(graphScope);
        expect(result).not.toBeNull();
        const claims = decodeJwt(result!.accessToken);
        expect(claims['appid']).toBe(emulator.app.clientId);
        expect(claims['appidacr']).toBe('2');
        const graph = graphClient(emulator, agent, () => Promise.resolve(result!.accessToken));
        const page = (await graph.api('/users').top(1).get()) as { value: unknown[] };
        expect(page.value).toHaveLength(1);
      } finally {
        await control(emulator, agent, 'PATCH', '/app', { certificates: [] });
      }
    });

    it('an unregistered certificate: MSAL rejects with AADSTS700027 invalid_client (key not found)', async () => {
      const registered = await clientCertificate();
      const unregistered = await clientCertificate();
      await control(emulator, agent, 'PATCH', '/app', {
        certificates: [registered.certificatePem],
      });
      try {
        const client = msalClient(emulator, tenantA.id, agent, {
          clientCertificate: {
            thumbprintSha256: unregistered.thumbprintSha256,
            privateKey: unregistered.privateKeyPem,
          },
        });
        const error = await msalFailure(client.acquireTokenByClientCredential(graphScope));
        expect(error.errorCode).toBe('invalid_client');
        expect(String(error.errorNo)).toBe('700027');
        expect(error.errorMessage).toContain(
          'AADSTS700027: Client assertion contains an invalid signature.',
        );
        expect(error.errorMessage).toContain('The key was not found.');
      } finally {
        await control(emulator, agent, 'PATCH', '/app', { certificates: [] });
      }
    });

    it("a registered certificate's thumbprint with another key's signature: AADSTS700027", async () => {
      const registered = await clientCertificate();
      const impostor = await clientCertificate();
      await control(emulator, agent, 'PATCH', '/app', {
        certificates: [registered.certificatePem],
      });
      try {
        const client = msalClient(emulator, tenantA.id, agent, {
          clientCertificate: {
            thumbprintSha256: registered.thumbprintSha256,
            privateKey: impostor.privateKeyPem,
          },
        });
        const error = await msalFailure(client.acquireTokenByClientCredential(graphScope));
        expect(error.errorCode).toBe('invalid_client');
        expect(String(error.errorNo)).toBe('700027');
        expect(error.errorMessage).toContain('did not match the expected signature value');
      } finally {
        await control(emulator, agent, 'PATCH', '/app', { certificates: [] });
      }
    });
  });
});

describe('token lifetime', () => {
  let emulator: RunningEmulator;
  let agent: Agent;
  let tenantId: string;

  beforeAll(async () => {
    emulator = await startEmulator({ users: 20, tokenLifetimeSeconds: 3600 });
    agent = trustingAgent(emulator);
    tenantId = emulator.tenants[0]!.id;
  });
  afterAll(async () => {
    await agent.close();
    await emulator.close();
  });

  it('a token MSAL obtained is refused with 401 once the clock passes its lifetime', async () => {
    const token = await graphToken(emulator, tenantId, agent);
    const before = await rawGraph(emulator, agent, '/users?$top=1', token);
    expect(before.response.status).toBe(200);

    await control(emulator, agent, 'POST', '/clock', { advanceSeconds: 3600 + 301 });

    const { response, body } = await rawGraph(emulator, agent, '/users?$top=1', token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expectGraphError(body, response.headers, 'InvalidAuthenticationToken');
    expect(body.error.message).toBe('Lifetime validation failed, the token is expired.');

    // A fresh token, issued on the moved clock, works again.
    const renewed = await graphToken(emulator, tenantId, agent);
    const after = await rawGraph(emulator, agent, '/users?$top=1', renewed);
    expect(after.response.status).toBe(200);
  });
});
