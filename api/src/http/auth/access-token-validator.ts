import { decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { fetch, type Agent } from 'undici';
import { AppError } from '../../app-error.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { AuthenticationError, requiredScope } from './authentication-error.js';
import { JwksCache, type FetchJwks } from './jwks-cache.js';

/** Who made a request, as a validated Entra ID access token says. */
export interface Caller {
  /** The caller's tenant (`tid`), lower-case GUID. */
  readonly tenantId: string;
  /** The user's object id (`oid`), lower-case GUID. */
  readonly userId: string;
  readonly name: string;
  /** `preferred_username`: usually the UPN; for display only, never a key. */
  readonly username: string;
  /** Directory role template ids (`wids`). */
  readonly roles: readonly string[];
  /** Whether a role in `roles` is one of the configured admin roles. */
  readonly isAdmin: boolean;
}

export interface AccessTokenValidator {
  /** The caller an `Authorization` header proves; rejects with an AuthenticationError. */
  validate(authorizationHeader: string | undefined): Promise<Caller>;
}

export interface AccessTokenValidatorOptions {
  /** `https://login.microsoftonline.com` in production, the emulator's origin locally. */
  readonly authorityHost: string;
  /** Accepted `aud` values: the app's client id and its `api://…` App ID URI. */
  readonly audiences: readonly string[];
  /** Directory role template ids that make a caller an admin (see `defaultAdminRoleIds`). */
  readonly adminRoleIds: readonly string[];
  /** Carries the JWKS fetches; trusts the configured CA (see `trustingAgent`). */
  readonly agent: Agent;
  /** Replaces the HTTP GET of the key set, e.g. to count fetches in tests. */
  readonly fetchJwks?: FetchJwks;
  /** Tolerance for `exp` and `nbf` (default 60 s). */
  readonly clockSkewSeconds?: number;
  readonly clock?: Clock;
}

/** Tokens whose validation is remembered: a few thousand signed-in admins per instance. */
const verifiedTokensKept = 5_000;

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Validates Entra ID v2.0 user access tokens for Roster's API (Teams SSO or MSAL): RS256
 * only, signed by a key in Entra's JWKS, issued by the token's own tenant, for this app,
 * in date, with the `access_as_user` scope. Multi-tenant: any tenant's users may call;
 * what they may see is scoped by `tenantId` downstream.
 */
export function createAccessTokenValidator(
  options: AccessTokenValidatorOptions,
): AccessTokenValidator {
  const authority = authorityOrigin(options.authorityHost);
  if (options.audiences.length === 0) throw new Error('At least one audience is required.');
  const audiences = [...options.audiences];
  const adminRoleIds = new Set(options.adminRoleIds.map((id) => id.toLowerCase()));
  const clock = options.clock ?? systemClock;
  const clockTolerance = options.clockSkewSeconds ?? 60;
  // Every Entra tenant signs with the same keys, published (with an `issuer` template) at
  // `common`; one cache serves all tenants instead of one fetch per tenant.
  const keys = new JwksCache({
    url: `${authority}/common/discovery/v2.0/keys`,
    fetchJwks: options.fetchJwks ?? fetchOver(options.agent),
    clock,
  });

  // A tab sends the same token with every call for up to an hour: verifying its signature
  // once is enough. Kept until the token expires (never past it, skew aside), bounded.
  const verified = new Map<string, { caller: Caller; expiresMs: number }>();

  return {
    async validate(authorizationHeader) {
      const token = bearerToken(authorizationHeader);
      const known = verified.get(token);
      if (known !== undefined && clock.now().getTime() < known.expiresMs) return known.caller;
      const { kid, tid } = peek(token);
      // The issuer depends on the tenant, so it is derived from the unverified `tid` and
      // then checked exactly: a token of tenant A cannot claim tenant B's issuer.
      const issuer = `${authority}/${tid}/v2.0`;
      let keyIssuer: string | undefined;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(
          token,
          async () => {
            const resolved = await keys.resolve(kid);
            if (resolved === undefined)
              throw invalid('The token is not signed by a key the identity provider publishes.');
            keyIssuer = resolved.issuer;
            return resolved.key;
          },
          {
            algorithms: ['RS256'],
            issuer,
            audience: audiences,
            clockTolerance,
            currentDate: clock.now(),
            requiredClaims: ['exp', 'nbf'],
          },
        ));
      } catch (error) {
        throw verificationError(error);
      }
      const caller = callerFrom(payload, authority, keyIssuer, adminRoleIds);
      if (verified.size >= verifiedTokensKept) verified.clear();
      // requiredClaims made `exp` present; jwtVerify checked it is a number in the future.
      verified.set(token, { caller, expiresMs: (payload.exp ?? 0) * 1000 });
      return caller;
    },
  };
}

