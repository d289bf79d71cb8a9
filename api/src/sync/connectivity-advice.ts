import { DirectoryError } from '../ports/directory-source.js';

/**
 * What an admin reads when Roster cannot reach a tenant's directory: which permission is
 * missing and what to do, in the words of the tab (Preferences › Integration › Entra ID).
 * Pure: every answer is made from the error alone.
 */

/** Where an admin grants Roster's permissions again. */
export const linkAgain = 'Preferences › Integration › Entra ID › Link Entra ID Account';

/** A failure as Check Connectivity and the lookups show it. */
export interface Advice {
  readonly detail: string;
  readonly permission?: string;
  readonly fix: string;
}

/** Entra ID's answers for a tenant where Roster has no service principal, or no consent. */
const noConsentCodes = new Set([
  'AADSTS700016', // application not found in the directory: never consented, or removed
  'AADSTS65001', // the user or administrator has not consented
  'AADSTS500011', // resource principal not found: consent never completed
  'AADSTS7000112', // the application is disabled in the tenant
  'AADSTS7000229', // no service principal for the application in the tenant
]);

/** Entra ID's answers when Roster's own credential is wrong or expired: the operator's to fix. */
const credentialCodes = new Set([
  'AADSTS7000215', // invalid client secret
  'AADSTS7000222', // expired client secret
  'AADSTS700027', // certificate assertion signed with an unknown key
  'AADSTS700024', // certificate assertion outside its valid time
]);

/** Graph's codes for a request the token's permissions do not cover. */
const deniedCodes = new Set(['Authorization_RequestDenied', 'ErrorAccessDenied', 'Forbidden']);

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Why Entra ID issued no token, and who can fix it. */
export function signInAdvice(error: unknown): Advice {
  const code = error instanceof DirectoryError ? (error.code ?? '') : '';
  if (noConsentCodes.has(code) || code === 'unauthorized_client') {
    return {
      detail: `Entra ID has no admin consent for Roster in this tenant (${code}): it was never granted, or an administrator removed Roster from Enterprise applications.`,
      fix: `A Global Administrator or Privileged Role Administrator (only they can consent to Microsoft Graph application permissions) links the tenant again: ${linkAgain}, and ticks Consent on behalf of your organization.`,
    };
  }
  if (credentialCodes.has(code) || code === 'invalid_client') {
    return {
      detail: `Entra ID refused Roster's own credential (${code}).`,
      fix: "Roster's client secret or certificate is wrong or has expired; whoever runs Roster renews it. Nothing in the tenant needs to change.",
    };
  }
  if (code === 'AADSTS90002' || code === 'invalid_tenant') {
    return {
      detail: `Entra ID does not know this tenant (${code}).`,
      fix: `Check that the tenant still exists, then link it again: ${linkAgain}.`,
    };
  }
  if (error instanceof DirectoryError && error.kind === 'unavailable') {
    return {
      detail: message(error),
      fix: 'Entra ID did not answer in time. Try again in a few minutes; if it keeps failing, check Microsoft 365 service health.',
    };
  }
  return {
    detail: message(error),
    fix: `Try again; if it keeps failing, link the tenant again: ${linkAgain}.`,
  };
}

/**
 * Why a Graph read failed. A refusal names `permission`, the least privileged application
 * permission the read needs; `granted` (the token's roles, when readable) says what it had.
 */
export function readAdvice(
  error: unknown,
  permission: string,
  granted: readonly string[] | undefined,
): Advice {
  if (error instanceof DirectoryError && error.kind === 'not-authorized') {
    if (error.code !== undefined && deniedCodes.has(error.code)) {
      const had =
        granted === undefined
          ? ''
          : granted.length === 0
            ? ' The token Entra ID issued carries no application permissions at all.'
            : ` The token Entra ID issued carries ${granted.join(', ')}.`;
      return {
        detail: `Microsoft Graph refused the read (${error.code}): Roster lacks the ${permission} application permission in this tenant.${had}`,
        permission,
        fix: `An administrator grants ${permission} by linking the tenant again: ${linkAgain}, and accepting the permissions on behalf of the organization. If it is still missing afterwards, Roster's app registration does not request it: tell whoever runs Roster.`,
      };
    }
    // A 401 after a fresh token, or a refused sign-in midway: consent went away.
    return signInAdvice(error);
  }
  if (error instanceof DirectoryError && error.kind === 'unavailable') {
    return {
      detail: message(error),
      fix: 'Microsoft Graph is busy or unavailable. Try again in a few minutes; if it keeps failing, check Microsoft 365 service health.',
    };
  }
  return {
    detail: message(error),
    fix: 'Try again; if it keeps failing, tell whoever runs Roster, with the time of the check.',
  };
}
