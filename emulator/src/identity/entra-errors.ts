import { randomUUID } from 'node:crypto';

/** An error of Entra's token endpoint: the OAuth error, the AADSTS code and its text. */
export interface EntraError {
  status: 400 | 401;
  error: string;
  code: number;
  message: string;
}

/** `2023-05-06 06:03:00Z`, the way Entra stamps its errors. */
function entraTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** The JSON body Entra answers with, `AADSTSnnnn: …` plus trace and correlation ids. */
export function entraErrorBody(
  error: EntraError,
  date: Date,
  correlationId: string | undefined,
): Record<string, unknown> {
  const traceId = randomUUID();
  const correlation = correlationId ?? randomUUID();
  const timestamp = entraTimestamp(date);
  return {
    error: error.error,
    error_description: `AADSTS${error.code}: ${error.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [error.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${error.code}`,
  };
}

/** The description alone, for errors returned to a redirect URI. */
export function entraErrorDescription(code: number, message: string, date: Date): string {
  return `AADSTS${code}: ${message}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${entraTimestamp(date)}`;
}

export const entraErrors = {
  tenantNotFound: (tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_tenant',
    code: 90002,
    message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  }),
  appNotInTenant: (clientId: string, tenant: string): EntraError => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    message: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
  }),
  invalidSecret: (clientId: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    message: `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
  }),
  missingCredential: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    message:
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  assertionSignature: (clientId: string, reason: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    message: `Client assertion contains an invalid signature. [Reason - ${reason}, Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
  }),
  assertionTime: (): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 700024,
    message: 'Client assertion is not within its valid time range.',
  }),
  assertionClaims: (detail: string): EntraError => ({
    status: 401,
    error: 'invalid_client',
    code: 50012,
    message: `Client assertion failed validation: ${detail}`,
  }),
  clientCredentialScope: (scope: string): EntraError => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    message: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  unknownResource: (resource: string, tenant: string): EntraError => ({
    status: 400,
    error: 'invalid_resource',
    code: 500011,
    message: `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  }),
  unsupportedGrant: (grant: string): EntraError => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    message: `The access grant '${grant}' is not supported.`,
  }),
  missingParameter: (name: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    message: `The request body must contain the following parameter: '${name}'.`,
  }),
  malformedGrant: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 9002313,
    message: 'Invalid request. Request is malformed or invalid.',
  }),
  codeExpired: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 70008,
    message:
      'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.',
  }),
  codeRedeemed: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 54005,
    message:
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
  }),
  pkceMismatch: (): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 501481,
    message:
      'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
  }),
  redirectMismatch: (given: string, expected: string): EntraError => ({
    status: 400,
    error: 'invalid_grant',
    code: 500112,
    message: `The reply address '${given}' does not match the reply address '${expected}' provided when requesting Authorization code.`,
  }),
  redirectNotRegistered: (uri: string, clientId: string): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 50011,
    message: `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
  }),
  tenantRequired: (): EntraError => ({
    status: 400,
    error: 'invalid_request',
    code: 900023,
    message:
      "Specified tenant identifier 'organizations' is neither a valid DNS name, nor a valid external domain. Client credentials need a tenant.",
  }),
} as const;
