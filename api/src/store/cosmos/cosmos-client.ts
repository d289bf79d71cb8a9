import { CosmosClient } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';

/** Where Roster's Cosmos DB account is, and how to sign in to it. */
export interface CosmosClientConfig {
  readonly endpoint: string;
  /** An account key: for a local peer. Without one, Entra ID (managed identity in Azure). */
  readonly key?: string;
}

/**
 * A Cosmos client for Roster: the account key when given, else `DefaultAzureCredential`
 * (managed identity in Azure, the developer's sign-in locally), so production holds no
 * secret. The SDK retries throttled (429) requests itself, waiting as Cosmos asks.
 */
export function cosmosClient(config: CosmosClientConfig): CosmosClient {
  const local = isLoopback(config.endpoint);
  return new CosmosClient({
    endpoint: config.endpoint,
    ...(config.key === undefined
      ? { aadCredentials: new DefaultAzureCredential() }
      : { key: config.key }),
    userAgentSuffix: 'Roster',
    connectionPolicy: {
      // A peer on loopback has no regional endpoints to discover; asking for them fails.
      enableEndpointDiscovery: !local,
      // A sync is background work: waiting out throttling for up to a minute beats failing a
      // run (the defaults give up after 9 retries or 30 s).
      retryOptions: { maxRetryAttemptCount: 20, maxWaitTimeInSeconds: 60 },
    },
  });
}

function isLoopback(endpoint: string): boolean {
  const host = new URL(endpoint).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
