import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { Me } from './types';

/**
 * Who the signed-in user is and whether their tenant is linked. While it is not, Roster asks
 * again every few seconds: linking completes in a popup, outside this page's control.
 */
export function useMe() {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: async () => (await client.request<Me>('/api/me')).data,
    refetchInterval: (query) => (query.state.data?.tenantLinked === false ? 3000 : false),
  });
}
