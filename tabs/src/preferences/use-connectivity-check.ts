import { useMutation } from '@tanstack/react-query';
import { useApiClient } from '../api/api-client-context';
import { connectivityReportSchema } from '../../../api/src/contracts/api.js';

/** Check Connectivity: every read a sync makes, step by step (`POST /api/tenant/connectivity`). */
export function useConnectivityCheck() {
  const client = useApiClient();
  return useMutation({
    mutationFn: async () =>
      (
        await client.request('/api/tenant/connectivity', {
          method: 'POST',
          schema: connectivityReportSchema,
        })
      ).data,
  });
}
