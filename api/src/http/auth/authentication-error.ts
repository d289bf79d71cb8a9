import { AppError } from '../../app-error.js';

/** Why a request's bearer token was refused; stable, for clients and logs. */
export type AuthenticationErrorCode =
  'missing_token' | 'invalid_token' | 'token_expired' | 'insufficient_scope';

/**
 * A refused bearer token, with the `WWW-Authenticate` challenge RFC 6750 asks for: no
 * error code when no token was sent, `invalid_token` (401) for a bad or expired one,
 * `insufficient_scope` (403) for a good token that was not issued for Roster's API.
 */
export class AuthenticationError extends AppError {
  declare readonly code: AuthenticationErrorCode;
  /** The value for the response's `WWW-Authenticate` header. */
  readonly wwwAuthenticate: string;

  constructor(code: AuthenticationErrorCode, description: string, options?: { cause?: unknown }) {
    super(code, code === 'insufficient_scope' ? 403 : 401, description, options);
    this.wwwAuthenticate = challenge(code, description);
  }
}

/** The resource's required scope, named in the `insufficient_scope` challenge. */
export const requiredScope = 'access_as_user';

function challenge(code: AuthenticationErrorCode, description: string): string {
  // RFC 6750 §3.1: a request without credentials gets a bare challenge, no error code.
  if (code === 'missing_token') return 'Bearer';
  const error = code === 'insufficient_scope' ? 'insufficient_scope' : 'invalid_token';
  const scope = code === 'insufficient_scope' ? `, scope="${requiredScope}"` : '';
  return `Bearer error="${error}", error_description="${quotable(description)}"${scope}`;
}

/** RFC 6750 allows printable ASCII except `"` and `\` inside error_description. */
function quotable(text: string): string {
  return text.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
}
