import type { EmulatedTenant, TenantRegistry } from '../directory/tenant-registry.js';
import type { GraphUser } from '../tenant/tenant-data.js';
import { consentingRoles } from './identity-context.js';
import { escapeHtml } from './html.js';

/** A user who can be picked on a sign-in or consent page. */
export interface Account {
  tenant: EmulatedTenant;
  user: GraphUser;
  roles: string[];
}

const roleNames: Record<string, string> = {
  '62e90394-69f5-4237-9190-012177145e10': 'Global Administrator',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3': 'Application Administrator',
  '158c047a-c907-4556-b7ef-446551a6b5f7': 'Cloud Application Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1': 'User Administrator',
};

/** Whether an account may grant consent for its whole tenant. */
export function canConsent(account: Account): boolean {
  return account.roles.some((role) => consentingRoles.has(role));
}

/**
 * The accounts offered for sign-in: every user holding a directory role, then the first
 * few plain members, so both admins and non-admins can be tried.
 */
export function offeredAccounts(tenants: readonly EmulatedTenant[], plainPerTenant = 3): Account[] {
  const accounts: Account[] = [];
  for (const tenant of tenants) {
    const { directory } = tenant;
    for (const [userId, roles] of directory.directoryRoles) {
      const record = directory.user(userId);
      if (record !== undefined && roles.length > 0)
        accounts.push({ tenant, user: record.user, roles });
    }
    let plain = 0;
    for (const record of directory.usersAfter(undefined)) {
      if (plain >= plainPerTenant) break;
      const enabled =
        record.user['accountEnabled'] !== false && record.user['userType'] !== 'Guest';
      if (!enabled || (directory.directoryRoles.get(record.user.id)?.length ?? 0) > 0) continue;
      accounts.push({ tenant, user: record.user, roles: [] });
      plain++;
    }
  }
  return accounts;
}

/** Finds a user of the given tenants by userPrincipalName. */
export function findAccount(tenants: readonly EmulatedTenant[], upn: string): Account | undefined {
  for (const tenant of tenants) {
    const record = tenant.directory.findUser(upn);
    if (record !== undefined) {
      return {
        tenant,
        user: record.user,
        roles: tenant.directory.directoryRoles.get(record.user.id) ?? [],
      };
    }
  }
  return undefined;
}

export function tenantsFor(
  registry: TenantRegistry,
  tenant: EmulatedTenant | undefined,
): EmulatedTenant[] {
  return tenant === undefined ? registry.all() : [tenant];
}

/** Radio buttons for choosing an account, each labelled with name, UPN and roles. */
export function accountChoices(
  accounts: readonly Account[],
  preselect: string | undefined,
): string {
  return `<ul class="accounts">${accounts
    .map((account, i) => {
      const upn = account.user.userPrincipalName;
      const name =
        typeof account.user['displayName'] === 'string' ? account.user['displayName'] : upn;
      const roles = account.roles.map((role) => roleNames[role] ?? role).join(', ') || 'Member';
      const checked =
        preselect === undefined ? i === 0 : upn.toLowerCase() === preselect.toLowerCase();
      return `<li><label><input type="radio" name="login" value="${escapeHtml(upn)}"${checked ? ' checked' : ''}> ${escapeHtml(name)} <span class="note">${escapeHtml(upn)} · ${escapeHtml(account.tenant.directory.displayName)} · ${escapeHtml(roles)}</span></label></li>`;
    })
    .join('\n')}</ul>`;
}
