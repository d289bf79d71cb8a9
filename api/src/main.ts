import { join } from 'node:path';
import type { RosterConfig } from './config.js';
import { GraphDirectoryConnector } from './graph/graph-directory-source.js';
import { MsalTokenProvider } from './graph/msal-token-provider.js';
import { trustingAgent } from './graph/trusting-agent.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { DirectoryConnector } from './ports/directory-source.js';
import type { RosterStore } from './ports/store.js';
import { openSqliteStore } from './store/sqlite/sqlite-roster-store.js';

/** Everything a Roster process runs on, wired once. */
export interface Roster {
  readonly config: RosterConfig;
  readonly store: RosterStore;
  readonly directory: DirectoryConnector;
  readonly clock: Clock;
  close(): Promise<void>;
}

/** The composition root: the one place adapters are chosen and wired to the core. */
export async function createRoster(config: RosterConfig): Promise<Roster> {
  const agent = trustingAgent(config.caFile);
  const tokens = new MsalTokenProvider(
    {
      authorityHost: config.authorityHost,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      graphResource: 'https://graph.microsoft.com',
    },
    agent,
  );
  const directory = new GraphDirectoryConnector(
    { graphBaseUrl: config.graphBaseUrl, pageSize: config.graphPageSize, retry: config.retry },
    tokens,
    agent,
  );
  const store = await openStore(config);
  return {
    config,
    store,
    directory,
    clock: systemClock,
    close: async () => {
      await store.close();
      await agent.close();
    },
  };
}

/** The store the configuration names: the embedded one by default, Cosmos DB in production. */
async function openStore(config: RosterConfig): Promise<RosterStore> {
  if (config.store.kind === 'embedded') return openSqliteStore({ dataDir: join(config.dataDir) });
  const { endpoint, key, database } = config.store;
  // Loaded only when chosen: the Azure SDKs cost tens of megabytes an embedded run never uses.
  const { cosmosClient } = await import('./store/cosmos/cosmos-client.js');
  const { openCosmosStore } = await import('./store/cosmos/cosmos-roster-store.js');
  return openCosmosStore({
    client: cosmosClient({ endpoint, ...(key === undefined ? {} : { key }) }),
    databaseId: database,
    // Only a local peer, reached with a key, may create what production declares in Bicep.
    createIfMissing: key !== undefined,
    runHistoryDays: config.runHistoryDays,
  });
}
