import type { Container } from '@azure/cosmos';
import {
  StoreConflict,
  type LinkedTenant,
  type TenantAdmin,
  type TenantStore,
} from '../../ports/store.js';
import type { RosterContainers } from './cosmos-containers.js';
import { deleteItem, deleteItems, itemId, queryAll, sql, statusOf } from './cosmos-support.js';
import { compareStrings } from '../../domain/compare-strings.js';

interface TenantItem {
  readonly id: string;
  readonly tenantId: string;
  readonly displayName: string;
  readonly linkedAt: string;
  readonly settings: unknown;
  readonly linkedBy?: TenantAdmin | null;
  readonly version: number;
}

/**
 * Linked tenants, one item each. `version` is the port's optimistic concurrency; the item's
 * ETag is what makes a replace conditional, so two saves at one version cannot both win.
 */
export class CosmosTenantStore implements TenantStore {
  private readonly tenants: Container;

  constructor(private readonly containers: RosterContainers) {
    this.tenants = containers.tenants;
  }

  async get(tenantId: string): Promise<LinkedTenant | undefined> {
    const { resource } = await this.tenants.item(itemId(tenantId), tenantId).read<TenantItem>();
    return resource === undefined ? undefined : toTenant(resource);
  }

  async list(): Promise<LinkedTenant[]> {
    // Across partitions, but a deployment links tens of tenants, not thousands.
    const items = await queryAll<TenantItem>(this.tenants, sql('SELECT * FROM c', {}));
    return items
      .map(toTenant)
      .sort(
        (x, y) =>
          compareStrings(x.displayName, y.displayName) || compareStrings(x.tenantId, y.tenantId),
      );
  }

  async save(
    tenant: Omit<LinkedTenant, 'version'>,
    expectedVersion: number,
  ): Promise<LinkedTenant> {
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new RangeError(`expectedVersion must be an integer >= 0, got ${expectedVersion}`);
    }
    if (tenant.tenantId === '') throw new RangeError('A tenant needs a tenant id');
    const item: TenantItem = {
      id: itemId(tenant.tenantId),
      tenantId: tenant.tenantId,
      displayName: tenant.displayName,
      linkedAt: tenant.linkedAt,
      settings: tenant.settings ?? null,
      linkedBy:
        tenant.linkedBy === null
          ? null
          : { userId: tenant.linkedBy.userId, name: tenant.linkedBy.name },
      version: expectedVersion + 1,
    };
    if (expectedVersion === 0) {
      try {
        const { resource } = await this.tenants.items.create(item);
        return toTenant(resource ?? item);
      } catch (error) {
        if (statusOf(error) === 409) {
          throw new StoreConflict(`Tenant ${tenant.tenantId} is already linked`, { cause: error });
        }
        throw error;
      }
    }
    const stale = new StoreConflict(
      `Tenant ${tenant.tenantId} is not at version ${expectedVersion}`,
    );
    const ref = this.tenants.item(item.id, tenant.tenantId);
    const { resource: stored } = await ref.read<TenantItem>();
    if (stored?.version !== expectedVersion) throw stale;
    try {
      // If-Match on the ETag read with the version: whoever replaced it since made it stale.
      const { resource } = await ref.replace(item, {
        accessCondition: { type: 'IfMatch', condition: stored._etag },
      });
      return toTenant(resource ?? item);
    } catch (error) {
      const status = statusOf(error);
      if (status === 412 || status === 404) throw stale;
      throw error;
    }
  }

  async remove(tenantId: string): Promise<void> {
    // No transaction spans containers. The tenant record goes last, so a remove that fails
    // half way leaves the tenant linked and the admin can run it again; each step is
    // idempotent. All of a tenant's records sit in its partition, so each query is cheap.
    const { runChanges, runs, employees } = this.containers;
    for (const container of [runChanges, runs, employees]) await this.clear(container, tenantId);
    await this.unlink(tenantId);
  }

  async unlink(tenantId: string): Promise<void> {
    // The tenant record last, as in remove().
    const { deltaStates, leases, admins, conversations } = this.containers;
    await this.clear(admins, tenantId);
    await this.clear(conversations, tenantId);
    const id = itemId(tenantId);
    await deleteItem(deltaStates, id, tenantId);
    await deleteItem(leases, id, tenantId);
    await deleteItem(this.tenants, id, tenantId);
  }

  /** Deletes every item of the tenant's partition in a container. */
  private async clear(container: Container, tenantId: string): Promise<void> {
    const ids = await queryAll<string>(
      container,
      sql('SELECT VALUE c.id FROM c WHERE c.tenantId = @t', { t: tenantId }),
      { partitionKey: tenantId },
    );
    await deleteItems(container, tenantId, ids);
  }
}

function toTenant(item: TenantItem): LinkedTenant {
  const { tenantId, displayName, linkedAt, settings, linkedBy, version } = item;
  return { tenantId, displayName, linkedAt, settings, linkedBy: linkedBy ?? null, version };
}
