import type { CosmosClient } from '@azure/cosmos';
import type { RosterStore } from '../../ports/store.js';
import { CosmosAdminStore } from './cosmos-admin-store.js';
import { openContainers } from './cosmos-containers.js';
import { CosmosConversationStore } from './cosmos-conversation-store.js';
import { CosmosDeltaStateStore } from './cosmos-delta-state-store.js';
import { CosmosEmployeeStore } from './cosmos-employee-store.js';
import { CosmosLeaseStore } from './cosmos-lease-store.js';
import { CosmosRunStore } from './cosmos-run-store.js';
import { CosmosTenantStore } from './cosmos-tenant-store.js';

/** Which account and database the Cosmos store uses. */
export interface CosmosStoreOptions {
  /** The store owns it from here: `close()` disposes it. See `cosmosClient()`. */
  readonly client: CosmosClient;
  readonly databaseId: string;
  /** Create the database and containers if missing (local peer, dev); else they must exist. */
  readonly createIfMissing?: boolean;
  /** Days Cosmos keeps run history by TTL when nothing prunes it; 90 unless given. */
  readonly runHistoryDays?: number;
}

/** Opens the Cosmos DB store, checking (or creating) its containers. */
export async function openCosmosStore(options: CosmosStoreOptions): Promise<RosterStore> {
  const days = options.runHistoryDays ?? 90;
  if (!Number.isInteger(days) || days < 1) {
    throw new RangeError(`runHistoryDays must be a positive integer, got ${days}`);
  }
  const containers = await openContainers(
    options.client,
    options.databaseId,
    options.createIfMissing ?? false,
  );
  return {
    tenants: new CosmosTenantStore(containers),
    admins: new CosmosAdminStore(containers.admins),
    conversations: new CosmosConversationStore(containers.conversations),
    employees: new CosmosEmployeeStore(containers.employees),
    runs: new CosmosRunStore(containers, days * 86_400),
    deltas: new CosmosDeltaStateStore(containers.deltaStates),
    leases: new CosmosLeaseStore(containers.leases),
    close: () => {
      options.client.dispose();
      return Promise.resolve();
    },
  };
}
