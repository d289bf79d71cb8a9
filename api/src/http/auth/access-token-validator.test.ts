import { createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { generateTenant, type GraphUser, type TenantData } from '@roster/emulator';
import {
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  SignJWT,
  type JWK,
  type JWTPayload,
} from 'jose';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../test/support/emulator-harness.js';
import { AppError } from '../../app-error.js';
import { trustingAgent } from '../../graph/trusting-agent.js';
import type { Clock } from '../../ports/clock.js';
import {
  createAccessTokenValidator,
  type AccessTokenValidator,
  type AccessTokenValidatorOptions,
} from './access-token-validator.js';
import { AuthenticationError } from './authentication-error.js';
import { defaultAdminRoleIds, requireAdmin } from './authorization.js';

const role = {
  global: '62e90394-69f5-4237-9190-012177145e10',
  application: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  cloudApplication: '158c047a-c907-4556-b7ef-446551a6b5f7',
  user: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
};

let h: Harness;
let tenant: TenantData;
let agent: Agent;
let validator: AccessTokenValidator;
/** An RSA key of our own: the identity provider never published it. */
let strangerKey: CryptoKey;
const otherTenantId = randomUUID();

const user = (index: number): GraphUser => tenant.users[index]!;
const epochSeconds = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function validatorWith(overrides: Partial<AccessTokenValidatorOptions> = {}): AccessTokenValidator {
  return createAccessTokenValidator({
    authorityHost: h.emulator.url,
    audiences: [h.emulator.app.clientId, h.emulator.app.identifierUri],
    adminRoleIds: defaultAdminRoleIds,
    agent,
    ...overrides,
  });
}

/** The error code a validation rejects with, or `accepted`. */
async function outcome(header: string | undefined, v = validator): Promise<string> {
  try {
    await v.validate(header);
    return 'accepted';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

const bearer = (token: string) => `Bearer ${token}`;
const appIdUri = () => h.emulator.app.identifierUri;
const issuerOf = (tid: string) => `${h.emulator.url}/${tid}/v2.0`;
const adminToken = (claims?: Record<string, unknown>) => h.userToken(user(0).id, claims);

async function publishedKeys(): Promise<JWK[]> {
  const response = await fetch(`${h.emulator.url}/common/discovery/v2.0/keys`, {
    dispatcher: agent,
  });
  return ((await response.json()) as { keys: JWK[] }).keys;
}

/** A token with a real token's claims, signed by a key the identity provider never published. */
async function signedByStranger(kid: string, payload?: JWTPayload): Promise<string> {
  return new SignJWT(payload ?? decodeJwt(await adminToken()))
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .sign(strangerKey);
}

beforeAll(async () => {
  tenant = generateTenant({ users: 40, seed: 21 });
  h = await startHarness({ tenants: [tenant] });
  agent = trustingAgent(h.emulator.caCertPath);
  validator = validatorWith();
  ({ privateKey: strangerKey } = await generateKeyPair('RS256'));
}, 60_000);

afterAll(async () => {
  await agent.close();
  await h.close();
});

describe('createAccessTokenValidator: the demo accounts', () => {
  it.each([
    { index: 0, account: 'admin', roles: [role.global], isAdmin: true },
    { index: 1, account: 'riley.ashcombe', roles: [], isAdmin: false },
    { index: 2, account: 'jordan.feld', roles: [role.application], isAdmin: true },
    { index: 3, account: 'sasha.okonkwo', roles: [role.cloudApplication], isAdmin: true },
    { index: 4, account: 'priya.raman', roles: [role.user], isAdmin: false },
  ])('$account: admin $isAdmin', async ({ index, account, roles, isAdmin }) => {
    const demo = user(index);
    expect(demo.userPrincipalName.startsWith(`${account}@`)).toBe(true);

    const caller = await validator.validate(bearer(await h.userToken(demo.id)));

    expect(caller).toEqual({
      tenantId: tenant.id,
      userId: demo.id,
      name: demo['displayName'],
      username: demo.userPrincipalName,
      roles,
      isAdmin,
    });
    if (isAdmin) expect(requireAdmin(caller)).toBe(caller);
    else expect(() => requireAdmin(caller)).toThrow(expect.objectContaining({ code: 'not_admin' }));
  });
});

describe('createAccessTokenValidator: tokens it accepts', () => {
  it.each<[string, () => Promise<string>]>([
    ['the scheme in lower case', async () => `bearer ${await adminToken()}`],
    ['the App ID URI as audience', async () => bearer(await adminToken({ aud: appIdUri() }))],
    [
      'other scopes next to access_as_user',
      async () => bearer(await adminToken({ scp: 'User.Read access_as_user' })),
    ],
    [
      'expired 30 s ago (within the skew)',
      async () => bearer(await adminToken({ exp: epochSeconds() - 30 })),
    ],
    [
      'valid in 30 s (within the skew)',
      async () => bearer(await adminToken({ nbf: epochSeconds() + 30 })),
    ],
  ])('%s', async (_name, header) => {
    expect(await outcome(await header())).toBe('accepted');
  });

  it('remembers a verified token until it expires, and not a moment longer', async () => {
    let offsetMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
    const remembering = validatorWith({ clock, clockSkewSeconds: 0 });
    const header = bearer(await adminToken({ exp: epochSeconds() + 120 }));
    expect(await outcome(header, remembering)).toBe('accepted');
    expect(await outcome(header, remembering)).toBe('accepted');
    offsetMs = 121_000;
    expect(await outcome(header, remembering)).toBe('token_expired');
    // Another token of the same caller is verified on its own.
    expect(await outcome(`${header}x`, remembering)).toBe('invalid_token');
  });

  it('honours a smaller clock skew', async () => {
    const strict = validatorWith({ clockSkewSeconds: 0 });
    expect(await outcome(bearer(await adminToken({ exp: epochSeconds() - 30 })), strict)).toBe(
      'token_expired',
    );
  });
});

describe('createAccessTokenValidator: attacks', () => {
  it.each<[string, string, () => Promise<string | undefined>]>([
    ['no Authorization header', 'missing_token', () => Promise.resolve(undefined)],
    ['an empty header', 'missing_token', () => Promise.resolve('')],
    ['another scheme', 'missing_token', () => Promise.resolve('Basic cm9zdGVyOnNlY3JldA==')],
    ['Bearer without a token', 'missing_token', () => Promise.resolve('Bearer')],
    ['a token without the scheme', 'missing_token', async () => adminToken()],
    ['garbage', 'invalid_token', () => Promise.resolve('Bearer not-a-token')],
    ['three garbage segments', 'invalid_token', () => Promise.resolve('Bearer abc.def.ghi')],
    [
      'expired an hour ago',
      'token_expired',
      async () =>
        bearer(
          await adminToken({
            iat: epochSeconds() - 7200,
            nbf: epochSeconds() - 7200,
            exp: epochSeconds() - 3600,
          }),
        ),
    ],
    [
      'expired beyond the skew',
      'token_expired',
      async () => bearer(await adminToken({ exp: epochSeconds() - 90 })),
    ],
    [
      'not valid yet',
      'invalid_token',
      async () => bearer(await adminToken({ nbf: epochSeconds() + 600 })),
    ],
    ['no exp', 'invalid_token', async () => bearer(await adminToken({ exp: null }))],
    [
      "Graph's audience",
      'invalid_token',
      async () => bearer(await adminToken({ aud: 'https://graph.microsoft.com' })),
    ],
    [
      "another app's audience",
      'invalid_token',
      async () => bearer(await adminToken({ aud: randomUUID() })),
    ],
    [
      "another tenant's issuer with this tid",
      'invalid_token',
      async () => bearer(await adminToken({ iss: issuerOf(otherTenantId) })),
    ],
    [
      'the v1 issuer (sts.windows.net)',
      'invalid_token',
      async () => bearer(await adminToken({ iss: `https://sts.windows.net/${tenant.id}/` })),
    ],
    [
      "another authority's issuer",
      'invalid_token',
      async () =>
        bearer(await adminToken({ iss: `https://login.microsoftonline.com/${tenant.id}/v2.0` })),
    ],
    [
      'the issuer with a trailing slash',
      'invalid_token',
      async () => bearer(await adminToken({ iss: `${issuerOf(tenant.id)}/` })),
    ],
    [
      "a tid that is not the issuer's",
      'invalid_token',
      async () => bearer(await adminToken({ tid: otherTenantId })),
    ],
    ['no tid', 'invalid_token', async () => bearer(await adminToken({ tid: null }))],
    [
      'the common endpoint as tenant',
      'invalid_token',
      async () => bearer(await adminToken({ tid: 'common', iss: issuerOf('common') })),
    ],
    [
      "the discovery document's issuer template",
      'invalid_token',
      async () => bearer(await adminToken({ tid: '{tenantid}', iss: issuerOf('{tenantid}') })),
    ],
    [
      'an oid that is not a GUID',
      'invalid_token',
      async () => bearer(await adminToken({ oid: 'admin' })),
    ],
    [
      'wids that are not a list',
      'invalid_token',
      async () => bearer(await adminToken({ wids: role.global })),
    ],
    ['no scp', 'insufficient_scope', async () => bearer(await adminToken({ scp: null }))],
    [
      'scp without access_as_user',
      'insufficient_scope',
      async () => bearer(await adminToken({ scp: 'User.Read' })),
    ],
    [
      'a scope that only starts like access_as_user',
      'insufficient_scope',
      async () => bearer(await adminToken({ scp: 'access_as_user_all' })),
    ],
    [
      'an app-only token for the API (roles, no scp)',
      'insufficient_scope',
      async () => {
        const minted = await h.control<{ access_token: string }>(
          'POST',
          `/tenants/${tenant.id}/tokens`,
          {
            kind: 'app',
            roles: ['Directory.Admin'],
            claims: { aud: h.emulator.app.clientId, iss: issuerOf(tenant.id), ver: '2.0' },
          },
        );
        return bearer(minted.access_token);
      },
    ],
    [
      'an app-only token for Graph, as Entra issues it',
      'invalid_token',
      async () => {
        const minted = await h.control<{ access_token: string }>(
          'POST',
          `/tenants/${tenant.id}/tokens`,
          { kind: 'app' },
        );
        return bearer(minted.access_token);
      },
    ],
    [
      'alg none, unsigned',
      'invalid_token',
      async () => {
        const real = await adminToken();
        const { kid } = decodeProtectedHeader(real);
        return bearer(`${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(decodeJwt(real))}.`);
      },
    ],
    [
      'HS256 keyed with the public key',
      'invalid_token',
      async () => {
        const [jwk] = await publishedKeys();
        const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
          .export({ type: 'spki', format: 'pem' })
          .toString();
        const claims = decodeJwt(await adminToken());
        return bearer(
          await new SignJWT(claims)
            .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: jwk?.kid ?? '' })
            .sign(new TextEncoder().encode(pem)),
        );
      },
    ],
    [
      'signed by a stranger under a published kid',
      'invalid_token',
      async () =>
        bearer(await signedByStranger(decodeProtectedHeader(await adminToken()).kid ?? '')),
    ],
    [
      'a tampered payload (riley made Global Administrator)',
      'invalid_token',
      async () => {
        const real = await h.userToken(user(1).id);
        const [header, , signature] = real.split('.');
        const claims = { ...decodeJwt(real), wids: [role.global] };
        return bearer(`${header ?? ''}.${b64(claims)}.${signature ?? ''}`);
      },
    ],
    [
      'no kid',
      'invalid_token',
      async () => {
        const real = await adminToken();
        const [, payload, signature] = real.split('.');
        return bearer(`${b64({ alg: 'RS256', typ: 'JWT' })}.${payload ?? ''}.${signature ?? ''}`);
      },
    ],
  ])('%s → %s', async (_name, code, header) => {
    expect(await outcome(await header())).toBe(code);
  });

  it('challenges as RFC 6750 asks', async () => {
    const refusal = async (header: string | undefined) =>
      validator.validate(header).then(
        () => undefined,
        (error: unknown) => error as AuthenticationError,
      );

    const missing = await refusal(undefined);
    expect([missing?.status, missing?.wwwAuthenticate]).toEqual([401, 'Bearer']);

    const expired = await refusal(bearer(await adminToken({ exp: epochSeconds() - 3600 })));
    expect(expired?.status).toBe(401);
    expect(expired?.wwwAuthenticate).toBe(
      'Bearer error="invalid_token", error_description="The token has expired."',
    );

    const scopeless = await refusal(bearer(await adminToken({ scp: 'User.Read' })));
    expect(scopeless?.status).toBe(403);
    expect(scopeless?.wwwAuthenticate).toMatch(
      /^Bearer error="insufficient_scope", error_description="[^"\\]+", scope="access_as_user"$/,
    );
  });
});

