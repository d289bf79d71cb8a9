import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { SyncRun } from './types';

/** The tenant's most recent runs, newest first. */
export function useRuns(limit = 20) {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.runs(limit),
    queryFn: async () =>
      (await client.request<{ runs: SyncRun[] }>(`/api/runs?limit=${limit}`)).data.runs,
  });
}
