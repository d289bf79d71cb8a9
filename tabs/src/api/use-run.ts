import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { SyncRun } from './types';

/** One run; polled while it is still running. */
export function useRun(id: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.run(id),
    queryFn: async () =>
      (await client.request<{ run: SyncRun }>(`/api/runs/${encodeURIComponent(id)}`)).data.run,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1500 : false),
  });
}
