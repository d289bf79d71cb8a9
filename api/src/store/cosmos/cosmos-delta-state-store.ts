import type { Container } from '@azure/cosmos';
import type { DeltaState, DeltaStateStore } from '../../ports/store.js';
import { deleteItem, itemId } from './cosmos-support.js';

type DeltaItem = DeltaState & { readonly id: string; readonly tenantId: string };

/** One delta link per tenant: an item whose id is the tenant's. */
export class CosmosDeltaStateStore implements DeltaStateStore {
  constructor(private readonly deltaStates: Container) {}

  async get(tenantId: string): Promise<DeltaState | undefined> {
    const { resource } = await this.deltaStates.item(itemId(tenantId), tenantId).read<DeltaItem>();
    if (resource === undefined) return undefined;
    const { deltaLink, fingerprint, savedAt } = resource;
    return { deltaLink, fingerprint, savedAt };
  }

  async save(tenantId: string, state: DeltaState): Promise<void> {
    const { deltaLink, fingerprint, savedAt } = state;
    const item: DeltaItem = { id: itemId(tenantId), tenantId, deltaLink, fingerprint, savedAt };
    await this.deltaStates.items.upsert(item);
  }

  async clear(tenantId: string): Promise<void> {
    await deleteItem(this.deltaStates, itemId(tenantId), tenantId);
  }
}
