import { useQuery } from '@tanstack/react-query';
import { useApiClient } from './api-client-context';
import { queryKeys } from './query-keys';
import type { EmployeeDetails } from './types';

/** One employee with its email source, aliases and why Roster includes them. */
export function useEmployee(id: string | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: queryKeys.employee(id ?? ''),
    enabled: id !== undefined,
    queryFn: async () =>
      (await client.request<EmployeeDetails>(`/api/employees/${encodeURIComponent(id ?? '')}`))
        .data,
  });
}
