import { useInfiniteQuery } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { RunChange, RunChangePage } from './types';

/** A run's history, a page at a time; `kind` narrows it to one kind of change. */
export function useRunChanges(id: string, kind?: RunChange['kind']) {
  const client = useApiClient();
  return useInfiniteQuery({
    queryKey: queryKeys.runChanges(id, kind),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const query = new URLSearchParams({ limit: '100' });
      if (kind !== undefined) query.set('kind', kind);
      if (pageParam !== undefined) query.set('cursor', pageParam);
      const path = `/api/runs/${encodeURIComponent(id)}/changes?${query.toString()}`;
      return (await client.request<RunChangePage>(path)).data;
    },
    getNextPageParam: (last) => last.next ?? undefined,
  });
}
