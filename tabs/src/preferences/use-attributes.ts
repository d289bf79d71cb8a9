import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/api-client-context';
import { attributesResponseSchema } from '../../../api/src/contracts/api.js';

/** The attributes fields and rules can map: the catalog and the tenant's extensions. */
export function useAttributes(enabled = true) {
  const client = useApiClient();
  return useQuery({
    queryKey: ['preferences', 'attributes'],
    queryFn: async () =>
      (await client.request('/api/attributes', { schema: attributesResponseSchema })).data,
    enabled,
    staleTime: 5 * 60_000,
  });
}
