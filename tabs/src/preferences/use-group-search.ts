import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/api-client-context';
import { groupSearchResponseSchema } from '../../../api/src/contracts/api.js';

/** Entra groups whose display name starts with `search` (`GET /api/groups`). */
export function useGroupSearch(search: string, limit = 25, enabled = true) {
  const client = useApiClient();
  const text = search.trim();
  return useQuery({
    queryKey: ['preferences', 'groups', text, limit],
    queryFn: async () => {
      const query = new URLSearchParams({ search: text, limit: String(limit) });
      return (
        await client.request(`/api/groups?${query.toString()}`, {
          schema: groupSearchResponseSchema,
        })
      ).data.groups;
    },
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}
