import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { SyncStatus } from './types';

/** The latest run, its live progress and the next scheduled run; polled while a run goes on. */
export function useSyncStatus() {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.syncStatus,
    queryFn: async () => (await client.request<SyncStatus>('/api/sync/status')).data,
    refetchInterval: (query) => (query.state.data?.running === true ? 1000 : 30_000),
  });
}
