import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { TenantSummary } from './types';

/** The linked tenant: its name, who linked it and when, and its schedule. */
export function useTenantSummary() {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.tenantSummary,
    queryFn: async () => (await client.request<TenantSummary>('/api/tenant')).data,
  });
}
