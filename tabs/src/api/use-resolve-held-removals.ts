import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import type { SyncRun } from './types';

/** Confirm removals (remove the held employees now) or Discard (keep them) for a held run. */
export function useResolveHeldRemovals() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { runId: string; action: 'confirm' | 'discard' }) =>
      (
        await client.request<{ run: SyncRun }>(
          `/api/runs/${encodeURIComponent(input.runId)}/removals/${input.action}`,
          { method: 'POST', body: {} },
        )
      ).data.run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['tenant'] }),
  });
}
