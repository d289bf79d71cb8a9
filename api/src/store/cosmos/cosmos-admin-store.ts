import type { Container } from '@azure/cosmos';
import type { AdminStore, RecordedAdmin } from '../../ports/store.js';
import { deleteItem, itemId, queryAll, sql } from './cosmos-support.js';
import { compareStrings } from '../../domain/compare-strings.js';

type AdminItem = RecordedAdmin & { readonly id: string; readonly tenantId: string };

/** The admins who used Roster: one item per admin in the tenant's partition. */
export class CosmosAdminStore implements AdminStore {
  constructor(private readonly admins: Container) {}

  async record(tenantId: string, admin: RecordedAdmin): Promise<void> {
    const { userId, name, lastSeenAt } = admin;
    if (userId === '') throw new RangeError('An admin needs a user id');
    const item: AdminItem = { id: itemId(userId), tenantId, userId, name, lastSeenAt };
    await this.admins.items.upsert(item);
  }

  async get(tenantId: string, userId: string): Promise<RecordedAdmin | undefined> {
    if (userId === '') return undefined;
    const { resource } = await this.admins.item(itemId(userId), tenantId).read<AdminItem>();
    return resource === undefined ? undefined : toAdmin(resource);
  }

  async list(tenantId: string): Promise<RecordedAdmin[]> {
    const items = await queryAll<AdminItem>(
      this.admins,
      sql('SELECT * FROM c WHERE c.tenantId = @t', { t: tenantId }),
      { partitionKey: tenantId },
    );
    // Sorted here: a tenant has a handful of admins, and ORDER BY would need one more index.
    return items
      .map(toAdmin)
      .sort((x, y) => compareStrings(x.name, y.name) || compareStrings(x.userId, y.userId));
  }

  async remove(tenantId: string, userId: string): Promise<void> {
    if (userId !== '') await deleteItem(this.admins, itemId(userId), tenantId);
  }
}

function toAdmin(item: AdminItem): RecordedAdmin {
  return { userId: item.userId, name: item.name, lastSeenAt: item.lastSeenAt };
}