function authorityOrigin(authorityHost: string): string {
  const url = new URL(authorityHost);
  // Keys and issuers come from here: plain HTTP would let anyone on the path forge both.
  if (url.protocol !== 'https:') throw new Error(`The authority ${authorityHost} must use https.`);
  return url.origin;
}

const invalid = (description: string) => new AuthenticationError('invalid_token', description);

function bearerToken(header: string | undefined): string {
  const value = header?.trim() ?? '';
  if (value === '')
    throw new AuthenticationError(
      'missing_token',
      'The request has no Authorization header; send an Entra ID access token as a Bearer token.',
    );
  const [scheme, ...rest] = value.split(/ +/);
  // The scheme is case-insensitive (RFC 7235); other schemes are no credentials for us.
  if (scheme?.toLowerCase() !== 'bearer' || rest.length === 0)
    throw new AuthenticationError(
      'missing_token',
      'The Authorization header does not carry a Bearer token.',
    );
  const [token] = rest;
  if (rest.length !== 1 || token === undefined || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(token))
    throw invalid('The bearer token is not a JWT.');
  return token;
}

/** The header's `kid` and the payload's `tid`, read before any signature check. */
function peek(token: string): { kid: string; tid: string } {
  let header: ReturnType<typeof decodeProtectedHeader>;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(token);
    payload = decodeJwt(token);
  } catch {
    throw invalid('The bearer token is not a JWT.');
  }
  if (header.alg !== 'RS256') throw invalid('The token must be signed with RS256.');
  if (typeof header.kid !== 'string' || header.kid === '')
    throw invalid('The token does not name its signing key (kid).');
  const tid = payload['tid'];
  if (typeof tid !== 'string' || !guid.test(tid))
    throw invalid('The token has no tenant id (tid) GUID.');
  return { kid: header.kid, tid };
}

function verificationError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired) {
    return new AuthenticationError('token_expired', 'The token has expired.', { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const description =
      error.claim === 'nbf'
        ? 'The token is not valid yet.'
        : error.claim === 'iss'
          ? 'The token was not issued by its own tenant (issuer).'
          : error.claim === 'aud'
            ? "The token was not issued for Roster's API (audience)."
            : `The token's ${error.claim} claim is missing or invalid.`;
    return new AuthenticationError('invalid_token', description, { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new AuthenticationError('invalid_token', 'The token must be signed with RS256.', {
      cause: error,
    });
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new AuthenticationError('invalid_token', "The token's signature is not valid.", {
      cause: error,
    });
  }
  if (error instanceof errors.JOSEError) {
    return new AuthenticationError('invalid_token', 'The bearer token is not a valid JWT.', {
      cause: error,
    });
  }
  return error;
}

/** The caller of a token whose signature, issuer, audience and lifetime have been checked. */
function callerFrom(
  payload: JWTPayload,
  authority: string,
  keyIssuer: string | undefined,
  adminRoleIds: ReadonlySet<string>,
): Caller {
  const {
    iss,
    tid,
    oid,
    scp,
    wids,
    name,
    preferred_username: username,
  } = payload as Record<string, unknown>;
  if (typeof tid !== 'string' || typeof iss !== 'string' || issuerTenant(iss, authority) !== tid)
    throw invalid("The token's tenant (tid) is not its issuer's tenant.");
  // Entra publishes each key with the issuer it may sign for; honour that binding too.
  if (keyIssuer !== undefined && keyIssuer.replace('{tenantid}', tid) !== iss)
    throw invalid('The token was signed by a key that does not sign for its issuer.');
  if (typeof scp !== 'string' || !scp.split(' ').includes(requiredScope))
    throw new AuthenticationError(
      'insufficient_scope',
      `The token does not carry the ${requiredScope} scope: Roster's API accepts only user tokens issued for it.`,
    );
  if (typeof oid !== 'string' || !guid.test(oid))
    throw invalid('The token has no user object id (oid) GUID.');
  const roles = wids ?? [];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string'))
    throw invalid("The token's directory roles (wids) are not a list of role ids.");
  const userName = typeof username === 'string' ? username : '';
  return {
    tenantId: tid.toLowerCase(),
    userId: oid.toLowerCase(),
    name: typeof name === 'string' && name !== '' ? name : userName || oid,
    username: userName,
    roles,
    isAdmin: roles.some((role) => adminRoleIds.has(role.toLowerCase())),
  };
}

/** The `{tid}` of `${authority}/{tid}/v2.0`, or undefined for any other shape. */
function issuerTenant(iss: string, authority: string): string | undefined {
  const prefix = `${authority}/`;
  const suffix = '/v2.0';
  if (!iss.startsWith(prefix) || !iss.endsWith(suffix)) return undefined;
  const tenant = iss.slice(prefix.length, -suffix.length);
  return tenant.includes('/') ? undefined : tenant;
}

function fetchOver(agent: Agent): FetchJwks {
  return async (url) => {
    const response = await fetch(url, {
      dispatcher: agent,
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}.`);
    return JSON.parse(text) as unknown;
  };
}
