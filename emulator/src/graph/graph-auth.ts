import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { SigningKeys } from '../identity/signing-keys.js';

/** Audiences Graph accepts: its URI and its application id. */
export const graphAudiences = [
  'https://graph.microsoft.com',
  '00000003-0000-0000-c000-000000000000',
];

/** Sent with every Graph 401, as Graph sends it. */
export const graphWwwAuthenticate =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/** The caller a valid Graph token describes. */
export interface GraphCaller {
  tenantId: string;
  appId: string;
  /** Application permissions (app-only tokens) or delegated scopes (user tokens). */
  permissions: Set<string>;
}

export type AuthResult =
  { ok: true; caller: GraphCaller } | { ok: false; status: 401; code: string; message: string };

const invalidToken = (message: string): AuthResult => ({
  ok: false,
  status: 401,
  code: 'InvalidAuthenticationToken',
  message,
});

/** Validates a bearer token the way Graph does: signature, lifetime, audience, then claims. */
export async function authenticateGraphCaller(
  authorization: string | undefined,
  keys: SigningKeys,
  now: Date,
): Promise<AuthResult> {
  const match = /^Bearer\s+(.*)$/i.exec(authorization ?? '');
  const token = match?.[1]?.trim() ?? '';
  if (token === '') return invalidToken('Access token is empty.');
  if (token.split('.').length !== 3) {
    return invalidToken(
      "IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EncodedPayload.EncodedSignature'. (JWE): 'EncodedProtectedHeader.EncodedEncryptedKey.EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'.",
    );
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, createLocalJWKSet(keys.jwks()), {
      algorithms: ['RS256'],
      currentDate: now,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return invalidToken('Lifetime validation failed, the token is expired.');
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
      return invalidToken('The token is not yet valid.');
    }
    return invalidToken('Access token validation failure.');
  }
  if (typeof payload.aud !== 'string' || !graphAudiences.includes(payload.aud)) {
    return invalidToken('Access token validation failure. Invalid audience.');
  }
  const tenantId = typeof payload['tid'] === 'string' ? payload['tid'] : undefined;
  const appId = typeof payload['appid'] === 'string' ? payload['appid'] : payload['azp'];
  if (tenantId === undefined || typeof appId !== 'string') {
    return invalidToken('Access token validation failure.');
  }
  const roles = Array.isArray(payload['roles'])
    ? payload['roles'].filter((r) => typeof r === 'string')
    : [];
  const scopes = typeof payload['scp'] === 'string' ? payload['scp'].split(' ') : [];
  return { ok: true, caller: { tenantId, appId, permissions: new Set([...roles, ...scopes]) } };
}
