import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { SyncRun, SyncStatus } from './types';

/** Sync Now: starts a run (or joins the one going on) and refreshes everything about the tenant. */
export function useSyncNow() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () =>
      (await client.request<{ run: SyncRun }>('/api/sync', { method: 'POST', body: {} })).data.run,
    // The answer is the running run: progress shows at once, before the next status poll.
    onSuccess: (run) =>
      queryClient.setQueryData<SyncStatus>(queryKeys.syncStatus, (status) =>
        status === undefined
          ? status
          : { ...status, running: run.status === 'running', run, progress: null },
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tenant'] }),
  });
}
