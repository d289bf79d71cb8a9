import { defaultTenantSettings } from '../domain/settings.js';
import { AppError } from '../app-error.js';
import { DirectoryError, type DirectoryConnector } from '../ports/directory-source.js';
import type { Clock } from '../ports/clock.js';
import type { LinkedTenant, RosterStore, TenantAdmin } from '../ports/store.js';

export interface LinkDeps {
  readonly store: RosterStore;
  readonly directory: DirectoryConnector;
  readonly clock: Clock;
}

/**
 * Links a tenant (or re-checks a linked one): gets a token with client credentials, reads
 * the organization to prove the consent works and learn the tenant's name, then stores the
 * tenant, with default settings the first time. `by` is the admin who consented (none from
 * the CLI); relinking keeps who linked it first and when.
 */
export async function linkTenant(
  deps: LinkDeps,
  tenantId: string,
  by?: TenantAdmin,
): Promise<LinkedTenant> {
  let organization;
  try {
    organization = await deps.directory.connect(tenantId, { freshToken: true }).organization();
  } catch (error) {
    if (error instanceof DirectoryError && error.kind === 'not-authorized') {
      throw new AppError('consent_required', 403, `${error.message} Grant admin consent first.`, {
        cause: error,
      });
    }
    throw new AppError(
      'graph_unavailable',
      502,
      `Could not reach Microsoft Graph: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  if (organization.id.toLowerCase() !== tenantId.toLowerCase()) {
    // Never trust the tenant a caller names: Graph must agree.
    throw new AppError(
      'tenant_mismatch',
      409,
      `Graph answered for tenant ${organization.id}, not ${tenantId}.`,
    );
  }
  const existing = await deps.store.tenants.get(tenantId);
  return deps.store.tenants.save(
    {
      tenantId,
      displayName: organization.displayName,
      linkedAt: existing?.linkedAt ?? deps.clock.now().toISOString(),
      settings: existing?.settings ?? defaultTenantSettings(),
      linkedBy: existing?.linkedBy ?? by ?? null,
    },
    existing?.version ?? 0,
  );
}
