import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../api/api-client-context';
import { attributesResponseSchema } from '../../../api/src/contracts/api.js';
import type { AttributesSource } from './attribute-picker-dialog';

/**
 * The attributes fields and rules can map (the catalog and the tenant's extensions), in
 * the shape the attribute pickers take.
 */
export function useAttributes(enabled = true): AttributesSource {
  const client = useApiClient();
  const query = useQuery({
    queryKey: ['preferences', 'attributes'],
    queryFn: async () =>
      (await client.request('/api/attributes', { schema: attributesResponseSchema })).data,
    enabled,
    staleTime: 5 * 60_000,
  });
  return {
    data: query.data,
    isLoading: query.isLoading,
    error: query.error,
    retry: () => void query.refetch(),
  };
}
