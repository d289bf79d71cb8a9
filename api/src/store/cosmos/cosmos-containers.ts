import type { Container, ContainerDefinition, CosmosClient, IndexingPolicy } from '@azure/cosmos';
import { statusOf } from './cosmos-support.js';

/**
 * Roster's containers. Every one is partitioned by `/tenantId`: a tenant's records share one
 * logical partition, so its employees can be written in transactional batches and every
 * query of one tenant stays in one partition. A new kind of record is one more entry here.
 */
export type ContainerName =
  | 'tenants'
  | 'admins'
  | 'conversations'
  | 'employees'
  | 'runs'
  | 'runChanges'
  | 'deltaStates'
  | 'leases';

export type RosterContainers = Readonly<Record<ContainerName, Container>>;

const partitionKey = { paths: ['/tenantId'] };

/** Point reads and writes only: index nothing, so writes cost the fewest RUs. */
const pointOnly: IndexingPolicy = {
  indexingMode: 'consistent',
  automatic: true,
  includedPaths: [],
  excludedPaths: [{ path: '/*' }],
};

/** Indexes just the given paths; the records' bodies are never queried, so never indexed. */
function indexOnly(
  paths: readonly string[],
  compositeIndexes?: IndexingPolicy['compositeIndexes'],
) {
  return {
    indexingMode: 'consistent',
    automatic: true,
    includedPaths: paths.map((path) => ({ path })),
    excludedPaths: [{ path: '/*' }],
    ...(compositeIndexes === undefined ? {} : { compositeIndexes }),
  } satisfies IndexingPolicy;
}

/** What `createIfMissing` creates; infrastructure as code should declare the same. */
export const containerDefinitions: Readonly<Record<ContainerName, ContainerDefinition>> = {
  tenants: { id: 'tenants', partitionKey, indexingPolicy: pointOnly },
  // list() reads a tenant's partition.
  admins: { id: 'admins', partitionKey, indexingPolicy: indexOnly(['/tenantId/?']) },
  // list() reads a tenant's partition, as for admins.
  conversations: {
    id: 'conversations',
    partitionKey,
    indexingPolicy: indexOnly(['/tenantId/?']),
  },
  // hashes(), hashesOf() and getMany() filter on employeeId; page() orders by sortKey and
  // searches search.
  employees: {
    id: 'employees',
    partitionKey,
    indexingPolicy: indexOnly(['/tenantId/?', '/employeeId/?', '/sortKey/?', '/search/?']),
  },
  // list() orders by start then id (the composite index serves it); prune() filters on
  // startedMs across tenants. TTL is on but set per item: see CosmosRunStore.
  runs: {
    id: 'runs',
    partitionKey,
    defaultTtl: -1,
    indexingPolicy: indexOnly(
      ['/tenantId/?', '/runId/?', '/startedMs/?'],
      [
        [
          { path: '/startedMs', order: 'descending' },
          { path: '/runId', order: 'descending' },
        ],
      ],
    ),
  },
  // changes() filters on runId (and kinds) and orders by runId then seq.
  runChanges: {
    id: 'runChanges',
    partitionKey,
    defaultTtl: -1,
    indexingPolicy: indexOnly(
      ['/tenantId/?', '/runId/?', '/seq/?', '/kinds/[]/?'],
      [
        [
          { path: '/runId', order: 'ascending' },
          { path: '/seq', order: 'ascending' },
        ],
      ],
    ),
  },
  deltaStates: { id: 'deltaStates', partitionKey, indexingPolicy: pointOnly },
  leases: { id: 'leases', partitionKey, indexingPolicy: pointOnly },
};

const names = Object.keys(containerDefinitions) as ContainerName[];

/**
 * The store's containers in `databaseId`. With `createIfMissing` the database and containers
 * are created as defined here (an existing container keeps its settings); without it they
 * must exist, as they do when infrastructure as code made them and Roster's identity has
 * data-plane rights only (Entra ID data-plane roles cannot create containers).
 */
export async function openContainers(
  client: CosmosClient,
  databaseId: string,
  createIfMissing: boolean,
): Promise<RosterContainers> {
  if (createIfMissing) {
    const { database } = await client.databases.createIfNotExists({ id: databaseId });
    const created = await Promise.all(
      names.map(
        async (name) =>
          [
            name,
            (await database.containers.createIfNotExists(containerDefinitions[name])).container,
          ] as const,
      ),
    );
    return Object.fromEntries(created) as Record<ContainerName, Container>;
  }
  const database = client.database(databaseId);
  const problems: string[] = [];
  const found = await Promise.all(
    names.map(async (name) => {
      const container = database.container(name);
      const definition = await readDefinition(container);
      if (definition === undefined) problems.push(`container ${name} is missing`);
      else if (definition.partitionKey?.paths.join() !== '/tenantId') {
        problems.push(`container ${name} is not partitioned by /tenantId`);
      }
      return [name, container] as const;
    }),
  );
  if (problems.length > 0) {
    throw new Error(
      `Cosmos database ${databaseId} is not ready for Roster: ${problems.join('; ')}`,
    );
  }
  return Object.fromEntries(found) as Record<ContainerName, Container>;
}

async function readDefinition(container: Container): Promise<ContainerDefinition | undefined> {
  try {
    return (await container.read()).resource;
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw error;
  }
}