describe('createAccessTokenValidator: signing keys', () => {
  it('refuses to trust the emulator without its CA: TLS is never turned off', async () => {
    const untrusting = new Agent();
    try {
      const refusal = validatorWith({ agent: untrusting }).validate(bearer(await adminToken()));
      await expect(refusal).rejects.toMatchObject({
        code: 'signing_keys_unavailable',
        status: 503,
      });
    } finally {
      await untrusting.close();
    }
  });

  it(
    'finds a rotated key by refetching, at most once per cooldown, and every 24 h',
    { timeout: 20_000 },
    async () => {
      let offsetMs = 0;
      const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
      let fetches = 0;
      const counted = validatorWith({
        clock,
        fetchJwks: async (url) => {
          fetches += 1;
          return (await fetch(url, { dispatcher: agent })).json();
        },
      });
      // Tokens minted for the validator's clock, which runs ahead of the emulator's.
      const tokenNow = () => {
        const now = Math.floor(clock.now().getTime() / 1000);
        return adminToken({ iat: now, nbf: now, exp: now + 3600 });
      };
      const strangers = async (count: number) => {
        const claims = decodeJwt(await tokenNow());
        return Promise.all(
          Array.from({ length: count }, () => signedByStranger(randomUUID(), claims)),
        );
      };

      const before = await tokenNow();
      expect(await outcome(bearer(before), counted)).toBe('accepted');
      expect(fetches).toBe(1);

      const { kid } = await h.control<{ kid: string }>('POST', '/keys/rotate');
      const after = await tokenNow();
      expect(decodeProtectedHeader(after).kid).toBe(kid);
      // Within the cooldown of the first fetch the new kid is unknown and no fetch is made.
      expect(await outcome(bearer(after), counted)).toBe('invalid_token');
      expect(fetches).toBe(1);

      offsetMs += 31_000;
      expect(await outcome(bearer(after), counted)).toBe('accepted');
      expect(fetches).toBe(2);
      // The previous key stays published, so tokens it signed still pass without a fetch.
      expect(await outcome(bearer(before), counted)).toBe('accepted');
      expect(fetches).toBe(2);

      for (const forged of await strangers(20)) {
        expect(await outcome(bearer(forged), counted)).toBe('invalid_token');
      }
      expect(fetches).toBe(2);

      offsetMs += 31_000;
      const burst = await Promise.all(
        (await strangers(10)).map((forged) => outcome(bearer(forged), counted)),
      );
      expect(new Set(burst)).toEqual(new Set(['invalid_token']));
      expect(fetches).toBe(3);
      expect(await outcome(bearer((await strangers(1))[0]!), counted)).toBe('invalid_token');
      expect(fetches).toBe(3);

      offsetMs += 24 * 3600_000;
      expect(await outcome(bearer(await tokenNow()), counted)).toBe('accepted');
      expect(fetches).toBe(4);
    },
  );
});
