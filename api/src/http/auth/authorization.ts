import { AppError } from '../../app-error.js';
import type { Caller } from './access-token-validator.js';

/** Entra directory role template ids (the `wids` claim) and their display names. */
export const directoryRoleNames: Readonly<Record<string, string>> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
};

/**
 * The roles that may administer Roster by default: those that can grant the app tenant-wide
 * admin consent. User Administrator is deliberately absent: it manages users, not apps.
 */
export const defaultAdminRoleIds: readonly string[] = [
  '62e90394-69f5-4237-9190-012177145e10',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  '158c047a-c907-4556-b7ef-446551a6b5f7',
];

/**
 * The caller, if an admin (as the validator judged with its configured role ids); else a 403
 * naming the roles that would do. Pass the validator's `adminRoleIds` if not the defaults.
 */
export function requireAdmin(
  caller: Caller,
  adminRoleIds: readonly string[] = defaultAdminRoleIds,
): Caller {
  if (caller.isAdmin) return caller;
  throw new AppError(
    'not_admin',
    403,
    `Only admins can do this in Roster: ask for one of these Entra ID roles: ${listOf(adminRoleIds.map(roleName))}.`,
    { details: { requiredRoleIds: [...adminRoleIds] } },
  );
}

function roleName(id: string): string {
  return directoryRoleNames[id.toLowerCase()] ?? id;
}

function listOf(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
}
