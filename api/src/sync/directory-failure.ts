import { AppError } from '../app-error.js';
import { DirectoryError } from '../ports/directory-source.js';
import { readAdvice } from './connectivity-advice.js';

/**
 * A Graph failure of an admin's lookup as the API answers it: a refusal names the missing
 * permission and the fix (403), anything else is Graph's fault (502). Other errors pass as they are.
 */
export function directoryFailure(error: unknown, what: string, permission: string): unknown {
  if (!(error instanceof DirectoryError)) return error;
  const advice = readAdvice(error, permission, undefined);
  if (error.kind === 'not-authorized') {
    const code = advice.permission === undefined ? 'consent_required' : 'permission_missing';
    return new AppError(code, 403, `Roster could not read ${what}: ${advice.detail}`, {
      cause: error,
      details: { ...(advice.permission === undefined ? {} : { permission }), fix: advice.fix },
    });
  }
  return new AppError(
    error.kind === 'unavailable' ? 'graph_unavailable' : 'graph_rejected',
    502,
    `Roster could not read ${what}: ${advice.detail}`,
    { cause: error, details: { fix: advice.fix } },
  );
}
